import { afterAll, describe, expect, test } from 'vitest';
import type { DType, ReduceOp } from '../../src/backend/backend.js';
import {
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

/** Every subset of [0, rank), sorted. */
function subsets(rank: number): number[][] {
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << rank; mask++) {
    out.push([...Array(rank).keys()].filter((d) => mask & (1 << d)));
  }
  return out;
}

/** The elements of `x` grouped by output position (reduced axes removed), in row-major order. */
function groups(x: Sample, axes: readonly number[]): { outShape: number[]; lists: number[][] } {
  const shape = x.view.shape;
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const lists: number[][] = Array.from({ length: sizeOf(outShape) }, () => []);
  for (let i = 0; i < sizeOf(shape); i++) {
    const index = unravel(i, shape);
    const kept = index.filter((_, d) => !axes.includes(d));
    const o = kept.reduce((acc, k, d) => acc * outShape[d] + k, 0);
    lists[o].push(read(x, index));
  }
  return { outShape, lists };
}

/** Plain definitions: float64 accumulation, NaN-propagating extremes, first index on ties. */
function referenceReduce(op: ReduceOp, list: readonly number[]): number {
  if (op === 'sum') return list.reduce((a, b) => a + b, 0);
  if (op === 'prod') return list.reduce((a, b) => a * b, 1);
  const nan = list.findIndex((v) => Number.isNaN(v));
  if (op === 'max' || op === 'min') {
    if (nan >= 0) return NaN;
    return op === 'max' ? Math.max(...list) : Math.min(...list);
  }
  if (nan >= 0) return nan;
  const best = op === 'argmax' ? Math.max(...list) : Math.min(...list);
  return list.indexOf(best);
}

function outDtypeOf(op: ReduceOp, dtype: DType): DType {
  if (op === 'argmax' || op === 'argmin') return 'int32';
  if ((op === 'sum' || op === 'prod') && dtype === 'bool') return 'int32';
  return dtype;
}

describe('reduce', () => {
  const shapes = [[], [5], [3, 4], [2, 3, 4], [2, 1, 3], [1, 1]];
  for (const op of ['sum', 'prod', 'max', 'min'] as const) {
    test(`${op} over every subset of axes, dtype and layout`, () => {
      const random = rng(13);
      for (const dtype of DTYPES) {
        for (const shape of shapes) {
          for (const axes of subsets(shape.length)) {
            for (const layout of LAYOUTS) {
              const x = sample(shape, dtype, layout, random, [NaN, Infinity, -Infinity]);
              const { outShape, lists } = groups(x, axes);
              const outDtype = outDtypeOf(op, dtype);
              const expected = lists.map((list) => storeAs(outDtype, referenceReduce(op, list)));
              const actual = take(cpu.reduce(op, x.view, axes, outDtype), outShape);
              expectClose(
                actual,
                expected,
                0,
                `${op} ${dtype} [${shape}] axes [${axes}] ${layout}`,
              );
              release(x);
            }
          }
        }
      }
    });
  }

  for (const op of ['argmax', 'argmin'] as const) {
    test(`${op} over each single axis: first index wins ties, first NaN wins`, () => {
      const random = rng(17);
      for (const dtype of DTYPES) {
        for (const shape of [[6], [3, 4], [2, 3, 4], [4, 1]]) {
          for (let axis = 0; axis < shape.length; axis++) {
            for (const layout of LAYOUTS) {
              // int32 and bool samples are full of ties; floats get NaN now and then.
              const x = sample(shape, dtype, layout, random, [NaN, 1, 1]);
              const { outShape, lists } = groups(x, [axis]);
              const expected = lists.map((list) => referenceReduce(op, list));
              expectClose(
                take(cpu.reduce(op, x.view, [axis], 'int32'), outShape),
                expected,
                0,
                `${op} ${dtype} ${layout}`,
              );
              release(x);
            }
          }
        }
      }
    });
  }

  test('float32 sums accumulate in float64 and round once', () => {
    // 1 + 1e-8 * 1000: a float32 accumulator would stay at 1 (1e-8 is below half an ulp of 1).
    const values = [1, ...Array(1000).fill(1e-8)];
    const x = cpu.upload(values, 'float32');
    const expected = Math.fround(1 + 1000 * Math.fround(1e-8));
    expect(take(cpu.reduce('sum', viewOf(x, [1001]), [0], 'float32'), [])).toEqual([expected]);
    expect(expected).not.toBe(1);
    cpu.dispose(x);
  });

  test('a bool result is value != 0 even when the byte would wrap (256 trues)', () => {
    const x = cpu.upload(new Array(256).fill(1), 'bool');
    expect(take(cpu.reduce('sum', viewOf(x, [256]), [0], 'bool'), [])).toEqual([1]);
    expect(take(cpu.reduce('sum', viewOf(x, [16, 16]), [0], 'bool'), [16])).toEqual(
      new Array(16).fill(1),
    );
    expect(take(cpu.cumsum(viewOf(x, [256]), 0, 'bool'), [256])).toEqual(new Array(256).fill(1));
    cpu.dispose(x);
  });

  test('int32 prod wraps as int32, in both traversals', () => {
    const y = cpu.upload([65536, 1, 65536, 1, 3, 1], 'int32');
    // axis 0 of [3, 2] keeps the fastest axis: the memory-order sweep.
    expect(take(cpu.reduce('prod', viewOf(y, [3, 2]), [0], 'int32'), [2])).toEqual([0, 1]);
    cpu.dispose(y);
    const x = cpu.upload([65536, 65536, 3], 'int32');
    expect(take(cpu.reduce('prod', viewOf(x, [3]), [0], 'int32'), [])).toEqual([0]);
    cpu.dispose(x);
  });

  test('empty reductions: sum 0, prod 1, max is an error; empty outputs are fine', () => {
    const x = cpu.upload([], 'float32');
    expect(take(cpu.reduce('sum', viewOf(x, [2, 0]), [1], 'float32'), [2])).toEqual([0, 0]);
    expect(take(cpu.reduce('prod', viewOf(x, [2, 0]), [1], 'float32'), [2])).toEqual([1, 1]);
    expect(take(cpu.reduce('max', viewOf(x, [0, 3]), [1], 'float32'), [0])).toEqual([]);
    expect(() => cpu.reduce('max', viewOf(x, [2, 0]), [1], 'float32')).toThrow(
      'reduce max: cannot reduce an empty axis (shape [2, 0])',
    );
    cpu.dispose(x);
  });

  test('bad axes are errors', () => {
    const x = cpu.upload([1, 2, 3, 4], 'float32');
    expect(() => cpu.reduce('sum', viewOf(x, [2, 2]), [1, 0], 'float32')).toThrow(
      'reduce sum: axes must be sorted, unique and in [0, 2), received [1, 0]',
    );
    expect(() => cpu.reduce('argmax', viewOf(x, [2, 2]), [0, 1], 'int32')).toThrow(
      'reduce argmax: reduces exactly one axis, received [0, 1]',
    );
    cpu.dispose(x);
  });
});

describe('cumsum', () => {
  test('along every axis, dtype and layout', () => {
    const random = rng(19);
    for (const dtype of DTYPES) {
      for (const shape of [[5], [3, 4], [2, 3, 4], [3, 1], [1, 3], [2, 0]]) {
        for (let axis = 0; axis < shape.length; axis++) {
          for (const layout of LAYOUTS) {
            const x = sample(shape, dtype, layout, random);
            const outDtype = dtype === 'bool' ? 'int32' : dtype;
            const expected: number[] = [];
            for (let i = 0; i < sizeOf(shape); i++) {
              const index = unravel(i, shape);
              let acc = 0;
              for (let k = 0; k <= index[axis]; k++) {
                acc += read(
                  x,
                  index.map((v, d) => (d === axis ? k : v)),
                );
              }
              expected.push(storeAs(outDtype, acc));
            }
            expectClose(
              take(cpu.cumsum(x.view, axis, outDtype), shape),
              expected,
              0,
              `${dtype} [${shape}] ${axis} ${layout}`,
            );
            release(x);
          }
        }
      }
    }
  });
});

describe('sort', () => {
  /** Stable insertion sort of (value, position) pairs, NaN largest. */
  function referenceSort(
    list: readonly number[],
    descending: boolean,
  ): { values: number[]; indices: number[] } {
    const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
    const before = (a: number, b: number) => {
      if (Number.isNaN(a) !== Number.isNaN(b))
        return descending ? Number.isNaN(a) : Number.isNaN(b);
      return descending ? key(a) > key(b) : key(a) < key(b);
    };
    const order: number[] = [];
    for (let i = 0; i < list.length; i++) {
      let at = order.length;
      while (at > 0 && before(list[i], list[order[at - 1]])) at--;
      order.splice(at, 0, i);
    }
    return { values: order.map((i) => list[i]), indices: order };
  }

  test('stable along every axis, both directions, every dtype and layout', () => {
    const random = rng(23);
    for (const dtype of DTYPES) {
      for (const shape of [[7], [3, 5], [2, 3, 4], [4, 1], [0, 3], []]) {
        for (let axis = 0; axis < Math.max(shape.length, 1); axis++) {
          for (const descending of [false, true]) {
            for (const layout of LAYOUTS) {
              const x = sample(shape, dtype, layout, random, [NaN, 1, -Infinity]);
              const values = new Array<number>(sizeOf(shape));
              const indices = new Array<number>(sizeOf(shape));
              const lineShape = shape.map((s, d) => (d === axis ? 1 : s));
              for (let i = 0; i < sizeOf(lineShape); i++) {
                const start = unravel(i, lineShape);
                const len = shape.length > 0 ? shape[axis] : 1;
                const at = (k: number) => start.map((v, d) => (d === axis ? k : v));
                const flat = (k: number) => at(k).reduce((acc, v, d) => acc * shape[d] + v, 0);
                const line = Array.from({ length: len }, (_, k) => read(x, at(k)));
                const sorted = referenceSort(line, descending);
                for (let k = 0; k < len; k++) {
                  values[flat(k)] = sorted.values[k];
                  indices[flat(k)] = sorted.indices[k];
                }
              }
              const out = cpu.sort(x.view, axis, descending);
              const what = `${dtype} [${shape}] axis ${axis} ${descending ? 'desc' : 'asc'} ${layout}`;
              expectClose(take(out.values, shape), values, 0, what);
              expectClose(take(out.indices, shape), indices, 0, what);
              release(x);
            }
          }
        }
      }
    }
  });
});
