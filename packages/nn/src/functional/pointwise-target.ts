/**
 * The checks shared by the losses that compare `input` and `target` element by element (L1,
 * smooth L1, Huber, the binary cross-entropies): one place for their error messages.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { isFloat, sameShape, shapeString } from '@tensorgrad/tensor';

/**
 * Throw unless `target` is floating point and of the input's shape. PyTorch broadcasts some of
 * these losses with only a warning; here different shapes are an error, as in `mseLoss`:
 * broadcasting a `[N]` target against a `[N, 1]` prediction is almost always a bug.
 */
export function checkPointwiseTarget(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(
      `${op}: input has shape ${shapeString(input.shape)} but target ${shapeString(target.shape)}; expected equal shapes`,
    );
  }
  if (!isFloat(target.dtype)) {
    throw new Error(
      `${op}: target has dtype ${target.dtype}; expected float32 or float64 (cast it: target.cast('float32'))`,
    );
  }
}

/**
 * Throw unless a per-element weight of shape `weight` broadcasts to `shape` without changing it
 * (so the loss keeps the input's shape under `reduction: 'none'`).
 */
export function checkBroadcastsTo(
  op: string,
  name: string,
  weight: readonly number[],
  shape: readonly number[],
): void {
  const offset = shape.length - weight.length;
  const fits = offset >= 0 && weight.every((d, i) => d === 1 || d === shape[offset + i]);
  if (!fits) {
    throw new Error(
      `${op}: ${name} has shape ${shapeString(weight)}, which does not broadcast to the input's ${shapeString(shape)}`,
    );
  }
}
