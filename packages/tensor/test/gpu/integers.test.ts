/**
 * Integer semantics (see `integer-cases.ts`) on the gpu backend: the same answers and the same
 * errors as on the cpu. Under `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` the backend must be real
 * headless GL; elsewhere gpu.js runs in its WebAssembly mode.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { getBackend, gpuAvailability, memory, setBackend } from '../../src/index.js';
import { integerSemantics } from '../integer-cases.js';
import { requireGl } from './harness.js';

const gpu = gpuAvailability();
if (!gpu.available && requireGl) {
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);
}

if (gpu.available) {
  let buffersBefore = 0;
  beforeAll(() => {
    setBackend('gpu');
    if (requireGl) expect(gpu.mode).toBe('headlessgl');
    buffersBefore = memory().buffers;
  });
  afterAll(() => {
    expect(getBackend().name).toBe('gpu');
    setBackend('cpu');
    expect(memory().buffers).toBeGreaterThanOrEqual(buffersBefore);
  });
  integerSemantics('gpu');
} else {
  console.warn(`[tensor gpu integer tests] skipped: ${gpu.reason}`);
}
