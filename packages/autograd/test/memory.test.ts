/** Autograd tensors and tidy: what survives, what is freed, and a long training loop stays flat. */
import { describe, expect, test } from 'vitest';
import {
  type Tensor,
  keep,
  memory,
  noGrad,
  randn,
  tensor,
  tidy,
  dispose,
} from '@tensorgrad/autograd';
import { Generator } from '@tensorgrad/tensor';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

/** Live raw tensors and backend buffers. */
function live(): { tensors: number; buffers: number } {
  const m = memory();
  return { tensors: m.tensors, buffers: m.buffers };
}

describe('tidy and autograd tensors', () => {
  test('leaf grads set inside a tidy survive it; intermediates do not', () => {
    const w = tensor([1, 2], f64);
    const before = live();
    tidy(() => {
      w.mul(3).exp().sum().backward();
    });
    expect(w.grad?.isDisposed).toBe(false);
    // Only the grad remains (one tensor, one buffer).
    expect(live()).toEqual({ tensors: before.tensors + 1, buffers: before.buffers + 1 });
    w.zeroGrad();
    expect(live()).toEqual(before);
  });

  test('a replaced gradient is disposed when a new one accumulates', () => {
    const w = tensor([1, 2], f64);
    w.sum().backward();
    const first = w.grad?.value;
    w.sum().backward();
    expect(first?.isDisposed).toBe(true);
    expect(w.grad?.toArray()).toEqual([2, 2]);
  });

  test("assign copies into the tensor's own memory: temporaries go with the tidy, nothing grows", () => {
    const w = tensor([1, 2], f64);
    const value = w.value;
    const storage = w.value.storage;
    const before = live();
    tidy(() => {
      w.assign(w.value.mul(2));
    });
    expect(w.value).toBe(value);
    expect(w.value.storage).toBe(storage);
    expect(storage.version).toBe(1);
    expect(w.toArray()).toEqual([2, 4]);
    expect(live()).toEqual(before);
    expect(() => w.assign(tensor([1, 2, 3], { dtype: 'float64' }))).toThrow(
      'assign: got shape [3] and dtype float64, expected shape [2] and dtype float64',
    );
  });

  test('returning a tensor from tidy keeps its graph, so backward works outside', () => {
    const w = tensor([1, 2], f64);
    const loss = tidy(() => w.mul(3).exp().sum());
    loss.backward();
    const e3 = Math.exp(3);
    const e6 = Math.exp(6);
    expect(w.grad?.toArray()).toEqual([3 * e3, 3 * e6]);
  });

  test('keep and dispose accept autograd tensors', () => {
    const before = live();
    let kept: Tensor | null = null;
    tidy(() => {
      kept = keep(tensor([1], f64).mul(2));
    });
    expect((kept as Tensor | null)?.isDisposed).toBe(false);
    dispose(kept);
    expect(live()).toEqual(before);
  });

  test('noGrad inference inside a tidy leaks nothing', () => {
    const w = randn([8, 8], { dtype: 'float64', requiresGrad: true, generator: new Generator(1) });
    const x = randn([4, 8], { dtype: 'float64', generator: new Generator(2) });
    const before = live();
    for (let i = 0; i < 20; i++) tidy(() => noGrad(() => x.matmul(w).relu().sum().item()));
    expect(live()).toEqual(before);
  });
});

describe('a 1,000-step training loop', () => {
  test('live tensors and buffers stay flat, and the loss goes down', () => {
    const gen = new Generator(3);
    const x = randn([16, 4], { dtype: 'float64', generator: gen });
    const trueW = tensor([[1], [-2], [0.5], [3]], { dtype: 'float64' });
    const y = x.matmul(trueW).add(0.25);
    const w = randn([4, 1], { dtype: 'float64', requiresGrad: true, generator: gen });
    const b = tensor([0], f64);
    const lr = 0.05;

    const step = (): number =>
      tidy(() => {
        const loss = x.matmul(w).add(b).sub(y).square().mean();
        loss.backward();
        noGrad(() => {
          for (const p of [w, b]) {
            p.assign(p.value.sub((p.grad as Tensor).value.mul(lr)));
            p.zeroGrad();
          }
        });
        return loss.item() as number;
      });

    const firstLoss = step();
    const start = live();
    const counts: { tensors: number; buffers: number }[] = [];
    let lastLoss = firstLoss;
    for (let i = 1; i < 1000; i++) {
      lastLoss = step();
      if (i % 100 === 0) counts.push(live());
    }
    for (const c of counts) expect(c).toEqual(start);
    expect(lastLoss).toBeLessThan(firstLoss * 1e-3);
  });
});
