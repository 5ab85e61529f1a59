/**
 * Views: ops that reinterpret the same numbers with another shape or order. Their gradients
 * undo the reinterpretation (reshape back, inverse permutation, sum over what was expanded).
 */
import { type NDArray, sumToShape as rawSumToShape } from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';
import type { Tensor } from '../tensor.js';
import { normalizeAxes, normalizeAxis } from './axes.js';

type X = { x: NDArray };

/** The gradient of any op that only changes the shape: reshape back. */
const reshapeBack = (g: Tensor, { x }: { x: Tensor }): Tensor => g.reshape(x.shape);

/** A new shape (a view when strides allow); gradient reshaped back. */
export const reshape = defineOp({
  name: 'reshape',
  forward: ({ x }: X, shape: readonly number[]) => x.reshape(shape),
  backward: { x: reshapeBack },
});

/** A new shape, never copying; gradient reshaped back. */
export const view = defineOp({
  name: 'view',
  forward: ({ x }: X, shape: readonly number[]) => x.view(shape),
  backward: { x: reshapeBack },
});

/** Size-1 dims removed; gradient reshaped back. */
export const squeeze = defineOp({
  name: 'squeeze',
  forward: ({ x }: X, dims: number | readonly number[] | undefined) => x.squeeze(dims),
  backward: { x: reshapeBack },
});

/** A size-1 dim inserted; gradient reshaped back. */
export const unsqueeze = defineOp({
  name: 'unsqueeze',
  forward: ({ x }: X, dim: number) => x.unsqueeze(dim),
  backward: { x: reshapeBack },
});

/** The dims of {@link flatten}. */
export interface FlattenAttrs {
  readonly start: number;
  readonly end: number;
}

/** Dims merged; gradient reshaped back. */
export const flatten = defineOp({
  name: 'flatten',
  forward: ({ x }: X, { start, end }: FlattenAttrs) => x.flatten(start, end),
  backward: { x: reshapeBack },
});

/** The arguments of {@link unflatten}. */
export interface UnflattenAttrs {
  readonly dim: number;
  readonly sizes: readonly number[];
}

/** A dim split; gradient reshaped back. */
export const unflatten = defineOp({
  name: 'unflatten',
  forward: ({ x }: X, { dim, sizes }: UnflattenAttrs) => x.unflatten(dim, sizes),
  backward: { x: reshapeBack },
});

/** Dims reordered; gradient permuted by the inverse permutation. */
export const permute = defineOp({
  name: 'permute',
  forward: ({ x }: X, dims: readonly number[]) => x.permute(dims),
  backward: {
    x: (g, { x }, dims) => {
      const inverse = new Array<number>(dims.length);
      dims.forEach((d, i) => (inverse[normalizeAxis('permute', d, x.ndim)] = i));
      return g.permute(inverse);
    },
  },
});

/** The two dims {@link transpose} swaps. */
export interface TransposeAttrs {
  readonly dim0: number;
  readonly dim1: number;
}

/** Two dims swapped; gradient swapped back. */
export const transpose = defineOp({
  name: 'transpose',
  forward: ({ x }: X, { dim0, dim1 }: TransposeAttrs) => x.transpose(dim0, dim1),
  backward: { x: (g, _saved, { dim0, dim1 }) => g.transpose(dim0, dim1) },
});

/** Broadcast without copying; gradient summed back. */
export const expand = defineOp({
  name: 'expand',
  forward: ({ x }: X, shape: readonly number[]) => x.expand(shape),
  // Every copy of an element contributed to the output: sum them back.
  backward: { x: (g, { x }) => g.sumToSize(x.shape) },
});

/** Order reversed along dims; gradient flipped back. */
export const flip = defineOp({
  name: 'flip',
  forward: ({ x }: X, dims: number | readonly number[]) =>
    x.flip(typeof dims === 'number' ? [dims] : dims),
  backward: { x: (g, { x }, dims) => g.flip(normalizeAxes('flip', dims, x.ndim)) },
});

/** A contiguous layout (copy only if needed); gradient unchanged. */
export const contiguous = defineOp({
  name: 'contiguous',
  forward: ({ x }: X) => x.contiguous(),
  backward: { x: (g) => g },
});

/** A copy; gradient unchanged. */
export const clone = defineOp({
  name: 'clone',
  forward: ({ x }: X) => x.clone(),
  backward: { x: (g) => g },
});

/** Upper triangle; gradient masked the same way. */
export const triu = defineOp({
  name: 'triu',
  forward: ({ x }: X, k: number) => x.triu(k),
  backward: { x: (g, _saved, k) => g.triu(k) },
});

/** Lower triangle; gradient masked the same way. */
export const tril = defineOp({
  name: 'tril',
  forward: ({ x }: X, k: number) => x.tril(k),
  backward: { x: (g, _saved, k) => g.tril(k) },
});

/** Sum down to a shape (unbroadcast); gradient expanded back. */
export const sumToShape = defineOp({
  name: 'sumToShape',
  forward: ({ x }: X, shape: readonly number[]) => rawSumToShape(x, shape),
  backward: { x: (g, { x }) => g.expand(x.shape) },
});
