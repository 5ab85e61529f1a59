import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import { Parameter, clipGradNorm } from '@tensorgrad/nn';
import { expectClose, numbers } from '../helpers.js';

/** Two parameters whose gradients are [3, 4] and [12] (total 2-norm 13). */
function withGradients(): Parameter[] {
  const a = new Parameter(tensor([0, 0], { dtype: 'float64' }));
  const b = new Parameter(tensor([0], { dtype: 'float64' }));
  a.mul(tensor([3, 4], { dtype: 'float64' }))
    .sum()
    .add(b.mul(12).sum())
    .backward();
  return [a, b];
}

describe('clipGradNorm', () => {
  it('returns the total norm and scales by maxNorm / (total + 1e-6)', () => {
    const [a, b] = withGradients();
    expect(clipGradNorm([a!, b!], 6.5)).toBeCloseTo(13, 12);
    const k = 6.5 / (13 + 1e-6);
    expectClose(a!.grad!, [3 * k, 4 * k], 1e-14);
    expectClose(b!.grad!, [12 * k], 1e-14);
  });

  it('leaves gradients below the bound unchanged, and supports the infinity norm', () => {
    const params = withGradients();
    expect(clipGradNorm(params, 100)).toBeCloseTo(13, 12);
    expect(numbers(params[0]!.grad!)).toEqual([3, 4]);
    expect(clipGradNorm(params, 6, { normType: Infinity })).toBe(12);
    expectClose(params[1]!.grad!, [(12 * 6) / (12 + 1e-6)], 1e-14);
  });

  it('throws on a non-finite norm when asked', () => {
    const p = new Parameter(tensor([1], { dtype: 'float64' }));
    p.mul(NaN).sum().backward();
    expect(() => clipGradNorm(p, 1, { errorIfNonfinite: true })).toThrow(
      /total norm of order 2 of the gradients is NaN/,
    );
  });
});
