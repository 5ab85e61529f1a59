/**
 * Logit filters and sampling for autoregressive generation, ported from
 * `memformer/autoregressive_wrapper.py` (`top_k`, `top_p`) plus a seedable categorical sampler
 * standing in for `torch.multinomial`.
 */
import { Tensor, cat, zerosLike, onesLike, rand } from '@tensorgrad/autograd';
import type { Generator } from '@tensorgrad/autograd';

/** A logit filter: `[b, numTokens]` logits in, the same with dropped entries set to `-inf`. */
export type FilterLogitsFn = (logits: Tensor, thres: number) => Tensor;

/**
 * `top_k(logits, thres)`: keeps the `k = trunc((1 - thres) * numTokens)` largest logits of each
 * row. `k` is computed in double precision as Python does (`thres = 0.9` of 50 tokens gives
 * `k = 4`, not 5); where the reference would sample from all `-inf` (`k = 0`), this throws.
 */
export function topK(logits: Tensor, thres = 0.9): Tensor {
  const numTokens = logits.shape.at(-1) as number;
  const k = Math.trunc((1 - thres) * numTokens);
  if (k < 1) {
    throw new Error(
      `topK: thres ${thres} keeps no token of ${numTokens} (k = trunc((1 - thres) * ${numTokens}) = ${k})`,
    );
  }
  const { indices } = logits.topk(k, -1);
  // probs = full_like(logits, -inf).scatter(1, ind, val): mark the kept positions, keep their logits.
  const kept = zerosLike(logits)
    .scatterAdd(-1, indices, onesLike(indices).cast(logits.dtype))
    .gt(0);
  return logits.where(kept, -Infinity);
}

/**
 * `top_p(logits, thres)` (nucleus filtering) as the reference writes it: a token is dropped once
 * the mass *before* it exceeds `1 - thres`, so `thres` is one minus the nucleus mass.
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * // probabilities ≈ [0.64, 0.24, 0.09, 0.03]: mass before the 2nd token is 0.64 > 0.5, so only the 1st survives.
 * const kept = [...memformer.topP(tensor([[3, 2, 1, 0]]), 0.5).data()];
 * if (kept.join() !== '3,-Infinity,-Infinity,-Infinity') throw new Error(`got ${kept}`);
 * ```
 */
export function topP(logits: Tensor, thres = 0.9): Tensor {
  const { values: sortedLogits, indices: sortedIndices } = logits.sort(-1, true);
  const cumProbs = sortedLogits.softmax(-1).cumsum(-1);
  // sorted_indices_to_remove[:, 1:] = (cum_probs > 1 - thres)[:, :-1]; sorted_indices_to_remove[:, 0] = 0
  const numTokens = logits.shape.at(-1) as number;
  const massBefore = cat(
    [zerosLike(cumProbs.narrow(-1, 0, 1)), cumProbs.narrow(-1, 0, numTokens - 1)],
    -1,
  );
  const remove = massBefore.gt(1 - thres);
  const filtered = sortedLogits.maskedFill(remove, -Infinity);
  // sorted_logits.scatter(1, sorted_indices, sorted_logits): the indices are a permutation, so
  // adding into zeros writes each value once.
  return zerosLike(logits).scatterAdd(-1, sortedIndices, filtered);
}

/**
 * One token per row of `probs` `[b, numTokens]` → `[b, 1]` int32: `torch.multinomial(probs, 1)`
 * from a seedable {@link Generator}, by inverse-CDF sampling with one uniform per row.
 */
export function sampleCategorical(probs: Tensor, generator?: Generator): Tensor {
  const [b, numTokens] = probs.shape as [number, number];
  // float64 so that the cumulative sum of many small probabilities stays exact enough.
  const cdf = probs.cast('float64').cumsum(-1);
  // Scale the uniform by the row's total so that rounding in the cumulative sum cannot push
  // it past the last non-zero entry.
  const u = rand([b, 1], { generator, dtype: 'float64' }).mul(cdf.narrow(-1, numTokens - 1, 1));
  // Token i is drawn when cdf[i-1] <= u < cdf[i], i.e. i = the number of cdf entries <= u.
  // A token of probability 0 has cdf[i] = cdf[i-1] and so can never be drawn.
  return cdf
    .le(u)
    .sum(-1, true)
    .cast('int32')
    .clamp(0, numTokens - 1);
}
