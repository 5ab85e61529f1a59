import { afterAll, describe, expect, test } from 'vitest';
import type { View } from '../../src/backend/backend.js';
import {
  contiguous,
  cpu,
  DTYPES,
  expectClose,
  LAYOUTS,
  read,
  release,
  rng,
  sample,
  sizeOf,
  storeAs,
  take,
  unravel,
  viewOf,
  type Sample,
} from './helpers.js';

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

/** An int32 index view of `shape` with values in [0, bound), stored transposed or flipped by `layout`. */
function indexSample(
  shape: readonly number[],
  bound: number,
  layout: 'contiguous' | 'flipped',
  random: () => number,
): Sample {
  const host = Array.from({ length: sizeOf(shape) }, () => Math.floor(random() * bound));
  const strides = contiguous(shape).map((s) => (layout === 'flipped' ? -s : s));
  const offset = layout === 'flipped' ? Math.max(sizeOf(shape) - 1, 0) : 0;
  const view: View = { data: cpu.upload(host, 'int32'), shape, strides, offset };
  return { view, host, layout: 'contiguous' };
}

const CASES: { shape: number[]; indexShape: number[]; axis: number }[] = [
  { shape: [5], indexShape: [7], axis: 0 },
  { shape: [3, 4], indexShape: [3, 6], axis: 1 },
  { shape: [3, 4], indexShape: [2, 3], axis: 0 },
  { shape: [2, 3, 4], indexShape: [2, 5, 3], axis: 1 },
  { shape: [2, 3, 4], indexShape: [1, 2, 2], axis: 2 },
  { shape: [3, 2], indexShape: [0, 2], axis: 0 },
];

describe('gather', () => {
  test('out[..j..] = x[..index..] for every dtype and layout, index smaller than x off the axis', () => {
    const random = rng(53);
    for (const dtype of DTYPES) {
      for (const { shape, indexShape, axis } of CASES) {
        for (const layout of LAYOUTS) {
          const x = sample(shape, dtype, layout, random);
          const index = indexSample(
            indexShape,
            shape[axis],
            layout === 'flipped' ? 'flipped' : 'contiguous',
            random,
          );
          const expected: number[] = [];
          for (let i = 0; i < sizeOf(indexShape); i++) {
            const at = unravel(i, indexShape);
            expected.push(
              read(
                x,
                at.map((v, d) => (d === axis ? read(index, at) : v)),
              ),
            );
          }
          expectClose(
            take(cpu.gather(x.view, axis, index.view), indexShape),
            expected,
            0,
            `${dtype} ${layout}`,
          );
          release(x, index);
        }
      }
    }
  });

  test('out-of-range and negative indices are errors', () => {
    const x = cpu.upload([1, 2, 3], 'float32');
    const index = cpu.upload([0, 3], 'int32');
    const negative = cpu.upload([-1], 'int32');
    expect(() => cpu.gather(viewOf(x, [3]), 0, viewOf(index, [2]))).toThrow(
      'gather: index 3 is out of bounds for axis 0 with size 3',
    );
    expect(() => cpu.gather(viewOf(x, [3]), 0, viewOf(negative, [1]))).toThrow(
      'gather: index -1 is out of bounds',
    );
    expect(() => cpu.gather(viewOf(x, [3]), 0, viewOf(x, [3]))).toThrow(
      'gather: index must be int32, received float32',
    );
    for (const data of [x, index, negative]) cpu.dispose(data);
  });
});

describe('scatterAdd', () => {
  test('zeros(shape) with src added at the indexed positions, collisions summed', () => {
    const random = rng(59);
    for (const dtype of ['float32', 'float64', 'int32'] as const) {
      for (const { shape, indexShape, axis } of CASES) {
        for (const layout of LAYOUTS) {
          const index = indexSample(
            indexShape,
            shape[axis],
            layout === 'flipped' ? 'flipped' : 'contiguous',
            random,
          );
          const src = sample(indexShape, dtype, layout, random);
          const sums = new Array<number>(sizeOf(shape)).fill(0);
          for (let i = 0; i < sizeOf(indexShape); i++) {
            const at = unravel(i, indexShape);
            const target = at.map((v, d) => (d === axis ? read(index, at) : v));
            sums[target.reduce((acc, v, d) => acc * shape[d] + v, 0)] += read(src, at);
          }
          const expected = sums.map((v) => storeAs(dtype, v));
          const out = take(cpu.scatterAdd(shape, axis, index.view, src.view, dtype), shape);
          expectClose(out, expected, 0, `${dtype} [${shape}] axis ${axis} ${layout}`);
          release(index, src);
        }
      }
    }
  });

  test('mismatched index and src shapes are an error', () => {
    const index = cpu.upload([0, 1], 'int32');
    const src = cpu.upload([1, 2, 3], 'float32');
    expect(() => cpu.scatterAdd([3], 0, viewOf(index, [2]), viewOf(src, [3]), 'float32')).toThrow(
      'scatterAdd: src [3] and index [2] must have equal shapes',
    );
    cpu.dispose(index);
    cpu.dispose(src);
  });
});
