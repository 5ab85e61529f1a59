/** Flatten and Unflatten: PyTorch's defaults, views without copies, gradients and errors. */
import { describe, expect, it } from 'vitest';
import { arange, gradcheck, zeros } from '@tensorgrad/autograd';
import { Flatten, Unflatten } from '@tensorgrad/nn';
import { numbers, sample } from '../helpers.js';

describe('Flatten', () => {
  it('keeps the batch dim by default (startDim 1, endDim -1), as nn.Flatten()', () => {
    const layer = new Flatten();
    expect([layer.startDim, layer.endDim]).toEqual([1, -1]);
    const x = arange(24).reshape(2, 3, 4);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 12]);
    expect(numbers(y)).toEqual(numbers(x)); // row-major order kept
    expect(Object.keys(layer.stateDict())).toEqual([]);
  });

  it('flattens any range of dims, negative dims included', () => {
    const x = zeros([2, 3, 4, 5]);
    expect(new Flatten(0).forward(x).shape).toEqual([120]);
    expect(new Flatten(1, 2).forward(x).shape).toEqual([2, 12, 5]);
    expect(new Flatten(-3, -2).forward(x).shape).toEqual([2, 12, 5]);
    expect(new Flatten(2, 2).forward(x).shape).toEqual([2, 3, 4, 5]);
    expect(new Flatten().forward(zeros([0, 3, 4])).shape).toEqual([0, 12]);
  });

  it('returns a view of a contiguous input and copies a transposed one with the right order', () => {
    const x = arange(6).reshape(1, 2, 3);
    expect(new Flatten().forward(x).value.storage).toBe(x.value.storage);
    const transposed = x.transpose(1, 2); // [1, 3, 2]
    expect(numbers(new Flatten().forward(transposed))).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('passes the gradient through unchanged (float64 gradcheck)', () => {
    const report = gradcheck(
      (t) => new Flatten().forward(t).mul(sample([2, 6], 3)),
      [sample([2, 3, 2], 4, true)],
    );
    expect(report.ok, report.message).toBe(true);
  });

  it('names dims out of range and a start after the end', () => {
    expect(() => new Flatten().forward(zeros([4]))).toThrow(
      'flatten: axis 1 is out of range for a tensor of 1 dims (expected -1 <= axis < 1)',
    );
    expect(() => new Flatten(2, 1).forward(zeros([1, 1, 2]))).toThrow(
      'flatten: start dim 2 comes after end dim 1',
    );
  });
});

describe('Unflatten', () => {
  it('splits one dim into the given sizes, inferring a -1', () => {
    const x = arange(24).reshape(3, 8);
    const y = new Unflatten(1, [2, 4]).forward(x);
    expect(y.shape).toEqual([3, 2, 4]);
    expect(numbers(y)).toEqual(numbers(x));
    expect(new Unflatten(1, [2, -1]).forward(x).shape).toEqual([3, 2, 4]);
    expect(new Unflatten(-1, [-1, 2, 2]).forward(x).shape).toEqual([3, 2, 2, 2]);
    expect(new Unflatten(0, [1, 3]).forward(x).shape).toEqual([1, 3, 8]);
    expect(new Unflatten(1, [2, 4]).forward(zeros([0, 8])).shape).toEqual([0, 2, 4]);
  });

  it('undoes Flatten', () => {
    const x = sample([2, 3, 4], 5);
    const back = new Unflatten(1, [3, 4]).forward(new Flatten().forward(x));
    expect(back.shape).toEqual([2, 3, 4]);
    expect(numbers(back)).toEqual(numbers(x));
  });

  it('passes the gradient through (float64 gradcheck)', () => {
    const report = gradcheck(
      (t) => new Unflatten(1, [2, 3]).forward(t).mul(sample([2, 2, 3], 6)),
      [sample([2, 6], 7, true)],
    );
    expect(report.ok, report.message).toBe(true);
  });

  it('names sizes that do not multiply to the dim, and a missing size list', () => {
    expect(() => new Unflatten(1, [3, -1]).forward(zeros([1, 2]))).toThrow(
      'unflatten: shape [3, -1] is invalid for input of shape [2] (size 2)',
    );
    expect(() => new Unflatten(1, [] as number[])).toThrow(
      'Unflatten: expected unflattenedSize to be a non-empty array of sizes, got []',
    );
    expect(() => new Unflatten(1, 4 as unknown as number[])).toThrow(
      'Unflatten: expected unflattenedSize to be a non-empty array of sizes, got 4',
    );
  });
});
