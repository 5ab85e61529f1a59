/** `nllLoss`: negative log-likelihood of class indices. */
import type { Tensor } from '@tensorgrad/autograd';
import { forwardScope } from '@tensorgrad/tensor';
import { classTargets } from './class-targets.js';
import { checkReduction } from './reduction.js';
import type { Reduction } from './reduction.js';

/**
 * Options of {@link nllLoss} (PyTorch's keyword arguments, camelCase).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { nllLoss, type NllLossOptions } from '@tensorgrad/nn';
 * const options: NllLossOptions = { ignoreIndex: 1, reduction: 'sum' };
 * const logProbs = tensor([[-1, -2], [-3, -4]]);
 * const loss = nllLoss(logProbs, tensor([0, 1], { dtype: 'int32' }), options);
 * if (loss.item() !== 1) throw new Error('only the first target counts');
 * ```
 */
export interface NllLossOptions {
  /** Per-class weights `[C]`. */
  weight?: Tensor | null;
  /** Target value that contributes nothing (default -100). */
  ignoreIndex?: number;
  /** Default `'mean'`: the weighted mean, Σ w[t]·loss / Σ w[t] over non-ignored elements. */
  reduction?: Reduction;
}

/**
 * −input[n, target[n]] · weight[target[n]] for log-probabilities `input` `[N, C, d1, ...]`
 * (or `[C]`) and int32 targets `[N, d1, ...]` (or `[]`).
 * As in PyTorch, `'mean'` over targets that are all ignored is 0/0 = NaN.
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { crossEntropy, logSoftmax, nllLoss } from '@tensorgrad/nn';
 * const logits = randn([3, 4]);
 * const labels = tensor([0, 3, 1], { dtype: 'int32' });
 * const loss = nllLoss(logSoftmax(logits, 1), labels);
 * if (Math.abs(Number(loss.item()) - Number(crossEntropy(logits, labels).item())) > 1e-5) throw new Error('= crossEntropy');
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('nllLoss', reduction);
    const { picked, elementWeight } = classTargets(
      'nllLoss',
      input,
      target,
      options.weight,
      options.ignoreIndex ?? -100,
    );
    const loss = picked.mul(elementWeight).neg();
    if (reduction === 'none') return loss;
    if (reduction === 'sum') return loss.sum();
    return loss.sum().div(elementWeight.sum());
  });
}
