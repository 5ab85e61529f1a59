/**
 * `smoothL1Loss` and `huberLoss`: quadratic for small errors, linear for large ones, so that
 * outliers pull with a bounded gradient. Huber with `delta` is `delta ·` smooth L1 with `beta = delta`.
 */
import { type Tensor, where } from '@tensorgrad/autograd';
import { checkPointwiseTarget } from './pointwise-target.js';
import { checkReduction, reduce } from './reduction.js';
import type { Reduction } from './reduction.js';
import { forwardScope } from '@tensorgrad/tensor';

/** Options of {@link smoothL1Loss} (PyTorch's keyword arguments). */
export interface SmoothL1LossOptions {
  /** Default `'mean'`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1; 0 gives the L1 loss). */
  beta?: number;
}

/** Options of {@link huberLoss} (PyTorch's keyword arguments). */
export interface HuberLossOptions {
  /** Default `'mean'`. */
  reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1; must be positive). */
  delta?: number;
}

/**
 * Per element, with d = input − target: `0.5 d² / beta` where |d| < beta, else
 * `|d| − 0.5 beta`; reduced (`torch.nn.functional.smooth_l1_loss`).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { smoothL1Loss } from '@tensorgrad/nn';
 * const loss = smoothL1Loss(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' });
 * if (String(loss.toArray()) !== '0.125,2.5') throw new Error('quadratic below beta, linear above');
 * ```
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  options: SmoothL1LossOptions = {},
): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('smoothL1Loss', reduction);
    const beta = options.beta ?? 1;
    if (!(beta >= 0)) throw new Error(`smoothL1Loss: beta must be >= 0, got ${beta}`);
    checkPointwiseTarget('smoothL1Loss', input, target);
    const diff = input.sub(target);
    const size = diff.abs();
    // beta = 0 is the L1 loss (as PyTorch); the quadratic branch would divide by zero.
    if (beta === 0) return reduce(size, reduction);
    return reduce(
      where(size.lt(beta), diff.square().mul(0.5 / beta), size.sub(0.5 * beta)),
      reduction,
    );
  });
}

/**
 * Per element, with d = input − target: `0.5 d²` where |d| < delta, else
 * `delta (|d| − 0.5 delta)`; reduced (`torch.nn.functional.huber_loss`).
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('huberLoss', reduction);
    const delta = options.delta ?? 1;
    if (!(delta > 0)) throw new Error(`huberLoss: delta must be positive, got ${delta}`);
    checkPointwiseTarget('huberLoss', input, target);
    const diff = input.sub(target);
    const size = diff.abs();
    return reduce(
      where(size.lt(delta), diff.square().mul(0.5), size.sub(0.5 * delta).mul(delta)),
      reduction,
    );
  });
}
