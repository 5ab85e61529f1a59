/** Reductions and scans, and their gradients (broadcast back over the reduced axes). */
import type { NDArray } from '@tensorgrad/tensor';
import { eye, zerosLike } from '../creation.js';
import { defineOp } from '../define-op.js';
import { where } from '../functions.js';
import type { Tensor } from '../tensor.js';
import { type Axis, expandReduced, normalizeAxes, normalizeAxis, reducedCount } from './axes.js';

type X = { x: NDArray };

/** The axes and keepdim flag of a reduction. */
export interface ReduceAttrs {
  readonly axis: Axis;
  readonly keepdim: boolean;
}

/** Sum over axes; the gradient is broadcast back. */
export const sum = defineOp({
  name: 'sum',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.sum(axis, keepdim),
  backward: {
    x: (g, { x }, { axis }) => expandReduced(g, x.shape, normalizeAxes('sum', axis, x.ndim)),
  },
});

/** Mean over axes; the gradient is broadcast back and divided by the count. */
export const mean = defineOp({
  name: 'mean',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.mean(axis, keepdim),
  backward: {
    x: (g, { x }, { axis }) => {
      const axes = normalizeAxes('mean', axis, x.ndim);
      return expandReduced(g, x.shape, axes).div(reducedCount(x.shape, axes));
    },
  },
});

/** Product over axes. */
export const prod = defineOp({
  name: 'prod',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.prod(axis, keepdim),
  // d/dx_i = the product of the others. Without zeros that is out / x_i, which is cheap and, read
  // from the saved output, differentiable again. With zeros out / x_i is 0/0, so the product of
  // the others is formed explicitly (quadratic in the reduced size, but exact at zeros, and its
  // own derivative is right too: PyTorch's prod double backward has the same cases).
  backward: {
    x: (g, { x, out }, { axis }) => {
      const axes = normalizeAxes('prod', axis, x.ndim);
      const gradient = expandReduced(g, x.shape, axes);
      const hasZero = x.size > 0 && x.eq(0).any().itemBool();
      if (!hasZero) return gradient.mul(expandReduced(out, x.shape, axes)).div(x);
      return gradient.mul(productOfOthers(x, axes));
    },
  },
});

/** For each element, the product of the other elements of its slice over `axes`. */
function productOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const order = [...kept, ...axes];
  const n = reducedCount(x.shape, axes);
  // Move the reduced axes last and flatten them: [...kept, n]; then [...kept, n, n] where row j
  // is the slice with its j-th element replaced by 1.
  const rows = x.permute(order).reshape([...kept.map((i) => x.shape[i] as number), 1, n]);
  const diagonal = eye(n, n, { dtype: 'bool' });
  const others = where(diagonal, 1, rows.expand([...rows.shape.slice(0, -2), n, n])).prod(-1);
  const inverse = order.map((_, i) => order.indexOf(i));
  return others.reshape(order.map((i) => x.shape[i] as number)).permute(inverse);
}

/**
 * The gradient of a max/min, with PyTorch's rule for each form of the call:
 *
 * - over one dim (`torch.max(x, dim)`): all of it goes to the index the reduction returns (the
 *   first extremum, or the first NaN, as `argmax`/`argmin` pick);
 * - over everything (`x.max()`): split evenly among the elements equal to the result, NaNs
 *   counting as equal to a NaN result;
 * - over a list of dims (`amax`/`amin`): split evenly among the elements equal to the result;
 *   a slice whose result is NaN has no such element and gets NaN (0/0), as in PyTorch.
 */
function extremumGradient(
  g: Tensor,
  x: Tensor,
  out: Tensor,
  axis: Axis,
  which: 'max' | 'min',
): Tensor {
  if (typeof axis === 'number') {
    const dim = normalizeAxis(which, axis, x.ndim);
    if (x.ndim === 0) return g.reshape(x.shape);
    const index = which === 'max' ? x.argmax(dim, true) : x.argmin(dim, true);
    return zerosLike(x).scatterAdd(dim, index, g.reshape(index.shape));
  }
  const axes = normalizeAxes(which, axis, x.ndim);
  const result = expandReduced(out, x.shape, axes);
  let attains = x.eq(result);
  if (axis === undefined) attains = attains.logicalOr(x.isnan().logicalAnd(result.isnan()));
  const mask = attains.cast(x.dtype);
  return expandReduced(g, x.shape, axes).mul(mask).div(mask.sum(axes, true));
}

/** Maximum over axes (see {@link extremumGradient} for the gradient's three rules). */
export const max = defineOp({
  name: 'max',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.max(axis, keepdim),
  backward: { x: (g, { x, out }, { axis }) => extremumGradient(g, x, out, axis, 'max') },
});

/** Minimum over axes (see {@link extremumGradient} for the gradient's three rules). */
export const min = defineOp({
  name: 'min',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.min(axis, keepdim),
  backward: { x: (g, { x, out }, { axis }) => extremumGradient(g, x, out, axis, 'min') },
});

/** The dims of `amax`/`amin`, always a list (`torch.amax`): none given means all. */
const dimsOf = (axis: Axis, ndim: number): readonly number[] =>
  typeof axis === 'number' ? [axis] : (axis ?? Array.from({ length: ndim }, (_, i) => i));

/** Maximum over dims, `torch.amax`: ties share the gradient evenly, whatever the dims. */
export const amax = defineOp({
  name: 'amax',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.max(dimsOf(axis, x.ndim), keepdim),
  backward: {
    x: (g, { x, out }, { axis }) => extremumGradient(g, x, out, dimsOf(axis, x.ndim), 'max'),
  },
});

/** Minimum over dims, `torch.amin`: ties share the gradient evenly, whatever the dims. */
export const amin = defineOp({
  name: 'amin',
  forward: ({ x }: X, { axis, keepdim }: ReduceAttrs) => x.min(dimsOf(axis, x.ndim), keepdim),
  backward: {
    x: (g, { x, out }, { axis }) => extremumGradient(g, x, out, dimsOf(axis, x.ndim), 'min'),
  },
});

/** The axes and correction of a {@link std}. */
export interface StdAttrs extends ReduceAttrs {
  readonly unbiased: boolean;
}

/** Standard deviation over axes. */
export const std = defineOp({
  name: 'std',
  forward: ({ x }: X, { axis, keepdim, unbiased }: StdAttrs) => x.std(axis, { keepdim, unbiased }),
  // d std / dx_i = (x_i - mean) / ((n - correction) std). Where the spread is zero that is 0/0;
  // PyTorch gives 0 there (and so does this rule), not the NaN of differentiating sqrt(var).
  backward: {
    x: (g, { x, out }, { axis, unbiased }) => {
      const axes = normalizeAxes('std', axis, x.ndim);
      const n = reducedCount(x.shape, axes) - (unbiased ? 1 : 0);
      const spread = expandReduced(out, x.shape, axes);
      const centered = x.sub(x.mean(axes, true));
      const local = centered.div(spread.mul(n));
      return where(spread.eq(0), 0, expandReduced(g, x.shape, axes).mul(local));
    },
  },
});

/** The axes of a {@link logsumexp}, which must be given. */
export interface LogsumexpAttrs extends ReduceAttrs {
  readonly axis: number | readonly number[];
}

/** `log Σ exp(x)` over axes. */
export const logsumexp = defineOp({
  name: 'logsumexp',
  forward: ({ x }: X, { axis, keepdim }: LogsumexpAttrs) => x.logsumexp(axis, keepdim),
  // d/dx logsumexp(x) = exp(x - logsumexp(x)) = softmax(x): stable because out >= max(x).
  backward: {
    x: (g, { x, out }, { axis }) => {
      const axes = normalizeAxes('logsumexp', axis, x.ndim);
      return expandReduced(g, x.shape, axes).mul(x.sub(expandReduced(out, x.shape, axes)).exp());
    },
  },
});

/** The order and axes of a {@link norm}. */
export interface NormAttrs extends ReduceAttrs {
  readonly p: number;
}

/** Vector p-norm over axes. */
export const norm = defineOp({
  name: 'norm',
  forward: ({ x }: X, { p, axis, keepdim }: NormAttrs) => x.norm(p, axis, keepdim),
  // An own rule rather than the composite (|x|^p).sum()^(1/p): at a zero vector the composite
  // gives 0/0 = NaN, where PyTorch (and this rule) give the subgradient 0.
  backward: {
    x: (g, { x, out }, { p, axis }) => {
      const axes = normalizeAxes('norm', axis, x.ndim);
      const gradient = expandReduced(g, x.shape, axes);
      const norms = expandReduced(out, x.shape, axes);
      if (p === 0) return zerosLike(x); // a count of non-zeros: piecewise constant
      if (p === Infinity || p === -Infinity) {
        const attains = x.abs().eq(norms);
        return where(attains, gradient.mul(x.sign()).div(attains.sum(axes, true)), 0);
      }
      if (p === 1) return gradient.mul(x.sign());
      // d/dx_i ||x||_p = sign(x_i) |x_i|^(p-1) / ||x||_p^(p-1)
      const local = x
        .sign()
        .mul(x.abs().pow(p - 1))
        .div(norms.pow(p - 1));
      return where(norms.eq(0), 0, gradient.mul(local));
    },
  },
});

/** Inclusive prefix sum along an axis. */
export const cumsum = defineOp({
  name: 'cumsum',
  forward: ({ x }: X, axis: number) => x.cumsum(axis),
  // Each input contributes to every later output: a reversed cumulative sum of the gradient.
  backward: {
    x: (g, { x }, axis) => {
      const a = normalizeAxis('cumsum', axis, x.ndim);
      return g.flip([a]).cumsum(a).flip([a]);
    },
  },
});

/** Softmax along an axis. */
export const softmax = defineOp({
  name: 'softmax',
  forward: ({ x }: X, axis: number) => x.softmax(axis),
  // J^T g = out * (g - sum(g * out)); cheaper and more accurate than differentiating exp/sum/div.
  backward: { x: (g, { out }, axis) => out.mul(g.sub(g.mul(out).sum(axis, true))) },
});

/** Log-softmax along an axis; gradient `g - softmax Σg`. */
export const logSoftmax = defineOp({
  name: 'logSoftmax',
  forward: ({ x }: X, axis: number) => x.logSoftmax(axis),
  backward: { x: (g, { out }, axis) => g.sub(out.exp().mul(g.sum(axis, true))) },
});
