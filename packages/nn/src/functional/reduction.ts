/** How losses reduce their per-element values. */
import type { Tensor } from '@tensorgrad/autograd';

/** `'mean'` (default of every loss), `'sum'`, or `'none'` (per-element losses). */
export type Reduction = 'mean' | 'sum' | 'none';

/** Throw unless `reduction` is one of the three names (a typo would otherwise pass silently in JS). */
export function checkReduction(op: string, reduction: string): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${op}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
  }
}

/** Reduce per-element losses by plain mean, sum or not at all. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}
