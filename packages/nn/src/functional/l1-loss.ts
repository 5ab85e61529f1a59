/** `l1Loss`: mean absolute error. */
import type { Tensor } from '@tensorgrad/autograd';
import { forwardScope } from '@tensorgrad/tensor';
import { checkPointwiseTarget } from './pointwise-target.js';
import { checkReduction, reduce } from './reduction.js';
import type { Reduction } from './reduction.js';

/** Options of {@link l1Loss}. */
export interface L1LossOptions {
  /** Default `'mean'`. */
  reduction?: Reduction;
}

/**
 * |input − target|, reduced (`torch.nn.functional.l1_loss`). The gradient at a zero difference
 * is 0, as PyTorch's. `target` must be floating point and of the input's shape.
 */
export function l1Loss(input: Tensor, target: Tensor, options: L1LossOptions = {}): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('l1Loss', reduction);
    checkPointwiseTarget('l1Loss', input, target);
    return reduce(input.sub(target).abs(), reduction);
  });
}
