/**
 * Gradients at the points where an op is not differentiable follow PyTorch's conventions, and
 * none of them is a silent NaN.
 */
import { describe, expect, test } from 'vitest';
import { type Tensor, tensor } from '@tensorgrad/autograd';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

function gradOf(values: number[], fn: (x: Tensor) => Tensor): number[] {
  const x = tensor(values, f64);
  fn(x).sum().backward();
  return x.grad?.toArray() as number[];
}

describe('gradients at kinks, ties and zeros', () => {
  test('relu and abs have gradient 0 at 0', () => {
    expect(gradOf([0, 2], (x) => x.relu())).toEqual([0, 1]);
    expect(gradOf([0, -2], (x) => x.abs())).toEqual([0, -1]);
  });

  test('maximum and minimum split the gradient evenly at ties', () => {
    const x = tensor([1, 2], f64);
    const y = tensor([1, 1], f64);
    x.maximum(y).sum().backward();
    expect(x.grad?.toArray()).toEqual([0.5, 1]);
    expect(y.grad?.toArray()).toEqual([0.5, 0]);
    expect(gradOf([1, 0], (t) => t.minimum(1))).toEqual([0.5, 1]);
  });

  test('a full max/min shares ties; over one dim the first tie takes it (as PyTorch)', () => {
    expect(gradOf([3, 1, 3], (x) => x.max())).toEqual([0.5, 0, 0.5]);
    expect(gradOf([1, 1, 2], (x) => x.min(0))).toEqual([1, 0, 0]);
  });

  test('clamp passes the gradient at the bounds', () => {
    expect(gradOf([-1, 0, 0.5, 1, 2], (x) => x.clamp(0, 1))).toEqual([0, 1, 1, 1, 0]);
  });

  test('pow at a zero base gives no NaN', () => {
    expect(gradOf([0, 2], (x) => x.pow(2))).toEqual([0, 4]);
    expect(gradOf([0, 2], (x) => x.pow(0))).toEqual([0, 0]);
    const base = tensor([0, 2], f64);
    const exponent = tensor([2, 3], f64);
    base.pow(exponent).sum().backward();
    expect(exponent.grad?.toArray()).toEqual([0, 8 * Math.log(2)]);
  });

  test('prod is exact with zeros', () => {
    expect(gradOf([0, 2, 3], (x) => x.prod())).toEqual([6, 0, 0]);
    expect(gradOf([0, 0, 3], (x) => x.prod())).toEqual([0, 0, 0]);
  });

  test('norm of a zero vector has gradient 0', () => {
    expect(gradOf([0, 0], (x) => x.norm())).toEqual([0, 0]);
    expect(gradOf([3, 4], (x) => x.norm())).toEqual([0.6, 0.8]);
  });

  test('step functions have gradient 0', () => {
    for (const fn of [
      (x: Tensor) => x.floor(),
      (x: Tensor) => x.ceil(),
      (x: Tensor) => x.round(),
      (x: Tensor) => x.sign(),
    ]) {
      expect(gradOf([0.5, -1.5], fn)).toEqual([0, 0]);
    }
  });

  test('softmax of a row with large values stays finite', () => {
    const g = gradOf([1000, 1001, 999], (x) =>
      x.softmax(0).mul(tensor([1, 2, 3], { dtype: 'float64' })),
    );
    expect(g.every(Number.isFinite)).toBe(true);
    expect(gradOf([1000, -1000], (x) => x.logSoftmax(0).select(0, 0)).every(Number.isFinite)).toBe(
      true,
    );
  });
});
