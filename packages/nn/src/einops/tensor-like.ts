/**
 * The few tensor methods einops is built from. Both `@tensorgrad/tensor`'s raw Tensor and
 * `@tensorgrad/autograd`'s Tensor have them with these signatures, so every einops function
 * works on either and is differentiable by construction on the autograd one: it only chains
 * ops that carry their own backward rule (reshape, permute, expand, slice, reductions, matmul).
 */
export interface EinopsTensor<Self> {
  readonly shape: readonly number[];
  reshape(shape: readonly number[]): Self;
  permute(dims: readonly number[]): Self;
  expand(shape: readonly number[]): Self;
  /** Python-style slice of one dimension (used by `unpack` and einsum's diagonals). */
  slice(dim: number, start?: number, end?: number, step?: number): Self;
  sum(axis?: number | number[], keepdim?: boolean): Self;
  mean(axis?: number | number[], keepdim?: boolean): Self;
  max(axis?: number | number[], keepdim?: boolean): Self;
  min(axis?: number | number[], keepdim?: boolean): Self;
  prod(axis?: number | number[], keepdim?: boolean): Self;
  matmul(other: Self): Self;
}

/** The named reductions of {@link reduce}. */
export type ReductionName = 'sum' | 'mean' | 'max' | 'min' | 'prod';

/** A custom reduction: reduces `x` over `axes` (never empty), dropping them. */
export type ReductionFn<T> = (x: T, axes: number[]) => T;
