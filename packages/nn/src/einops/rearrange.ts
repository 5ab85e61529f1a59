/**
 * `rearrange`, `reduce` and `repeat`: einops' three pattern operations.
 */
import { applyPattern } from './apply.js';
import { stackLeading } from './concat.js';
import { EinopsError } from './errors.js';
import type { AxesLengths } from './recipe.js';
import type { EinopsTensor, ReductionFn, ReductionName } from './tensor-like.js';

/** A tensor, or a list of equally shaped tensors that is stacked along a new first axis. */
export type EinopsInput<T> = T | readonly T[];

function asTensor<T extends EinopsTensor<T>>(x: EinopsInput<T>, op: string): T {
  if (!Array.isArray(x)) return x as T;
  if (x.length === 0) throw new EinopsError(`${op}: received an empty list of tensors`);
  return stackLeading(x as readonly T[]);
}

/**
 * Reorders, splits and merges axes, following einops' pattern grammar: named axes,
 * parenthesised compositions `(h w)`, `...` for any number of axes, `1` or `()` for unit axes.
 * Lengths of axes that cannot be inferred from the input go in `axesLengths`.
 *
 * Only view operations are used (a copy happens only where strides require one).
 *
 * @throws EinopsError naming the pattern, the input shape and what does not fit.
 * @example
 * const x = zeros([2, 12, 3]);
 * rearrange(x, 'b (h w) c -> b h w c', { h: 4 }).shape;   // [2, 4, 3, 3]
 * rearrange(x, 'b n c -> (b n) c').shape;                 // [24, 3]
 * rearrange(x, 'b ... -> ... b').shape;                   // [12, 3, 2]
 */
export function rearrange<T extends EinopsTensor<T>>(
  x: EinopsInput<T>,
  pattern: string,
  axesLengths: AxesLengths = {},
): T {
  return applyPattern(asTensor(x, 'rearrange'), pattern, 'rearrange', axesLengths);
}

/**
 * Reduces the axes that appear on the left of the pattern but not on the right, with `sum`,
 * `mean`, `max`, `min`, `prod` or a function `(x, axes) => tensor`; otherwise like
 * {@link rearrange}.
 *
 * @example
 * const images = zeros([8, 3, 32, 32]);
 * reduce(images, 'b c h w -> b c', 'mean').shape;                              // [8, 3] (global average pool)
 * reduce(images, 'b c (h h2) (w w2) -> b c h w', 'max', { h2: 2, w2: 2 }).shape; // [8, 3, 16, 16]
 */
export function reduce<T extends EinopsTensor<T>>(
  x: EinopsInput<T>,
  pattern: string,
  reduction: ReductionName | ReductionFn<T>,
  axesLengths: AxesLengths = {},
): T {
  return applyPattern(asTensor(x, 'reduce'), pattern, reduction, axesLengths);
}

/**
 * Adds new axes (named, with lengths in `axesLengths`, or numbered like `3`) and repeats
 * the input along them; otherwise like {@link rearrange}. The repetition is an `expand`, so
 * no data is copied unless a final reshape needs it.
 *
 * @example
 * const image = zeros([30, 40]);
 * repeat(image, 'h w -> h w c', { c: 3 }).shape;          // [30, 40, 3]
 * repeat(image, 'h w -> (h h2) (w w2)', { h2: 2, w2: 2 }).shape; // [60, 80]
 * repeat(image, 'h w -> 2 h w').shape;                   // [2, 30, 40]
 */
export function repeat<T extends EinopsTensor<T>>(
  x: EinopsInput<T>,
  pattern: string,
  axesLengths: AxesLengths = {},
): T {
  return applyPattern(asTensor(x, 'repeat'), pattern, 'repeat', axesLengths);
}
