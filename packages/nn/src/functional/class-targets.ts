/**
 * The part shared by `nllLoss` and `crossEntropy` for class-index targets: validating the target
 * against PyTorch's class-dim layout, and the per-element class weights with ignored positions at 0.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { ones, tidy } from '@tensorgrad/autograd';
import { sameShape, shapeString } from '@tensorgrad/tensor';

/** The class dimension: 0 for an unbatched `[C]` input, else 1 (`[N, C, d1, ...]`). */
export function classDim(input: Tensor): number {
  return input.ndim === 1 ? 0 : 1;
}

/** What the class-index losses need, computed once. */
export interface ClassTargets {
  /** `input` at each target class, shape of the target: `input[n, target[n, ...], ...]`. */
  picked: Tensor;
  /** Per-element weight `weight[target]` (1 without class weights), 0 where the target is ignored. */
  elementWeight: Tensor;
  /** 1 where the target is not ignored, 0 where it is. */
  keepMask: Tensor;
}

/**
 * Check `target` (int32, the input's shape without the class dim, values in [0, C) or
 * `ignoreIndex`) and pick the target classes out of `input`.
 */
export function classTargets(
  op: string,
  input: Tensor,
  target: Tensor,
  weight: Tensor | null | undefined,
  ignoreIndex: number,
): ClassTargets {
  checkClassTargets(op, input, target, weight, ignoreIndex);
  return pickClassTargets(input, target, weight, ignoreIndex);
}

/**
 * The checks of {@link classTargets} alone, reading the target's values (its smallest and
 * largest class) but leaving no tensor behind, whether they pass or throw: a loss calls it
 * before computing anything, so that a bad target costs no allocation that could leak.
 */
export function checkClassTargets(
  op: string,
  input: Tensor,
  target: Tensor,
  weight: Tensor | null | undefined,
  ignoreIndex: number,
): void {
  if (input.ndim === 0)
    throw new Error(`${op}: input is a scalar; expected [C] or [N, C, d1, ...]`);
  const dim = classDim(input);
  const classes = input.shape[dim]!;
  const expectedShape = input.shape.filter((_, i) => i !== dim);
  if (target.dtype !== 'int32') {
    const fix =
      target.dtype === 'float32' || target.dtype === 'float64'
        ? ` (tensor([...]) makes float32 by default: use tensor([...], { dtype: 'int32' }) or target.cast('int32'))`
        : ` (use target.cast('int32'))`;
    throw new Error(`${op}: class-index target has dtype ${target.dtype}; expected int32${fix}`);
  }
  if (!sameShape(target.shape, expectedShape)) {
    throw new Error(
      `${op}: target has shape ${shapeString(target.shape)}; for input ${shapeString(input.shape)} ` +
        `(classes in dim ${dim}) expected ${shapeString(expectedShape)}`,
    );
  }
  checkClassWeight(op, weight, classes);
  tidy(() => {
    const safeTarget = target.maskedFill(target.eq(ignoreIndex), 0);
    if (safeTarget.size > 0) {
      const low = Number(safeTarget.min().item());
      const high = Number(safeTarget.max().item());
      if (low < 0 || high >= classes) {
        throw new Error(
          `${op}: target holds class ${low < 0 ? low : high}, outside [0, ${classes}) ` +
            `(and not the ignoreIndex ${ignoreIndex})`,
        );
      }
    }
  });
}

/** Throws unless `weight` (when given) has one entry per class. */
export function checkClassWeight(
  op: string,
  weight: Tensor | null | undefined,
  classes: number,
): void {
  if (weight && !sameShape(weight.shape, [classes])) {
    throw new Error(
      `${op}: weight has shape ${shapeString(weight.shape)}; expected [${classes}] (one per class)`,
    );
  }
}

/** The computing part of {@link classTargets}, for a target {@link checkClassTargets} passed. */
export function pickClassTargets(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null | undefined,
  ignoreIndex: number,
): ClassTargets {
  const dim = classDim(input);
  const classes = input.shape[dim]!;
  const raw = tidy(() => {
    const ignored = target.eq(ignoreIndex);
    const safeTarget = target.maskedFill(ignored, 0);
    const keepMask = ignored.logicalNot().cast(input.dtype);
    const classWeight: Tensor = weight
      ? weight.detach().cast(input.dtype)
      : ones([classes], { dtype: input.dtype });
    const perElement = classWeight
      .indexSelect(0, safeTarget.reshape([-1]))
      .reshape(target.shape)
      .mul(keepMask);
    return { index: safeTarget.unsqueeze(dim), keepMask, perElement };
  });
  // The survivors of the tidy join the caller's scope, like any op's output; gather saves the index for backward.
  const picked = input.gather(dim, raw.index).squeeze(dim);
  return { picked, elementWeight: raw.perElement, keepMask: raw.keepMask };
}
