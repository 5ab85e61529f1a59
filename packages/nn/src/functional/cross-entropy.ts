/** `crossEntropy`: softmax cross-entropy with PyTorch's options. */
import type { Tensor } from '@tensorgrad/autograd';
import {
  checkClassTargets,
  checkClassWeight,
  classDim,
  pickClassTargets,
} from './class-targets.js';
import { checkReduction } from './reduction.js';
import type { Reduction } from './reduction.js';
import { sameShape, shapeString, forwardScope } from '@tensorgrad/tensor';

/** Options of {@link crossEntropy} (PyTorch's keyword arguments, camelCase). */
export interface CrossEntropyOptions {
  /** Per-class weights `[C]`. */
  weight?: Tensor | null;
  /** Class-index target value that contributes nothing (default -100; unused with probability targets). */
  ignoreIndex?: number;
  /** Default `'mean'`. */
  reduction?: Reduction;
  /** Mix the target with the uniform distribution: (1 − ε)·target + ε / C (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy between logits `input` (`[N, C]`, `[N, C, d1, ...]` or `[C]`; classes in dim 1,
 * or dim 0 when unbatched) and a target that is either
 * - class indices: int32 of the input's shape without the class dim, or
 * - class probabilities: a float tensor of the input's shape.
 *
 * Reproduces `torch.nn.functional.cross_entropy`, including its reductions: with class indices,
 * `'mean'` divides by the summed weights of the non-ignored targets (NaN when all are ignored,
 * as PyTorch); with probabilities, by the number of elements N·d1·…
 * @example
 * ```ts
 * import { randn, tensor, zeros } from '@tensorgrad/autograd';
 * import { crossEntropy } from '@tensorgrad/nn';
 * const labels = tensor([0, 2], { dtype: 'int32' });
 * const uniform = crossEntropy(zeros([2, 3]), labels); // [N, C] and [N]
 * if (Math.abs(Number(uniform.item()) - Math.log(3)) > 1e-6) throw new Error('uniform logits give log C');
 * crossEntropy(randn([2, 3]), labels, { ignoreIndex: 0, labelSmoothing: 0.1 });
 * const tokenLogits = randn([2, 5, 7]); // [B, T, V]
 * const tokens = zeros([2, 5], { dtype: 'int32' });
 * const perToken = crossEntropy(tokenLogits.transpose(1, 2), tokens, { reduction: 'none' }); // [B, V, T] and [B, T]
 * if (perToken.shape.join() !== '2,5') throw new Error(`shape ${perToken.shape}`);
 * ```
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const reduction = options.reduction ?? 'mean';
    checkReduction('crossEntropy', reduction);
    const smoothing = options.labelSmoothing ?? 0;
    if (!(smoothing >= 0 && smoothing <= 1)) {
      throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${smoothing}`);
    }
    if (input.ndim === 0)
      throw new Error(`crossEntropy: input is a scalar; expected [C] or [N, C, d1, ...]`);
    const dim = classDim(input);
    const classes = input.shape[dim]!;
    const ignoreIndex = options.ignoreIndex ?? -100;
    const probabilities = target.dtype === 'float32' || target.dtype === 'float64';
    // Every check runs before anything is computed, so that a bad call leaves no tensor behind.
    if (probabilities) {
      if (!sameShape(target.shape, input.shape)) {
        const indexShape = input.shape.filter((_, i) => i !== dim);
        // A float target shaped like class indices is nearly always indices made with `tensor()`,
        // whose default dtype is float32; PyTorch would say the same (it wants int64 there).
        const hint = sameShape(target.shape, indexShape)
          ? `; it has the shape of class indices for this input, which must be int32 — ` +
            `tensor([...]) makes float32 by default: build them with tensor([...], { dtype: 'int32' }) or call target.cast('int32')`
          : '';
        throw new Error(
          `crossEntropy: got a ${target.dtype} target of shape ${shapeString(target.shape)} for input ${shapeString(input.shape)}. ` +
            `A float target holds class probabilities and must have the input's shape ${shapeString(input.shape)}${hint}`,
        );
      }
      checkClassWeight('crossEntropy', options.weight, classes);
    } else {
      checkClassTargets('crossEntropy', input, target, options.weight, ignoreIndex);
    }
    const logProbs = input.logSoftmax(dim);
    // Weight reshaped to broadcast along the class dim: [C] → [1, C, 1, ...].
    const weight = options.weight
      ? options.weight.reshape(input.shape.map((d, i) => (i === dim ? d : 1)))
      : null;

    if (probabilities) {
      const smoothed = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
      let terms = logProbs.mul(smoothed);
      if (weight) terms = terms.mul(weight);
      const loss = terms.sum(dim).neg();
      if (reduction === 'none') return loss;
      return reduction === 'sum' ? loss.sum() : loss.mean();
    }

    const { picked, elementWeight, keepMask } = pickClassTargets(
      logProbs,
      target,
      options.weight,
      ignoreIndex,
    );
    const nll = picked.mul(elementWeight).neg();
    if (smoothing === 0) {
      if (reduction === 'none') return nll;
      return reduction === 'sum' ? nll.sum() : nll.sum().div(elementWeight.sum());
    }
    // Label smoothing, following PyTorch's cross_entropy_loss_label_smoothing: the uniform part
    // is −Σ_c w_c log p_c, zeroed at ignored positions, reduced with the same denominator.
    const smooth = (weight ? logProbs.mul(weight) : logProbs).sum(dim).neg().mul(keepMask);
    const mix = (a: Tensor, b: Tensor): Tensor =>
      a.mul(1 - smoothing).add(b.mul(smoothing / classes));
    if (reduction === 'none') return mix(nll, smooth);
    if (reduction === 'sum') return mix(nll.sum(), smooth.sum());
    const denominator = elementWeight.sum();
    return mix(nll.sum().div(denominator), smooth.sum().div(denominator));
  });
}
