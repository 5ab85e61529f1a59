/**
 * Printing: the exact text for representative tensors.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('toString', () => {
  // The texts below are for cpu tensors; other backends add `backend=...` (tested last).
  beforeAll(() => T.setBackend('cpu'));
  test('the DESIGN example', () => {
    expect(T.tensor([[1, 2]], { dtype: 'float64' }).toString()).toBe(
      'tensor([[1.0000, 2.0000]], dtype=float64)',
    );
  });
  test('matrices align columns and indent rows', () => {
    expect(
      T.tensor([
        [1, -2.5],
        [30, 4],
      ]).toString(),
    ).toBe('tensor([[ 1.0000, -2.5000],\n        [30.0000,  4.0000]])');
  });
  test('3-d tensors separate blocks with a blank line', () => {
    expect(T.arange(4).reshape(2, 1, 2).toString()).toBe(
      'tensor([[[0, 1]],\n\n        [[2, 3]]], dtype=int32)',
    );
  });
  test('scalars, bools, empty', () => {
    expect(T.tensor(1.5).toString()).toBe('tensor(1.5000)');
    expect(T.tensor([true, false]).toString()).toBe('tensor([ True, False])');
    expect(T.zeros([0]).toString()).toBe('tensor([])');
    expect(T.zeros([2, 0]).toString()).toBe('tensor([], size=(2, 0))');
  });
  test('scientific notation for wide ranges, nan and inf', () => {
    expect(T.tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(T.tensor([NaN, Infinity, -1]).toString()).toBe('tensor([    nan,     inf, -1.0000])');
  });
  test('large tensors are summarised', () => {
    expect(T.arange(2000).toString()).toBe(
      'tensor([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)',
    );
  });
  test.runIf(T.gpuAvailability().available)('tensors on another backend say so', () => {
    expect(T.tensor([1, 2], { backend: 'gpu' }).toString()).toBe(
      'tensor([1.0000, 2.0000], backend=gpu)',
    );
  });
});
