/**
 * Autograd tensors nobody disposes: backward lets go of what the graph saved, the garbage
 * collector takes the rest (`settleMemory()`), `assign` copies (the EMA / target-network
 * pattern), and changing a tensor saved for backward is an error naming the op that saved it.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type MemoryStats,
  type Tensor,
  memory,
  noGrad,
  settleMemory,
  tensor,
  tidy,
  zeros,
} from '@tensorgrad/autograd';

function counts(m: MemoryStats): { tensors: number; buffers: number; bytes: number } {
  return { tensors: m.tensors, buffers: m.buffers, bytes: m.bytes };
}

const f64 = { dtype: 'float64', requiresGrad: true } as const;

beforeAll(() => {
  // vitest.config.ts passes --expose-gc; without it these tests could not force a collection.
  expect(typeof (globalThis as { gc?: unknown }).gc).toBe('function');
});

describe('backward releases the graph', () => {
  test('intermediates saved for backward are collected once backward has used them', async () => {
    const w = tensor([1, 2, 3], f64);
    const before = counts(await settleMemory());
    // mul, exp and sum: three results; the loss holds the other two through its graph.
    let loss: Tensor | null = w.mul(2).exp().sum();
    const recorded = counts(await settleMemory());
    expect(recorded.tensors).toBe(before.tensors + 3);
    loss.backward();
    expect(loss.gradFn?.released).toBe(true);
    const after = counts(await settleMemory());
    expect(after.tensors).toBe(before.tensors + 2); // the loss and w.grad
    expect(w.grad?.toArray()).toEqual([1, 2, 3].map((v) => 2 * Math.exp(2 * v)));
    loss = null;
    w.zeroGrad();
    expect(loss).toBeNull();
    expect(counts(await settleMemory())).toEqual(before);
  });

  test('with retainGraph the saved tensors stay, and a second backward works', async () => {
    const w = tensor([1, 2], f64);
    const loss = w.square().exp().sum();
    const recorded = counts(await settleMemory());
    loss.backward(undefined, { retainGraph: true });
    expect(counts(await settleMemory()).tensors).toBe(recorded.tensors + 1); // + w.grad
    loss.backward();
    expect(w.grad?.toArray()).toEqual([1, 2].map((v) => 2 * 2 * v * Math.exp(v * v)));
  });

  test('a saved tensor the user still holds stays readable after backward', async () => {
    const w = tensor([1, -2], f64);
    const out = w.mul(3); // the model output: saved by exp as its input, and held here
    const y = out.exp(); // saved by exp as its output, and held here too
    y.sum().backward();
    await settleMemory();
    expect(out.toArray()).toEqual([3, -6]);
    expect(y.toArray()).toEqual([Math.exp(3), Math.exp(-6)]);
  });

  test('tidy, dispose and the collector never free a tensor twice', async () => {
    const w = tensor([0.5, -0.5], f64);
    const before = counts(await settleMemory());
    // In a function of its own, so that no stack slot of this one still holds the last loss.
    const steps = (): void => {
      for (let i = 0; i < 10; i++) {
        tidy(() => {
          w.mul(i).tanh().sum().backward();
        });
        w.zeroGrad();
        const loss = w.mul(i).sigmoid().sum(); // left to the collector
        loss.backward();
        w.zeroGrad();
      }
    };
    steps();
    expect(counts(await settleMemory())).toEqual(before);
  });
});

describe('assign copies', () => {
  test('the target-network pattern: target.assign(online) leaves online usable', async () => {
    const online = tensor([1, 2, 3], { requiresGrad: true });
    const target = zeros([3]);
    const before = counts(await settleMemory());
    target.assign(online);
    target.assign(tensor([7, 8, 9])); // used to dispose online's memory
    expect(online.toArray()).toEqual([1, 2, 3]);
    online.mul(2).sum().backward();
    expect(online.grad?.toArray()).toEqual([2, 2, 2]);
    online.zeroGrad();
    const steps = (): void => {
      for (let i = 0; i < 50; i++) {
        noGrad(() => online.assign(online.add(1))); // an optimizer step, temporaries left to GC
        target.assign(target.mul(0.9).add(online.mul(0.1))); // EMA, temporaries left to GC
      }
    };
    steps();
    expect(online.toArray()).toEqual([51, 52, 53]);
    const expected = [1, 2, 3].map((v) => {
      let t = v + 6; // 7, 8, 9
      for (let i = 1; i <= 50; i++) t = 0.9 * t + 0.1 * (v + i);
      return t;
    });
    (target.toArray() as number[]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    expect(counts(await settleMemory())).toEqual(before);
  });

  test('assign writes into the memory of every view: a detached view, a slice', () => {
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      f64,
    );
    const snapshotView = w.detach(); // what stateDict() hands out
    const firstRow = w.select(0, 0);
    w.assign(
      tensor(
        [
          [5, 6],
          [7, 8],
        ],
        { dtype: 'float64' },
      ),
    );
    expect(snapshotView.toArray()).toEqual([
      [5, 6],
      [7, 8],
    ]);
    expect(firstRow.toArray()).toEqual([5, 6]);
    firstRow.assign(tensor([0, 0], { dtype: 'float64' }));
    expect(w.toArray()).toEqual([
      [0, 0],
      [7, 8],
    ]);
  });

  test('a disposed source is refused', () => {
    const src = tensor([1, 2]);
    src.dispose();
    expect(() => zeros([2]).assign(src)).toThrow('assign: the source was disposed');
  });
});

describe('changing a tensor saved for backward', () => {
  test("is an error naming the op that saved it (PyTorch's version counter)", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4]);
    const y = a.mul(b).sum();
    b.assign(tensor([5, 6]));
    expect(() => y.backward()).toThrow(
      "backward: a tensor saved by 'mul' for backward (its input 'y', shape [2], float32) was changed by assign() after the forward (it is at version 1, expected version 0), so the gradient would use the wrong numbers; call backward before changing it, or change a copy instead (x.detach().clone())",
    );
    expect(a.grad).toBeNull(); // nothing half-applied
  });

  test('through a view that shares its memory, and for a saved output', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4]);
    const y = a.mul(b).sum();
    b.detach().select(0, 1).assign(tensor(0));
    expect(() => y.backward()).toThrow(
      /saved by 'mul' .*its input 'y'.*version 1, expected version 0/,
    );

    const e = a.exp(); // exp saves its output
    e.detach().assign(zeros([2]));
    expect(() => e.sum().backward()).toThrow(
      /saved by 'exp' for backward \(its output, shape \[2\]/,
    );
  });

  test('after backward, assign is fine (the optimizer step)', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4]);
    a.mul(b).sum().backward();
    b.assign(tensor([5, 6]));
    a.assign(tensor([0, 1]));
    a.mul(b).sum().backward();
    expect(a.grad?.toArray()).toEqual([8, 10]);
    expect(memory().backend).toBe('cpu');
  });
});
