/** `mseLoss`: mean squared error. */
import type { Tensor } from '@tensorgrad/autograd';
import { checkReduction, reduce } from './reduction.js';
import type { Reduction } from './reduction.js';
import { sameShape, shapeString, forwardScope } from '@tensorgrad/tensor';

/** Options of {@link mseLoss}. */
export interface MseLossOptions {
  /** Default `'mean'`. */
  reduction?: Reduction;
}

/**
 * (input − target)², reduced. Unlike PyTorch, which only warns, different shapes are an error:
 * broadcasting a `[N]` target against a `[N, 1]` prediction is almost always a bug.
 */
export function mseLoss(input: Tensor, target: Tensor, options: MseLossOptions = {}): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('mseLoss', reduction);
    if (!sameShape(input.shape, target.shape)) {
      throw new Error(
        `mseLoss: input has shape ${shapeString(input.shape)} but target ${shapeString(target.shape)}; expected equal shapes`,
      );
    }
    return reduce(input.sub(target).square(), reduction);
  });
}
