/**
 * The binary cross-entropies: `binaryCrossEntropy` on probabilities and
 * `binaryCrossEntropyWithLogits` on logits (the stable one to train with).
 */
import { type Tensor, tidy, where } from '@tensorgrad/autograd';
import { checkBroadcastsTo, checkPointwiseTarget } from './pointwise-target.js';
import { checkReduction, reduce } from './reduction.js';
import type { Reduction } from './reduction.js';
import { forwardScope } from '@tensorgrad/tensor';

/** Options of {@link binaryCrossEntropy} (PyTorch's keyword arguments). */
export interface BinaryCrossEntropyOptions {
  /** Per-element rescaling of the loss, broadcast to the input's shape. */
  weight?: Tensor | null;
  /** Default `'mean'`: the plain mean over elements (weights do not enter the denominator). */
  reduction?: Reduction;
}

/** Options of {@link binaryCrossEntropyWithLogits} (PyTorch's keyword arguments, camelCase). */
export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /**
   * Weight of the positive term, broadcast along the input's trailing dims (PyTorch's
   * `pos_weight`: one per class `[C]` for an input `[N, C]`); > 1 favours recall.
   */
  posWeight?: Tensor | null;
}

/** The floor PyTorch puts under BCE's logs, so that a probability of exactly 0 costs 100, not ∞. */
const LOG_FLOOR = -100;
const LOG_FLOOR_INPUT = Math.exp(LOG_FLOOR);

/**
 * `max(log x, −100)`. Where the floor applies, the log is not taken at all: its gradient there,
 * 0 · (1 / 0), would be NaN.
 */
function flooredLog(x: Tensor): Tensor {
  const above = x.gt(LOG_FLOOR_INPUT);
  return where(above, where(above, x, 1).log(), LOG_FLOOR);
}

/** `max(log(1 − x), −100)`, as log1p(−x); the floor applies only at x = 1. */
function flooredLog1m(x: Tensor): Tensor {
  const below = x.lt(1);
  return where(below, where(below, x, 0).neg().log1p(), LOG_FLOOR);
}

/**
 * `log(1 + e^z)` for any z, as `max(z, 0) + log1p(e^(−|z|))`: the exponent is never positive, so
 * nothing overflows. |z| and max(z, 0) are taken by one `where` on z > 0 rather than by `abs` and
 * `relu`, whose zero subgradients at z = 0 would give a slope of 0 there instead of σ(0) = 1/2.
 */
function log1pExp(z: Tensor): Tensor {
  const positive = z.gt(0);
  return where(positive, z.neg(), z)
    .exp()
    .log1p()
    .add(where(positive, z, 0));
}

/**
 * Binary cross-entropy of probabilities `input` against `target` (the same shape; values in
 * [0, 1], soft labels allowed): `−w [t log x + (1 − t) log(1 − x)]`, reduced
 * (`torch.nn.functional.binary_cross_entropy`). As in PyTorch, each log is floored at −100, and
 * an input outside [0, 1] (or NaN) is an error.
 *
 * Gradients agree with PyTorch's except where an input is exactly 0 or 1 (or within e^−100 of
 * 0): there PyTorch divides by max(x (1 − x), 1e-12), giving ±1e12 or 0, while this gives the
 * derivative of the floored loss, which is finite. Prefer {@link binaryCrossEntropyWithLogits}
 * on logits: a sigmoid that rounds to exactly 0 or 1 loses the gradient either way.
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const op = 'binaryCrossEntropy';
    const reduction = options.reduction ?? 'mean';
    checkReduction(op, reduction);
    checkPointwiseTarget(op, input, target);
    const weight = options.weight ?? null;
    if (weight) checkBroadcastsTo(op, 'weight', weight.shape, input.shape);
    checkProbabilities(op, input);
    let loss = target
      .mul(flooredLog(input))
      .add(target.neg().add(1).mul(flooredLog1m(input)))
      .neg();
    if (weight) loss = loss.mul(weight);
    return reduce(loss, reduction);
  });
}

/**
 * Throw, as PyTorch does on the cpu, when an input is not a probability (NaN included). This
 * reads one boolean back from the backend, as the class-index check of `crossEntropy` does.
 */
function checkProbabilities(op: string, input: Tensor): void {
  const problem = tidy(() => {
    const outside = input.lt(0).logicalOr(input.gt(1));
    const nan = input.isnan();
    if (!outside.logicalOr(nan).any().itemBool()) return null;
    const range = outside.any().itemBool()
      ? `min ${Number(input.min().item())}, max ${Number(input.max().item())}`
      : 'NaN';
    return `got ${range}`;
  });
  if (problem !== null) {
    throw new Error(
      `${op}: all elements of input should be between 0 and 1, ${problem}; for logits, use binaryCrossEntropyWithLogits`,
    );
  }
}

/**
 * Binary cross-entropy of logits: `binaryCrossEntropy(sigmoid(input), target)` computed stably
 * (`torch.nn.functional.binary_cross_entropy_with_logits`), as
 * `(1 − t) x + (1 + (p − 1) t) log(1 + e^(−x))` with p the `posWeight`, and `log(1 + e^(−x))`
 * in a form that never overflows; its gradient is `σ(x) (1 + (p − 1) t) − p t`, times the weight.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from '@tensorgrad/nn';
 * const logits = tensor([-200, 0, 200]);
 * const target = tensor([1, 1, 0]);
 * const stable = binaryCrossEntropyWithLogits(logits, target, { reduction: 'none' });
 * if (String(stable.toArray()) !== '200,0.6931471824645996,200') throw new Error(`${stable.toArray()}`);
 * // The sigmoid rounds to exactly 0 and 1, so the probability form hits PyTorch's floor of 100:
 * const floored = binaryCrossEntropy(logits.sigmoid(), target, { reduction: 'none' });
 * if (String(floored.toArray()) !== '100,0.6931471824645996,100') throw new Error(`${floored.toArray()}`);
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  // Its intermediates are freed, or handed to the graph for backward, on return (see forwardScope).
  return forwardScope(() => {
    const op = 'binaryCrossEntropyWithLogits';
    const reduction = options.reduction ?? 'mean';
    checkReduction(op, reduction);
    checkPointwiseTarget(op, input, target);
    const weight = options.weight ?? null;
    const posWeight = options.posWeight ?? null;
    if (weight) checkBroadcastsTo(op, 'weight', weight.shape, input.shape);
    if (posWeight) checkBroadcastsTo(op, 'posWeight', posWeight.shape, input.shape);
    // −log σ(x) = log(1 + e^(−x)) and −log(1 − σ(x)) = x + log(1 + e^(−x)).
    const negLogSigmoid = log1pExp(input.neg());
    const positiveTerm = posWeight
      ? posWeight.sub(1).mul(target).add(1).mul(negLogSigmoid)
      : negLogSigmoid;
    let loss = target.neg().add(1).mul(input).add(positiveTerm);
    if (weight) loss = loss.mul(weight);
    return reduce(loss, reduction);
  });
}
