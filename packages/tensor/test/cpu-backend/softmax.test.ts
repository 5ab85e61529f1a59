import { afterAll, describe, expect, test } from 'vitest';
import type { View } from '../../src/backend/backend.js';
import { cpu, expectClose, LAYOUTS, release, rng, sample, storeAs, take } from './helpers.js';

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

/** softmax / logSoftmax of a view along `axis`, by the definition, in doubles, rounded once. */
function reference(
  view: View,
  host: readonly number[],
  axis: number,
  log: boolean,
  dtype: 'float32' | 'float64',
): number[] {
  const { shape, strides, offset } = view;
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Array<number>(size);
  const index = (flat: number) => {
    let at = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      at += (flat % shape[d]) * strides[d];
      flat = Math.floor(flat / shape[d]);
    }
    return at;
  };
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < size; flat++) {
    const t = Math.floor(flat / stride) % shape[axis];
    const start = flat - t * stride;
    const line = Array.from({ length: shape[axis] }, (_, u) => host[index(start + u * stride)]);
    const max = Math.max(...line);
    const sum = line.reduce((acc, v) => acc + Math.exp(v - max), 0);
    const v = host[index(flat)];
    out[flat] = storeAs(dtype, log ? v - max - Math.log(sum) : Math.exp(v - max) / sum);
  }
  return out;
}

describe('fused softmax kernel', () => {
  test('every layout and axis, float32 and float64, softmax and logSoftmax', () => {
    const random = rng(53);
    for (const dtype of ['float32', 'float64'] as const) {
      for (const layout of LAYOUTS) {
        const s = sample([3, 4, 5], dtype, layout, random);
        for (const axis of [0, 1, 2]) {
          for (const log of [false, true]) {
            const got = take(cpu.softmax(s.view, axis, log, dtype), [3, 4, 5]);
            const tol = dtype === 'float32' ? 1e-6 : 1e-14;
            expectClose(
              got,
              reference(s.view, s.host, axis, log, dtype),
              tol,
              `${dtype} ${layout} axis ${axis} log ${log}`,
            );
          }
        }
        release(s);
      }
    }
  });

  test('NaN spreads over its line; -Infinity entries get 0 (softmax) or -Infinity (log)', () => {
    const x = cpu.upload([1, NaN, 2, -Infinity, 0, -Infinity], 'float32');
    const view = { data: x, shape: [2, 3], strides: [3, 1], offset: 0 };
    const soft = take(cpu.softmax(view, 1, false, 'float32'), [2, 3]);
    expect(soft.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(soft.slice(3)).toEqual([0, 1, 0]);
    const logSoft = take(cpu.softmax(view, 1, true, 'float32'), [2, 3]);
    expect(logSoft.slice(3)).toEqual([-Infinity, 0, -Infinity]);
    cpu.dispose(x);
  });

  test('size-0 shapes', () => {
    const x = cpu.upload([], 'float32');
    expect(
      take(
        cpu.softmax({ data: x, shape: [0, 3], strides: [3, 1], offset: 0 }, 1, false, 'float32'),
        [0, 3],
      ),
    ).toEqual([]);
    cpu.dispose(x);
  });
});
