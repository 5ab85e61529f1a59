/**
 * The optional fused primitives `softmax` and `standardize` against the cpu backend: random
 * strided views along every axis, lines long enough to exercise the compensated sums, the
 * special values (NaN, ±∞, constant rows with eps 0), and the hand-off of lines longer than
 * `MAX_LOOP`. Equality up to rtol 1e-5 (float32 kernels against the cpu's float64 sums).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { MAX_LOOP } from '../../src/backend/gpu/gpu-runtime.js';
import {
  cpu,
  disposePairs,
  expectSame,
  gpuUnderTest,
  pairOf,
  randomPair,
  rng,
  type Pair,
} from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

const TOLERANCE = { rtol: 1e-5, atol: 1e-6 };

/** A contiguous pair of `values` with `shape`. */
function contiguousPair(values: readonly number[], shape: readonly number[]): Pair {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return pairOf(gpu, values, 'float32', shape, strides, 0);
}

describe('softmax', () => {
  const SHAPES = [[7], [3, 5], [2, 3, 4], [2, 1, 3, 5], [4, 1000]];

  test.each([false, true])('log %s: random strided views along every axis', (log) => {
    const random = rng(log ? 11 : 7);
    for (const shape of SHAPES) {
      for (let axis = 0; axis < shape.length; axis++) {
        const x = randomPair(gpu, random, shape, 'float32', 'strided', (n) =>
          Array.from({ length: n }, () => random() * 20 - 10),
        );
        expectSame(
          gpu,
          gpu.softmax(x.gpu, axis, log, 'float32'),
          cpu.softmax(x.cpu, axis, log, 'float32'),
          shape,
          TOLERANCE,
        );
        disposePairs(gpu, x);
      }
    }
  });

  test.each([false, true])('log %s: NaN, ±∞ and extreme values give the cpu answer', (log) => {
    const lines = [
      [1, 2, NaN, 3],
      [1, Infinity, 2, 3],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [-Infinity, 0, 1, -Infinity],
      [Infinity, -Infinity, 0, 0],
      [1e30, -1e30, 0, 88],
      [-0, 0, -0, 0],
    ];
    const x = contiguousPair(lines.flat(), [lines.length, 4]);
    expectSame(
      gpu,
      gpu.softmax(x.gpu, 1, log, 'float32'),
      cpu.softmax(x.cpu, 1, log, 'float32'),
      [lines.length, 4],
      TOLERANCE,
    );
    disposePairs(gpu, x);
  });

  test('lines longer than MAX_LOOP are handed to the cpu', () => {
    const reason = `loop longer than ${MAX_LOOP}`;
    const before = gpu.handoffs.get(reason) ?? 0;
    const random = rng(3);
    const shape = [MAX_LOOP + 1];
    const x = randomPair(gpu, random, shape, 'float32', 'contiguous');
    expectSame(
      gpu,
      gpu.softmax(x.gpu, 0, false, 'float32'),
      cpu.softmax(x.cpu, 0, false, 'float32'),
      shape,
      TOLERANCE,
    );
    expect(gpu.handoffs.get(reason)).toBe(before + 1);
    disposePairs(gpu, x);
  });
});

test('more lines than a texture is wide (statistics on several rows of a grid)', () => {
  const random = rng(9);
  const shape = [16400, 3];
  const x = randomPair(gpu, random, shape, 'float32', 'contiguous');
  expectSame(
    gpu,
    gpu.softmax(x.gpu, 1, false, 'float32'),
    cpu.softmax(x.cpu, 1, false, 'float32'),
    shape,
    TOLERANCE,
  );
  expectSame(
    gpu,
    gpu.standardize(x.gpu, 3, 1e-5, 'float32'),
    cpu.standardize!(x.cpu, 3, 1e-5, 'float32'),
    shape,
    { rtol: 1e-4, atol: 1e-5 },
  );
  disposePairs(gpu, x);
});

describe('standardize', () => {
  const CASES: [number[], number][] = [
    [[5], 5],
    [[3, 4], 4],
    [[2, 3, 4], 12],
    [[6, 1000], 1000],
  ];

  test.each(CASES)('%j over rows of %i', (shape, size) => {
    const random = rng(size);
    // A mean ten times the spread: the two-pass variance must not cancel. (Further out float32
    // itself gives way: with a mean of 1000, rounding the mean alone moves results by 1e-4.)
    const x = randomPair(gpu, random, shape, 'float32', 'contiguous', (n) =>
      Array.from({ length: n }, () => 10 + random()),
    );
    for (const eps of [1e-5, 0.5]) {
      expectSame(
        gpu,
        gpu.standardize(x.gpu, size, eps, 'float32'),
        cpu.standardize!(x.cpu, size, eps, 'float32'),
        shape,
        { rtol: 1e-4, atol: 1e-5 },
      );
    }
    disposePairs(gpu, x);
  });

  test('a view with an offset, and a strided view (copied first)', () => {
    const values = Array.from({ length: 25 }, (_, i) => Math.sin(i));
    const shifted = pairOf(gpu, values, 'float32', [4, 6], [6, 1], 1);
    const transposed = pairOf(gpu, values, 'float32', [4, 6], [1, 4], 0);
    for (const x of [shifted, transposed]) {
      const dense = cpu.copy(x.cpu, 'float32');
      const want = cpu.standardize!(
        { data: dense, shape: [4, 6], strides: [6, 1], offset: 0 },
        6,
        1e-5,
        'float32',
      );
      cpu.dispose(dense);
      expectSame(gpu, gpu.standardize(x.gpu, 6, 1e-5, 'float32'), want, [4, 6], TOLERANCE);
    }
    disposePairs(gpu, shifted, transposed);
  });

  test('NaN, ±∞ and constant rows give the cpu answer', () => {
    const rows = [
      [1, 2, NaN, 3],
      [1, Infinity, 2, 3],
      [-Infinity, 1, 2, 3],
      [5, 5, 5, 5],
      [-0, 0, -0, 0],
    ];
    const x = contiguousPair(rows.flat(), [rows.length, 4]);
    for (const eps of [0, 1e-5]) {
      expectSame(
        gpu,
        gpu.standardize(x.gpu, 4, eps, 'float32'),
        cpu.standardize!(x.cpu, 4, eps, 'float32'),
        [rows.length, 4],
        TOLERANCE,
      );
    }
    disposePairs(gpu, x);
  });

  test('rows longer than MAX_LOOP are handed to the cpu', () => {
    const reason = `loop longer than ${MAX_LOOP}`;
    const before = gpu.handoffs.get(reason) ?? 0;
    const random = rng(5);
    const shape = [2, MAX_LOOP + 1];
    const x = randomPair(gpu, random, shape, 'float32', 'contiguous');
    expectSame(
      gpu,
      gpu.standardize(x.gpu, MAX_LOOP + 1, 1e-5, 'float32'),
      cpu.standardize!(x.cpu, MAX_LOOP + 1, 1e-5, 'float32'),
      shape,
      TOLERANCE,
    );
    expect(gpu.handoffs.get(reason)).toBe(before + 1);
    disposePairs(gpu, x);
  });
});
