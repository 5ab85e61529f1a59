/**
 * Higher-order gradients: backward rules are written with tensor ops, so a backward run with
 * `createGraph` records a graph that can be differentiated again.
 */
import { describe, expect, test } from 'vitest';
import {
  type Tensor,
  grad,
  gradients,
  memory,
  randn,
  tensor,
  tidy,
  Generator,
} from '@tensorgrad/autograd';

describe('second derivatives', () => {
  test('grad(grad(x => x³)) at 2 is 12', () => {
    const d2 = grad(grad((x: Tensor) => x.pow(3).sum()));
    expect(d2(tensor([2])).item()).toBe(12);
  });

  test('third derivative of x³ is 6 everywhere', () => {
    const d3 = grad(grad(grad((x: Tensor) => x.pow(3).sum())));
    expect(d3(tensor([-1.5])).item()).toBe(6);
  });

  test('backward({ createGraph: true }) leaves a differentiable .grad', () => {
    const x = tensor([2], { requiresGrad: true });
    x.pow(3).sum().backward({ createGraph: true });
    const first = x.grad as Tensor;
    expect(first.item()).toBe(12);
    expect(first.requiresGrad).toBe(true);
    const [second] = gradients(first.sum(), [x]);
    expect(second?.item()).toBe(12);
  });

  test('without createGraph the gradient carries no graph (backward stays cheap)', () => {
    const x = tensor([2], { requiresGrad: true });
    x.pow(3).sum().backward();
    expect(x.grad?.requiresGrad).toBe(false);
    expect(x.grad?.gradFn).toBe(null);
  });

  test('gradients() of an unused input throws unless allowUnused', () => {
    const x = tensor([1], { requiresGrad: true });
    const y = tensor([1], { requiresGrad: true });
    expect(() => gradients(x.mul(2).sum(), [y], { retainGraph: true })).toThrow(
      /input 0 was not used.*allowUnused/,
    );
    expect(gradients(x.mul(2).sum(), [y], { allowUnused: true })[0]?.item()).toBe(0);
  });

  test('a saved tensor changed by assign() makes backward throw instead of using new numbers', () => {
    const w = tensor([3], { requiresGrad: true });
    const y = w.square().sum();
    w.assign(tensor([5]));
    expect(() => y.backward()).toThrow(
      "backward: a tensor saved by 'square' for backward (its input 'x', shape [1], float32) was changed by assign() after the forward (it is at version 1, expected version 0)",
    );
  });
});

/** A two-layer tanh MLP's loss as a function of its flattened parameters. */
function mlpLoss(theta: Tensor, x: Tensor, y: Tensor): Tensor {
  const w1 = theta.narrow(0, 0, 12).reshape([3, 4]);
  const b1 = theta.narrow(0, 12, 4);
  const w2 = theta.narrow(0, 16, 4).reshape([4, 1]);
  return x.matmul(w1).add(b1).tanh().matmul(w2).sub(y).square().mean();
}

describe('Hessian-vector products', () => {
  test('an MLP HVP matches central differences of the gradient', () => {
    const before = memory().tensors;
    tidy(() => {
      const g = new Generator(3);
      const opts = { dtype: 'float64' as const, generator: g };
      const x = randn([5, 3], opts);
      const y = randn([5, 1], opts);
      const theta = randn([20], opts);
      const v = randn([20], opts);
      const gradient = grad((t: Tensor) => mlpLoss(t, x, y));
      // H v = d/dθ (∇L(θ) · v)
      const hvp = grad((t: Tensor) => gradient(t).mul(v).sum())(theta);
      const eps = 1e-5;
      const numeric = gradient(theta.add(v.mul(eps)))
        .sub(gradient(theta.sub(v.mul(eps))))
        .div(2 * eps);
      const analytic = hvp.toArray() as number[];
      const expected = numeric.toArray() as number[];
      expect(Math.max(...expected.map(Math.abs))).toBeGreaterThan(1e-3);
      analytic.forEach((a, i) => expect(a).toBeCloseTo(expected[i] as number, 6));
    });
    expect(memory().tensors).toBe(before);
  });
});
