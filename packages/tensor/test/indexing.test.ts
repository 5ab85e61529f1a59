/**
 * Targeted tests for the ops whose results are not a single tensor or that autograd relies on:
 * unique, topk indices, oneHot, split/chunk, sliceAssign, unfold/fold, convGeometry.
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('unique', () => {
  test('sorted values, inverse and counts', () => {
    const r = T.unique(
      T.tensor([
        [3, 1],
        [3, 2],
      ]),
      { returnInverse: true, returnCounts: true },
    );
    expect(r.values.toArray()).toEqual([1, 2, 3]);
    expect(r.inverse!.toArray()).toEqual([
      [2, 0],
      [2, 1],
    ]);
    expect(r.counts!.toArray()).toEqual([1, 1, 2]);
    expect(r.values.dtype).toBe('float32');
  });
  test('NaNs sort last and are each distinct; empty input gives empty output', () => {
    expect(T.tensor([NaN, 1, NaN]).unique().values.toArray()).toEqual([1, NaN, NaN]);
    expect(T.zeros([0]).unique().values.shape).toEqual([0]);
  });
  test('returns only what was asked for', () => {
    const r = T.arange(3).unique();
    expect(r.inverse).toBeUndefined();
    expect(r.counts).toBeUndefined();
  });
});

describe('topk and sort indices', () => {
  test('topk indices point at the values', () => {
    const x = T.tensor([
      [1, 9, 3, 7],
      [4, 4, 0, 8],
    ]);
    const { values, indices } = x.topk(2);
    expect(values.toArray()).toEqual([
      [9, 7],
      [8, 4],
    ]);
    expect(indices.toArray()).toEqual([
      [1, 3],
      [3, 0],
    ]);
    expect(x.gather(1, indices).toArray()).toEqual(values.toArray());
  });
  test('smallest k along axis 0', () => {
    expect(
      T.tensor([
        [5, 1],
        [2, 6],
        [3, 0],
      ])
        .topk(1, 0, false)
        .indices.toArray(),
    ).toEqual([[1, 2]]);
  });
});

describe('oneHot', () => {
  test('infers the number of classes and keeps the input shape', () => {
    const r = T.oneHot(T.tensor([[0], [2]], { dtype: 'int32' }));
    expect(r.shape).toEqual([2, 1, 3]);
    expect(r.dtype).toBe('int32');
    expect(r.toArray()).toEqual([[[1, 0, 0]], [[0, 0, 1]]]);
  });
});

describe('split and chunk', () => {
  test('split by size leaves a short last piece; by sections takes sizes', () => {
    expect(
      T.arange(7)
        .split(3)
        .map((t) => t.toArray()),
    ).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(
      T.arange(6)
        .reshape(2, 3)
        .split([1, 2], -1)
        .map((t) => t.shape),
    ).toEqual([
      [2, 1],
      [2, 2],
    ]);
  });
  test('chunk follows torch: ceil-sized pieces, possibly fewer than asked', () => {
    expect(
      T.arange(5)
        .chunk(3)
        .map((t) => t.size),
    ).toEqual([2, 2, 1]);
    expect(
      T.arange(6)
        .chunk(4)
        .map((t) => t.size),
    ).toEqual([2, 2, 2]);
  });
});

describe('sliceAssign', () => {
  test('replaces a strided region and leaves the base untouched', () => {
    const base = T.zeros([3, 4]);
    const out = T.sliceAssign(base, [1, 0], [1, 2], T.ones([2, 2]));
    expect(out.toArray()).toEqual([
      [0, 0, 0, 0],
      [1, 0, 1, 0],
      [1, 0, 1, 0],
    ]);
    expect(base.sum().item()).toBe(0);
  });
  test('a region that does not fit is an error', () => {
    expect(() => T.sliceAssign(T.zeros([3]), [2], [1], T.ones([2]))).toThrow(
      'sliceAssign: region start 2, step 1, count 2 does not fit dim 0 of size 3 (base [3], src [2])',
    );
  });
});

describe('unfold and fold', () => {
  const g = T.convGeometry([2, 3, 5, 4], [3, 2], { stride: [2, 1], padding: 1, dilation: 1 });
  test('geometry follows the PyTorch output-size formula', () => {
    expect([g.outH, g.outW]).toEqual([3, 5]);
  });
  test('fold is the adjoint of unfold: <fold(c), x> == <c, unfold(x)>', () => {
    const gen = new T.Generator(3);
    const x = T.randn([2, 3, 5, 4], { generator: gen, dtype: 'float64' });
    const c = T.randn([2, 3 * 3 * 2, 15], { generator: gen, dtype: 'float64' });
    const lhs = T.fold(c, g).mul(x).sum().item() as number;
    const rhs = T.unfold(x, g).mul(c).sum().item() as number;
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9);
  });
  test('unfold rows are ordered (channel, kh, kw) like torch.nn.functional.unfold', () => {
    const x = T.arange(4, { dtype: 'float32' }).reshape(1, 1, 2, 2);
    const cols = T.unfold(x, T.convGeometry(x.shape, 2));
    expect(cols.toArray()).toEqual([[[0], [1], [2], [3]]]);
  });
});

describe('scatterAdd', () => {
  test('uses only the part of src that the index covers', () => {
    const out = T.zeros([2, 3]).scatterAdd(
      1,
      T.tensor([[0], [2]], { dtype: 'int32' }),
      T.tensor([
        [5, 6],
        [7, 8],
      ]),
    );
    expect(out.toArray()).toEqual([
      [5, 0, 0],
      [0, 0, 7],
    ]);
  });
});
