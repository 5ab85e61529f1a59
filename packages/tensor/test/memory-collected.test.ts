/**
 * Tensors nobody disposes: the garbage-collection backstop (finalizers on tensors and on backend
 * data), `settleMemory()`, views sharing one storage, no double free alongside `dispose`/`tidy`,
 * and `copyInto`, the in-place write behind `Tensor.assign`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

/** Counts only: `backend` is not compared. */
function counts(m: T.MemoryStats): { tensors: number; buffers: number; bytes: number } {
  return { tensors: m.tensors, buffers: m.buffers, bytes: m.bytes };
}

/** Makes tensors that become unreachable when it returns (nothing disposed). */
function churn(n: number): void {
  for (let i = 0; i < n; i++) T.ones([300]).mul(i).exp().reshape(3, 100).sum(1);
}

beforeAll(() => {
  // vitest.config.ts passes --expose-gc; without it these tests could not force a collection.
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe('function');
});

describe('the garbage-collection backstop', () => {
  test('unreachable tensors and their buffers leave memory() once collected', async () => {
    const before = counts(await T.settleMemory());
    churn(50);
    const raw = T.memory();
    // Nothing was disposed: until the collector runs, the counts include the 50 × 5 tensors.
    expect(raw.tensors).toBeGreaterThanOrEqual(before.tensors + 250);
    expect(counts(await T.settleMemory())).toEqual(before);
  });

  test('a view keeps the storage alive after its base is collected', async () => {
    const before = counts(await T.settleMemory());
    const makeView = (): T.NDArray => T.arange(6, { dtype: 'float32' }).reshape(2, 3).mT;
    let view: T.NDArray | null = makeView(); // the base is unreachable from here on
    const settled = await T.settleMemory();
    expect(settled.tensors).toBe(before.tensors + 1);
    expect(settled.buffers).toBe(before.buffers + 1);
    expect(view.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    view = null;
    expect(view).toBeNull();
    expect(counts(await T.settleMemory())).toEqual(before);
  });

  test('a view disposed while its base is collected: the buffer goes with the storage', async () => {
    const before = counts(await T.settleMemory());
    let base: T.NDArray | null = T.ones([8]);
    let view: T.NDArray | null = base.reshape(2, 4);
    base = null; // collected without dispose: its reference on the storage is never given back
    expect(base).toBeNull();
    await T.settleMemory();
    view.dispose(); // the storage still counts the collected base, so nothing is freed yet
    expect(view.storage.isFreed).toBe(false);
    expect(T.memory().buffers).toBe(before.buffers + 1);
    view = null; // ...until the storage itself is collected
    expect(view).toBeNull();
    expect(counts(await T.settleMemory())).toEqual(before);
  });

  test('no double free: what dispose() and tidy freed is not freed again when collected', async () => {
    const before = counts(await T.settleMemory());
    for (let i = 0; i < 20; i++) {
      const x = T.tidy(() => T.ones([512]).mul(i));
      x.reshape(16, 32).dispose();
      x.dispose();
      T.tidy(() => {
        T.ones([512]).add(i).exp();
      });
    }
    expect(counts(T.memory())).toEqual(before);
    // A finalizer running for any of them would subtract it a second time (and free twice).
    expect(counts(await T.settleMemory())).toEqual(before);
  });

  test('kept tensors are collected too once unreachable', async () => {
    const before = counts(await T.settleMemory());
    T.tidy(() => {
      T.keep(T.ones([4]).mul(3));
    });
    expect(T.memory().tensors).toBe(before.tensors + 1);
    expect(counts(await T.settleMemory())).toEqual(before);
  });
});

describe('copyInto', () => {
  test('writes in place: the storage and every view see the numbers, the source is untouched', () => {
    const x = T.zeros([2, 3]);
    const storage = x.storage;
    const data = storage.data;
    const row = x.select(0, 1);
    const src = T.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    copyAndCount(x, src);
    expect(x.storage).toBe(storage);
    expect(storage.data).not.toBe(data); // new memory swapped in; the old one was freed
    expect(storage.version).toBe(1);
    expect(row.toArray()).toEqual([4, 5, 6]);
    src.dispose();
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  test('into a strided view writes only its elements of the larger storage', () => {
    const x = T.arange(12, { dtype: 'float32' }).reshape(3, 4);
    const column = x.select(1, 2); // elements 2, 6, 10
    T.copyInto(column, T.tensor([-1, -2, -3]));
    expect(x.toArray()).toEqual([
      [0, 1, -1, 3],
      [4, 5, -2, 7],
      [8, 9, -3, 11],
    ]);
    const flipped = x.flip(0).slice(1, 0, 4, 3); // columns 0 and 3, rows bottom-up
    T.copyInto(
      flipped,
      T.tensor([
        [80, 83],
        [40, 43],
        [0, 3],
      ]).add(100),
    );
    expect(x.toArray()).toEqual([
      [100, 1, -1, 103],
      [140, 5, -2, 143],
      [180, 9, -3, 183],
    ]);
    expect(x.storage.version).toBe(2);
  });

  test('converts the dtype and reads a source that shares the target storage', () => {
    const x = T.tensor([1, 2, 3], { dtype: 'float64' });
    T.copyInto(x, x.flip(0)); // the source is read before anything is written
    expect(x.toArray()).toEqual([3, 2, 1]);
    T.copyInto(x, T.tensor([7, 8, 9], { dtype: 'int32' }));
    expect(x.toArray()).toEqual([7, 8, 9]);
    expect(x.dtype).toBe('float64');
  });

  test('refuses an expanded target, a shape mismatch and disposed tensors, changing nothing', () => {
    const x = T.zeros([1, 3]);
    const [expanded, twoRows, flat, gone] = [
      x.expand(2, 3),
      T.ones([2, 3]),
      T.ones([3]),
      T.ones([1, 3]),
    ];
    gone.dispose();
    const before = counts(T.memory());
    expect(() => T.copyInto(expanded, twoRows, 'assign')).toThrow(
      'assign: the target (shape [2, 3], strides [0, 1]) has elements that share one memory location (an expanded view)',
    );
    expect(() => T.copyInto(x, flat)).toThrow(
      'copyInto: cannot copy a tensor of shape [3] into one of shape [1, 3] (expected equal shapes)',
    );
    expect(() => T.copyInto(x, gone)).toThrow('copyInto: the source was disposed');
    expect(counts(T.memory())).toEqual(before);
    expect(x.storage.version).toBe(0);
    expect(x.toArray()).toEqual([[0, 0, 0]]);
  });

  test('a size-0 target is left alone', () => {
    const x = T.zeros([0, 3]);
    T.copyInto(x, T.ones([0, 3]));
    expect(x.storage.version).toBe(0);
  });
});

/** `copyInto(target, src)`, checking that it allocates nothing that outlives it. */
function copyAndCount(target: T.NDArray, src: T.NDArray): void {
  const before = counts(T.memory());
  T.copyInto(target, src);
  expect(counts(T.memory())).toEqual(before);
}
