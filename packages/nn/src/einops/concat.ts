/**
 * Joining tensors, for `pack` and for the list inputs of rearrange/reduce/repeat: the one einops
 * step that is not a method of a tensor (`cat` is a free function).
 */
import { Tensor, cat } from '@tensorgrad/autograd';
import { EinopsError } from './errors.js';
import type { EinopsTensor } from './tensor-like.js';
import { sameShape, shapeString } from '@tensorgrad/tensor';

/**
 * Concatenates `tensors` along `axis`.
 * For example, `concat([zeros([2, 3]), zeros([2, 1])], 1).shape` gives [2, 4].
 */
export function concat<T extends EinopsTensor<T>>(tensors: readonly T[], axis: number): T {
  if (tensors.every((t) => t instanceof Tensor)) {
    return cat(tensors as unknown as Tensor[], axis) as unknown as T;
  }
  throw new EinopsError(
    `cannot join these tensors: expected Tensors, got ${tensors.map((t) => (t as object).constructor.name).join(', ')}`,
  );
}

/**
 * Stacks same-shaped tensors along a new leading axis (a list input of rearrange).
 * For example, `stackLeading([zeros([2]), zeros([2])]).shape` gives [2, 2].
 */
export function stackLeading<T extends EinopsTensor<T>>(tensors: readonly T[]): T {
  const shape = tensors[0]!.shape;
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, shape)) {
      throw new EinopsError(
        `a list of tensors must share one shape, but tensor 0 has ${shapeString(shape)} and tensor ${i} has ${shapeString(t.shape)}`,
      );
    }
  });
  return concat(
    tensors.map((t) => t.reshape([1, ...shape])),
    0,
  );
}
