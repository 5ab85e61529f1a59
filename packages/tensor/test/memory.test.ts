/**
 * tidy/keep/dispose and memory(): nothing leaks, survivors survive.
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('dispose', () => {
  test('frees the buffer when the last view goes, and is idempotent', () => {
    const before = T.memory().buffers;
    const x = T.zeros([4]);
    const v = x.reshape(2, 2);
    expect(T.memory().buffers).toBe(before + 1);
    x.dispose();
    x.dispose();
    expect(T.memory().buffers).toBe(before + 1);
    expect(v.toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]); // the view still reads the storage
    v.dispose();
    expect(T.memory().buffers).toBe(before);
    expect(x.isDisposed).toBe(true);
  });
  test('dispose() walks arrays and objects', () => {
    const before = T.memory();
    T.dispose({ a: T.zeros([1]), b: [T.ones([2]), new Map([['k', T.ones([1])]])] });
    expect(T.memory()).toEqual(before);
  });
});

describe('tidy', () => {
  test('frees intermediates and keeps the returned tensor', () => {
    const x = T.ones([3]);
    const before = T.memory();
    const y = T.tidy(() => x.mul(2).add(1).exp());
    expect(T.memory().tensors).toBe(before.tensors + 1);
    expect(T.memory().buffers).toBe(before.buffers + 1);
    y.dispose();
    expect(T.memory()).toEqual(before);
  });
  test('keeps tensors reachable through arrays, objects, Maps and [heldTensors]', () => {
    const before = T.memory();
    class Holder {
      constructor(readonly inner: T.NDArray) {}
      [T.heldTensors]() {
        return [this.inner];
      }
    }
    const out = T.tidy(() => ({
      list: [T.ones([1])],
      map: new Map([['m', T.zeros([1])]]),
      holder: new Holder(T.ones([2])),
    }));
    expect(T.memory().tensors).toBe(before.tensors + 3);
    expect(out.holder.inner.toArray()).toEqual([1, 1]);
    T.dispose([out.list, out.map, out.holder.inner]);
    expect(T.memory()).toEqual(before);
  });
  test('keep() survives every enclosing scope', () => {
    const before = T.memory();
    let kept: T.NDArray | undefined;
    T.tidy(() => {
      T.tidy(() => {
        kept = T.keep(T.ones([2]));
        T.zeros([5]);
      });
    });
    expect(kept!.toArray()).toEqual([1, 1]);
    kept!.dispose();
    expect(T.memory()).toEqual(before);
  });
  test('nested scopes hand survivors to the parent, which frees them if unused', () => {
    const before = T.memory();
    const outer = T.tidy(() => {
      const inner = T.tidy(() => T.ones([2]).add(1));
      inner.mul(3); // not returned: freed with the outer scope
      return inner.sum();
    });
    expect(outer.item()).toBe(4);
    outer.dispose();
    expect(T.memory()).toEqual(before);
  });
  test('frees everything when the function throws', () => {
    const before = T.memory();
    expect(() =>
      T.tidy(() => {
        T.ones([3]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(T.memory()).toEqual(before);
  });
  test('a whole pipeline of ops leaks nothing', () => {
    const x = T.randn([2, 3, 8, 8]);
    const w = T.randn([4, 3, 3, 3]);
    const before = T.memory();
    T.tidy(() => {
      const y = T.conv2d(x, w, null, { padding: 1 }).relu().flatten(1);
      const p = y.matmul(T.randn([256, 10])).softmax(-1);
      T.cat([p, p], 0).topk(3);
      p.argmax(-1);
      T.pad(p, [1, 1]).var(0);
      p.unique({ returnInverse: true, returnCounts: true });
      p.sort(-1, true);
      T.oneHot(p.argmax(-1), 10).triu();
      p.index(0, '::2')
        .contiguous()
        .scatterAdd(0, T.tensor([0, 1], { dtype: 'int32' }), T.ones([2]));
    });
    expect(T.memory()).toEqual(before);
    T.dispose([x, w]);
  });
  test('edge-case paths (0-d, empty, keepdim) leak nothing either', () => {
    const scalar = T.tensor(3);
    const empty = T.zeros([0, 2]);
    const before = T.memory();
    T.tidy(() => {
      scalar.sort();
      scalar.topk(1);
      scalar.indexSelect(0, T.tensor([0], { dtype: 'int32' }));
      scalar.argmax(undefined, true);
      scalar.argmax(0, true);
      scalar.sum(0, true);
      empty.sum(0, true);
      empty.all(0);
      empty.prod(1, true);
      empty.sort(0);
      empty.cumsum(0);
      T.zeros([2, 0]).matmul(T.zeros([0, 3]));
      T.pad(empty, [1, 1]);
      T.cat([empty, T.zeros([0])]);
    });
    expect(T.memory()).toEqual(before);
    T.dispose([scalar, empty]);
  });
});
