/**
 * Reductions and cumsum against the cpu backend on random strided views, including reductions
 * longer than one kernel loop (two-pass path). Sums accumulate in float32 on the gpu and in
 * float64 on the cpu: rtol 1e-5 plus atol 1e-5 per sqrt(count) of reduced elements.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { REDUCE_OPS, type ReduceOp } from '../../src/backend/backend.js';
import { MAX_LOOP } from '../../src/backend/gpu/gpu-runtime.js';
import { cpu, disposePairs, expectSame, gpuUnderTest, randomPair, rng } from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

const CASES: [number[], number[]][] = [
  [[6], [0]],
  [[3, 4], [1]],
  [[3, 4], [0]],
  [
    [3, 4],
    [0, 1],
  ],
  [
    [2, 3, 4],
    [0, 2],
  ],
  [
    [2, 3, 4, 2],
    [1, 3],
  ],
  [[2, 1, 3, 2, 2], [2]],
];

const outShape = (shape: number[], axes: number[]): number[] =>
  shape.filter((_, d) => !axes.includes(d));

describe('reduce', () => {
  test.each(REDUCE_OPS.map((op) => [op]))('%s over random strided views', (op: ReduceOp) => {
    const random = rng(op.length * 31);
    const arg = op === 'argmax' || op === 'argmin';
    for (const [shape, axes] of CASES) {
      for (const axisSet of arg ? axes.map((a) => [a]) : [axes]) {
        // Few distinct values so that ties (first index wins) really happen.
        const x = randomPair(gpu, random, shape, 'float32', 'strided', (n) =>
          Array.from({ length: n }, () => (arg ? Math.floor(random() * 4) : random() * 2 - 1)),
        );
        const out = arg ? 'int32' : 'float32';
        expectSame(
          gpu,
          gpu.reduce(op, x.gpu, axisSet, out),
          cpu.reduce(op, x.cpu, axisSet, out),
          outShape(shape, axisSet),
          {
            rtol: 1e-5,
            atol: 1e-5,
          },
        );
        disposePairs(gpu, x);
      }
    }
  });

  test('sum of int32 and of bool give exact int32', () => {
    const random = rng(2);
    for (const dtype of ['int32', 'bool'] as const) {
      const x = randomPair(gpu, random, [3, 5], dtype);
      expectSame(
        gpu,
        gpu.reduce('sum', x.gpu, [1], 'int32'),
        cpu.reduce('sum', x.cpu, [1], 'int32'),
        [3],
        { rtol: 0, atol: 0 },
      );
      disposePairs(gpu, x);
    }
  });

  test.each([['sum'], ['max'], ['argmax'], ['argmin']] as const)(
    '%s over more elements than one loop runs (two passes)',
    (op) => {
      const random = rng(99);
      const n = MAX_LOOP * 2 + 37;
      // A unique extreme near the end proves that late chunks are read.
      const x = randomPair(gpu, random, [2, n], 'float32', 'contiguous', (size) => {
        const v = Array.from({ length: size }, () => random() * 2 - 1);
        v[n - 5] = 3;
        v[n + n - 7] = -3;
        return v;
      });
      const out = op.startsWith('arg') ? 'int32' : 'float32';
      expectSame(gpu, gpu.reduce(op, x.gpu, [1], out), cpu.reduce(op, x.cpu, [1], out), [2], {
        rtol: 1e-5,
        atol: 2e-4,
      });
      disposePairs(gpu, x);
    },
  );

  test('sum over an empty axis is 0; max over one is an error', () => {
    const x = gpu.upload([], 'float32');
    const view = { data: x, shape: [2, 0], strides: [0, 1], offset: 0 };
    const s = gpu.reduce('sum', view, [1], 'float32');
    expect(Array.from(gpu.download({ data: s, shape: [2], strides: [1], offset: 0 }))).toEqual([
      0, 0,
    ]);
    expect(() => gpu.reduce('max', view, [1], 'float32')).toThrow(/max of zero elements/);
    gpu.dispose(s);
    gpu.dispose(x);
  });
});

describe('cumsum', () => {
  test.each([
    [[7], 0],
    [[3, 4], 1],
    [[3, 4], 0],
    [[2, 3, 4], 1],
  ] as const)('shape %j along %i on random views', (shape, axis) => {
    const random = rng(7);
    for (const dtype of ['float32', 'int32'] as const) {
      const x = randomPair(gpu, random, shape, dtype);
      expectSame(gpu, gpu.cumsum(x.gpu, axis, dtype), cpu.cumsum(x.cpu, axis, dtype), shape, {
        rtol: 1e-5,
        atol: 1e-5,
      });
      disposePairs(gpu, x);
    }
  });
});
