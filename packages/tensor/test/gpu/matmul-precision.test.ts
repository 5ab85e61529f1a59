/**
 * float32 matmul precision (see `matmul-precision-cases.ts`) on the gpu backend. Under
 * `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` the backend must be real headless GL, whose shader
 * compiler is the one that could optimise the Kahan compensation away; elsewhere gpu.js runs
 * in its WebAssembly mode.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { getBackend, gpuAvailability, memory, setBackend } from '../../src/index.js';
import { matmulPrecision } from '../matmul-precision-cases.js';
import { requireGl } from './harness.js';

const gpu = gpuAvailability();
if (!gpu.available && requireGl) {
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);
}

describe.runIf(gpu.available)('gpu', () => {
  let buffersBefore = 0;
  beforeAll(() => {
    setBackend('gpu');
    if (requireGl) expect(gpu.mode).toBe('headlessgl');
    buffersBefore = memory().buffers;
  });
  afterAll(() => {
    expect(getBackend().name).toBe('gpu');
    // Everything the tests made was freed inside tidy.
    expect(memory().buffers).toBe(buffersBefore);
    setBackend('cpu');
  });
  matmulPrecision();
});
