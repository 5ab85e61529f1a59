/**
 * A module's forward frees its own intermediates (or hands them to the graph, which frees them
 * in backward) without `tidy` and without the garbage collector: `memory()` right after a step
 * counts only what the loop itself still holds. What user code can read stays readable.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, grad, memory, noGrad, randn, tensor, tidy } from '@tensorgrad/autograd';
import {
  CrossEntropyLoss,
  GELU,
  LayerNorm,
  Linear,
  Module,
  Sequential,
  crossEntropy,
  mseLoss,
} from '@tensorgrad/nn';

class Block extends Module {
  readonly norm = new LayerNorm(6);
  readonly fc1 = new Linear(6, 12);
  readonly act = new GELU();
  readonly fc2 = new Linear(12, 6);
  /** Set by forward when `remember` is on: what a module keeps on itself stays readable. */
  lastHidden: Tensor | null = null;
  remember = false;

  forward(x: Tensor): Tensor {
    const hidden = this.act.forward(this.fc1.forward(this.norm.forward(x)));
    if (this.remember) this.lastHidden = hidden;
    return x.add(this.fc2.forward(hidden).softmax(-1).mul(x.exp()));
  }
}

function model(): Sequential {
  return new Sequential(new Block(), new Block(), new Linear(6, 3));
}

const x = randn([4, 6]);
const labels = tensor([0, 2, 1, 2], { dtype: 'int32' });

/** Live tensors and buffers now, without collecting anything. */
function live(): [number, number] {
  const m = memory();
  return [m.tensors, m.buffers];
}

describe('forward without tidy', () => {
  it('a training step leaves only what the loop holds: the output, the loss and the grads', () => {
    const net = model();
    const params = net.parameters();
    const [tensors0, buffers0] = live();
    const logits = net.forward(x);
    const loss = crossEntropy(logits, labels);
    loss.backward();
    // Everything the forward and the loss created is gone again, except logits and loss
    // themselves (the loop holds them) and one gradient per parameter.
    expect(live()).toEqual([tensors0 + 2 + params.length, buffers0 + 2 + params.length]);
    expect(loss.item()).toBeGreaterThan(0);
    expect(logits.shape).toEqual([4, 3]);
    net.zeroGrad();
    expect(live()).toEqual([tensors0 + 2, buffers0 + 2]);
  });

  it('gives the gradients that the same computation gives inside tidy', () => {
    const net = model();
    crossEntropy(net.forward(x), labels).backward();
    const scoped = net.parameters().map((p) => p.grad!.toArray());
    net.zeroGrad();
    tidy(() => crossEntropy(net.forward(x), labels).backward());
    expect(net.parameters().map((p) => p.grad!.toArray())).toEqual(scoped);
  });

  it('under noGrad, nothing but the output outlives the forward', () => {
    const net = model();
    const [tensors0, buffers0] = live();
    const y = noGrad(() => net.forward(x));
    expect(live()).toEqual([tensors0 + 1, buffers0 + 1]);
    y.dispose();
  });

  it('a loss module frees its intermediates too', () => {
    const net = model();
    const criterion = new CrossEntropyLoss({ labelSmoothing: 0.1 });
    const [tensors0] = live();
    const logits = net.forward(x);
    const [tensors1] = live();
    const loss = criterion.forward(logits, labels);
    // Intermediates saved for backward are alive until it runs.
    expect(live()[0] - tensors1).toBeGreaterThan(1);
    loss.backward();
    expect(live()[0] - tensors0).toBe(2 + net.parameters().length); // logits, loss, grads
  });

  it('retainGraph keeps the saved intermediates for a second backward, the last one frees them', () => {
    const net = model();
    const [tensors0] = live();
    const loss = mseLoss(net.forward(x), randn([4, 3]));
    loss.backward({ retainGraph: true });
    const grads1 = net.parameters().map((p) => p.grad!.toArray() as number[][]);
    loss.backward();
    const grads2 = net.parameters().map((p) => p.grad!.toArray() as number[][]);
    grads2.forEach((g, i) => expect(g.flat(2)).toEqual(grads1[i]!.flat(2).map((v) => 2 * v)));
    // output, target, loss and the grads
    expect(live()[0] - tensors0).toBe(3 + net.parameters().length);
    expect(() => loss.backward()).toThrow(/backward through the graph a second time/);
  });

  it('second derivatives through modules still work (createGraph keeps the graph)', () => {
    const lin = new Linear(3, 1);
    const input = randn([2, 3], { requiresGrad: true });
    const g = grad((v: Tensor) => lin.forward(v).square().sum(), { createGraph: true })(input);
    g.square().sum().backward();
    expect(lin.weight.grad).not.toBeNull();
    expect(Number.isFinite(lin.weight.grad!.sum().item())).toBe(true);
  });

  it('what a forward hook saw and what a module keeps on itself stay readable after backward', () => {
    const net = model();
    const first = net.get(0) as Block;
    first.remember = true;
    const seen: Tensor[] = [];
    const handle = net.get(1)!.registerForwardHook((_m, args, out) => {
      seen.push(args[0] as Tensor, out);
    });
    crossEntropy(net.forward(x), labels).backward();
    handle.remove();
    for (const t of [...seen, first.lastHidden!]) {
      expect(t.isDisposed).toBe(false);
      expect(Number.isFinite(t.sum().item())).toBe(true);
    }
  });

  it('an intermediate kept outside the module is freed by backward, and the error says why', () => {
    const leaked: Tensor[] = [];
    class Leaky extends Module {
      readonly fc = new Linear(6, 6);
      forward(v: Tensor): Tensor {
        const hidden = this.fc.forward(v).exp();
        leaked.push(hidden); // a closure: neither returned nor on the module
        return hidden.sum();
      }
    }
    new Leaky().forward(x).backward();
    expect(() => leaked[0]!.sum()).toThrow(
      /used after dispose .*made inside a module's forward .* backward freed it .* keep\(\) it/,
    );
  });

  it('a forward that throws leaves nothing behind', () => {
    class Fails extends Module {
      readonly fc = new Linear(6, 6);
      forward(v: Tensor): Tensor {
        this.fc.forward(v).exp();
        throw new Error('planned');
      }
    }
    const net = new Fails();
    const [tensors0, buffers0] = live();
    expect(() => net.forward(x)).toThrow('planned');
    expect(live()).toEqual([tensors0, buffers0]);
  });

  it('inside an outer tidy, the handed-over intermediates are still freed by the tidy', () => {
    const net = model();
    const [tensors0] = live();
    tidy(() => {
      crossEntropy(net.forward(x), labels); // no backward: the graph never frees them
    });
    expect(live()[0]).toBe(tensors0);
  });
});
