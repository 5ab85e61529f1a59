/**
 * Creation functions: inferred shapes and dtypes, options, ranges.
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('tensor()', () => {
  test('nested arrays give their shape; numbers give float32, booleans bool', () => {
    const t = T.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(T.tensor([true, false]).dtype).toBe('bool');
    expect(T.tensor([true, false]).toArray()).toEqual([true, false]);
  });
  test('scalars give 0-d tensors', () => {
    expect(T.tensor(2.5).shape).toEqual([]);
    expect(T.tensor(2.5).item()).toBe(2.5);
  });
  test('typed arrays keep their dtype and take opts.shape', () => {
    const t = T.tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(T.tensor(new Int32Array([7])).dtype).toBe('int32');
  });
  test('bool conversion: non-zero (NaN included) is true', () => {
    expect(T.tensor([0, 2, -1, NaN], { dtype: 'bool' }).toArray()).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });
  test('int32 conversion truncates toward zero', () => {
    expect(T.tensor([1.7, -1.7], { dtype: 'int32' }).toArray()).toEqual([1, -1]);
  });
  test('empty and ragged input', () => {
    expect(T.tensor([]).shape).toEqual([0]);
    expect(() => T.tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array at [1] (expected length 2 at dim 1)',
    );
  });
  test('data() copies, so writing to it leaves the tensor alone', () => {
    const t = T.tensor([1, 2]);
    const d = t.data();
    d[0] = 100;
    expect(t.toArray()).toEqual([1, 2]);
  });
});

describe('filled tensors', () => {
  test('zeros/ones/full/empty accept an array or varargs', () => {
    expect(T.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(T.ones(2, 3).toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(T.full([2], 7, { dtype: 'int32' }).toArray()).toEqual([7, 7]);
    expect(T.empty([0]).size).toBe(0);
    expect(T.zeros([2], { dtype: 'float64' }).dtype).toBe('float64');
  });
  test('*Like functions copy shape and dtype', () => {
    const x = T.zeros([2, 3], { dtype: 'int32' });
    expect(T.onesLike(x).dtype).toBe('int32');
    expect(T.fullLike(x, 4).toArray()).toEqual([
      [4, 4, 4],
      [4, 4, 4],
    ]);
    expect(T.zerosLike(x).shape).toEqual([2, 3]);
    expect(T.emptyLike(x).shape).toEqual([2, 3]);
  });
  test('eye, square and rectangular', () => {
    expect(T.eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(T.eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe('ranges', () => {
  test('arange: integers give int32, fractions float32', () => {
    expect(T.arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(T.arange(4).dtype).toBe('int32');
    expect(T.arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(T.arange(1, 2, 0.25).dtype).toBe('float32');
    expect(T.arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(T.arange(0, { dtype: 'float64' }).size).toBe(0);
  });
  test('linspace includes both ends exactly', () => {
    expect(T.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(T.linspace(2, 3, 1).toArray()).toEqual([2]);
  });
  test('arange with a zero step throws', () => {
    expect(() => T.arange(0, 1, 0)).toThrow(
      'arange: start 0, end 1 and step 0 must be finite with a non-zero step',
    );
  });
});
