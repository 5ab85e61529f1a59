/** einops: rearrange, reduce, repeat, einsum, parseShape, pack/unpack. */
export { EinopsError } from './errors.js';
export { rearrange, reduce, repeat, type EinopsInput } from './rearrange.js';
export { einsum } from './einsum.js';
export { parseShape } from './parse-shape.js';
export { pack, unpack, type PackedShapes } from './pack.js';
export type { AxesLengths } from './recipe.js';
export type { EinopsTensor, ReductionFn, ReductionName } from './tensor-like.js';
export { Rearrange, Reduce, Repeat } from './rearrange-layer.js';
export { EinMix, type EinMixOptions } from './ein-mix.js';
