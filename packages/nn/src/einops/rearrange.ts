/**
 * `rearrange`, `reduce` and `repeat`: einops' three pattern operations.
 */
import { applyPattern } from './apply.js';
import { stackLeading } from './concat.js';
import { EinopsError } from './errors.js';
import type { AxesLengths } from './recipe.js';
import type { EinopsTensor, ReductionFn, ReductionName } from './tensor-like.js';

/**
 * A tensor, or a list of equally shaped tensors that is stacked along a new first axis.
 * @example
 * ```ts
 * import { zeros, type Tensor } from '@tensorgrad/autograd';
 * import { rearrange, type EinopsInput } from '@tensorgrad/nn';
 * const frames: EinopsInput<Tensor> = [zeros([4, 5]), zeros([4, 5])]; // stacked along a new first axis
 * if (rearrange(frames, 't h w -> h (t w)').shape.join() !== '4,10') throw new Error('list input');
 * ```
 */
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
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { rearrange } from '@tensorgrad/nn';
 * const x = zeros([2, 12, 3]);
 * if (rearrange(x, 'b (h w) c -> b h w c', { h: 4 }).shape.join() !== '2,4,3,3') throw new Error('split');
 * if (rearrange(x, 'b n c -> (b n) c').shape.join() !== '24,3') throw new Error('merge');
 * if (rearrange(x, 'b ... -> ... b').shape.join() !== '12,3,2') throw new Error('ellipsis');
 * ```
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
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { reduce } from '@tensorgrad/nn';
 * const images = zeros([8, 3, 32, 32]);
 * if (reduce(images, 'b c h w -> b c', 'mean').shape.join() !== '8,3') throw new Error('global average pool');
 * const pooled = reduce(images, 'b c (h h2) (w w2) -> b c h w', 'max', { h2: 2, w2: 2 });
 * if (pooled.shape.join() !== '8,3,16,16') throw new Error('max pool');
 * ```
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
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { repeat } from '@tensorgrad/nn';
 * const image = zeros([30, 40]);
 * if (repeat(image, 'h w -> h w c', { c: 3 }).shape.join() !== '30,40,3') throw new Error('new axis');
 * if (repeat(image, 'h w -> (h h2) (w w2)', { h2: 2, w2: 2 }).shape.join() !== '60,80') throw new Error('upsample');
 * if (repeat(image, 'h w -> 2 h w').shape.join() !== '2,30,40') throw new Error('numbered axis');
 * ```
 */
export function repeat<T extends EinopsTensor<T>>(
  x: EinopsInput<T>,
  pattern: string,
  axesLengths: AxesLengths = {},
): T {
  return applyPattern(asTensor(x, 'repeat'), pattern, 'repeat', axesLengths);
}
