/** `nllLoss`: negative log-likelihood of class indices. */
import type { Tensor } from '@tensorgrad/autograd';
import { classTargets } from './class-targets.js';
import { checkReduction } from './reduction.js';
import type { Reduction } from './reduction.js';

/** Options of {@link nllLoss} (PyTorch's keyword arguments, camelCase). */
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
 * nllLoss(logSoftmax(logits, 1), labels);
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
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
}
