/**
 * gather, scatterAdd, setSlice and sort (a cpu hand-off) against the cpu backend, with random
 * strided views for data and indices. These move values without arithmetic (scatterAdd sums
 * float32, atol 1e-6), so most comparisons are exact.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { cpu, disposePairs, expectSame, gpuUnderTest, randomPair, rng } from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

const intsBelow = (random: () => number, bound: number) => (n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * bound));

describe('gather', () => {
  test.each([
    [[5], [7], 0],
    [[3, 4], [3, 6], 1],
    [[3, 4], [2, 4], 0],
    [[2, 3, 4], [2, 5, 3], 1],
  ] as const)('x %j, index %j along %i', (xShape, indexShape, axis) => {
    const random = rng(axis * 10 + xShape.length);
    const x = randomPair(gpu, random, xShape);
    const index = randomPair(
      gpu,
      random,
      indexShape,
      'int32',
      'strided',
      intsBelow(random, xShape[axis]!),
    );
    expectSame(
      gpu,
      gpu.gather(x.gpu, axis, index.gpu),
      cpu.gather(x.cpu, axis, index.cpu),
      indexShape,
      { rtol: 0, atol: 0 },
    );
    disposePairs(gpu, x, index);
  });
});

describe('scatterAdd', () => {
  test.each([
    [[5], [8], 0],
    [[3, 4], [3, 6], 1],
    [[4, 3], [6, 2], 0],
    [[2, 3, 4], [2, 5, 3], 1],
  ] as const)(
    'out %j, index/src %j along %i (repeated indices add up)',
    (shape, indexShape, axis) => {
      const random = rng(axis * 7 + shape.length);
      const index = randomPair(
        gpu,
        random,
        indexShape,
        'int32',
        'strided',
        intsBelow(random, shape[axis]!),
      );
      const src = randomPair(gpu, random, indexShape);
      expectSame(
        gpu,
        gpu.scatterAdd(shape, axis, index.gpu, src.gpu, 'float32'),
        cpu.scatterAdd(shape, axis, index.cpu, src.cpu, 'float32'),
        shape,
        { rtol: 1e-6, atol: 1e-6 },
      );
      disposePairs(gpu, index, src);
    },
  );
});

describe('setSlice', () => {
  test.each([
    [[8], [1], [2], [3]],
    [
      [4, 5],
      [1, 0],
      [1, 2],
      [2, 3],
    ],
    [
      [3, 4, 5],
      [0, 1, 2],
      [2, 1, 1],
      [2, 3, 2],
    ],
  ] as const)('base %j, starts %j, steps %j, src %j', (shape, starts, steps, srcShape) => {
    const random = rng(shape.length);
    const base = randomPair(gpu, random, shape, 'float32', 'contiguous');
    const src = randomPair(gpu, random, srcShape);
    expectSame(
      gpu,
      gpu.setSlice(base.gpu, starts, steps, src.gpu),
      cpu.setSlice(base.cpu, starts, steps, src.cpu),
      shape,
      { rtol: 0, atol: 0 },
    );
    disposePairs(gpu, base, src);
  });
});

describe('sort (handed to the cpu)', () => {
  test('values and indices match cpu, and the hand-off is counted', () => {
    const random = rng(41);
    const x = randomPair(gpu, random, [3, 6], 'float32', 'strided', (n) =>
      Array.from({ length: n }, () => Math.floor(random() * 5)),
    );
    const before = gpu.handoffs.get('sort runs on cpu') ?? 0;
    const g = gpu.sort(x.gpu, 1, true);
    const c = cpu.sort(x.cpu, 1, true);
    expect(gpu.handoffs.get('sort runs on cpu')).toBe(before + 1);
    expectSame(gpu, g.values, c.values, [3, 6], { rtol: 0, atol: 0 });
    expectSame(gpu, g.indices, c.indices, [3, 6], { rtol: 0, atol: 0 });
    disposePairs(gpu, x);
  });
});
