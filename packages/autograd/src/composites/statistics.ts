/** Statistics built from declared ops (mean, sub, square, sum, div). */
import type { Axis } from '../ops/axes.js';
import { normalizeAxes, reducedCount } from '../ops/axes.js';
import type { Tensor, VarOptions } from '../tensor.js';

/**
 * Variance over `axis`, two-pass (the mean is subtracted first) as the array layer does.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { variance } from '../../src/composites/statistics.js';
 * const v = variance(tensor([1, 2, 3, 4]), undefined).item() as number; // unbiased
 * if (Math.abs(v - 5 / 3) > 1e-6) throw new Error('variance');
 * ```
 */
export function variance(x: Tensor, axis: Axis, options: VarOptions = {}): Tensor {
  const { unbiased = true, keepdim = false } = options;
  const axes = normalizeAxes('var', axis, x.ndim);
  const count = reducedCount(x.shape, axes);
  const centered = x.sub(x.mean(axes, true));
  // No samples at all: NaN, as PyTorch gives (0 / -1 would be -0).
  if (count === 0) return centered.sum(axes, keepdim).mul(NaN);
  // n - 1 = 0 gives NaN or Infinity, as PyTorch does for a single sample.
  return centered
    .square()
    .sum(axes, keepdim)
    .div(unbiased ? count - 1 : count);
}
