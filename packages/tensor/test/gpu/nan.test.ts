/**
 * NaN handling agrees with the cpu backend (torch semantics): max/min/maximum/minimum
 * propagate NaN, argmax/argmin point at the first NaN, sums and products become NaN. GLSL
 * leaves NaN comparisons to the driver, so the kernels test `v != v` explicitly.
 */
import { afterAll, expect, test } from 'vitest';
import { cpu, disposePairs, expectSame, gpuUnderTest, pairOf } from './harness.js';
const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));
test.each([['max'], ['min'], ['argmax'], ['argmin'], ['sum'], ['prod']] as const)(
  'reduce %s with NaN',
  (op) => {
    const x = pairOf(gpu, [1, NaN, 3, 2, 5, 4, NaN, 0, 7], 'float32', [3, 3], [3, 1], 0);
    const out = op.startsWith('arg') ? 'int32' : 'float32';
    expectSame(gpu, gpu.reduce(op, x.gpu, [1], out), cpu.reduce(op, x.cpu, [1], out), [3], {
      rtol: 0,
      atol: 0,
    });
    expectSame(gpu, gpu.reduce(op, x.gpu, [0], out), cpu.reduce(op, x.cpu, [0], out), [3], {
      rtol: 0,
      atol: 0,
    });
    disposePairs(gpu, x);
  },
);
test.each([['maximum'], ['minimum']] as const)('%s with NaN', (op) => {
  const a = pairOf(gpu, [1, NaN, 3, NaN], 'float32', [4], [1], 0);
  const b = pairOf(gpu, [NaN, 2, 1, NaN], 'float32', [4], [1], 0);
  expectSame(
    gpu,
    gpu.binary(op, a.gpu, b.gpu, 'float32'),
    cpu.binary(op, a.cpu, b.cpu, 'float32'),
    [4],
    { rtol: 0, atol: 0 },
  );
  disposePairs(gpu, a, b);
});
