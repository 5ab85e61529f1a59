/**
 * The few tensor methods einops is built from. Every einops function only chains these ops,
 * each of which carries its own backward rule (reshape, permute, expand, slice, reductions,
 * matmul), so einops is differentiable by construction and needs no rule of its own.
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

/**
 * A custom reduction: reduces `x` over `axes` (never empty), dropping them.
 * @example
 * ```ts
 * import { tensor, type Tensor } from '@tensorgrad/autograd';
 * import { reduce, type ReductionFn } from '@tensorgrad/nn';
 * const l2: ReductionFn<Tensor> = (x, axes) => x.mul(x).sum(axes).sqrt();
 * if ([...reduce(tensor([[3, 4]]), 'b n -> b', l2).data()].join() !== '5') throw new Error('norm');
 * ```
 */
export type ReductionFn<T> = (x: T, axes: number[]) => T;
