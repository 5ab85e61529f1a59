/**
 * Reductions (sum, mean, prod, max, min, argmax, argmin, var, std, logsumexp, norm, all, any),
 * cumsum, and `sumToShape`, the single "unbroadcast" that autograd uses.
 */
import type { DType, ReduceOp, TypedArray } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { floatDtype, INT32_MAX, INT32_MIN, isFloat } from '../dtype.js';
import { normalizeAxes, normalizeAxis, shapeString, sizeOf } from '../shape.js';
import { tidy } from '../memory.js';
import { fromData, viewOf, type NDArray } from '../ndarray.js';
import { cast, copyAs } from './cast.js';
import * as ew from './elementwise.js';
import { scalar } from './scalar.js';
import { reshape } from './views.js';

/**
 * An axis argument: one axis, several, or undefined/null for all. An empty list reduces
 * nothing (NumPy's rule; torch's `dim=[]` would reduce everything).
 * @example
 * ```ts
 * import { type Axis, sum, tensor } from '@tensorgrad/tensor';
 * const x = tensor([[1, 2], [3, 4]]);
 * const axes: Axis[] = [0, [0, 1], undefined, []];
 * const sums = axes.map((a) => sum(x, a).toArray());
 * if (JSON.stringify(sums) !== '[[4,6],10,10,[[1,2],[3,4]]]') throw new Error('Axis');
 * ```
 */
export type Axis = number | readonly number[] | undefined | null;

/** What a reduction over no elements gives; undefined = an error (max of nothing). */
const IDENTITY: Record<ReduceOp, number | undefined> = {
  sum: 0,
  prod: 1,
  max: undefined,
  min: undefined,
  argmax: undefined,
  argmin: undefined,
};

/** Shape after reducing `axes`: removed, or kept as 1. */
function reducedShape(
  shape: readonly number[],
  axes: readonly number[],
  keepdim: boolean,
): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Run the reduce primitive (with the empty cases handled here, not in every backend). */
function reduce(
  name: string,
  op: ReduceOp,
  x: NDArray,
  axes: number[],
  keepdim: boolean,
  outDtype: DType,
): NDArray {
  const shape = reducedShape(x.shape, axes, keepdim);
  const reducedCount = sizeOf(axes.map((a) => x.shape[a] as number));
  if (axes.length === 0) {
    // Nothing to reduce (a 0-d input): the op is the identity, up to the dtype.
    return copyAs(x, outDtype);
  }
  if (reducedCount === 0 || sizeOf(shape) === 0) {
    const identity = IDENTITY[op];
    if (identity === undefined && reducedCount === 0) {
      // torch refuses an empty reduced axis even when the result is empty too ([0, 0] over 1).
      throw new Error(
        `${name}: cannot reduce over an empty axis (shape ${shapeString(x.shape)}, axis ${shapeString(axes)}) — there is no identity`,
      );
    }
    const { backend, result } = dispatch([outDtype], [], (b) =>
      b.fill(sizeOf(shape), identity ?? 0, outDtype),
    );
    return fromData(backend, result, shape, outDtype);
  }
  if (outDtype === 'int32' && (op === 'sum' || op === 'prod')) {
    return narrowToInt32(name, reduce(name, op, x, axes, keepdim, 'float64'));
  }
  const { backend, result } = dispatch([x.dtype, outDtype], [x.strided], (b, [v]) =>
    b.reduce(op, v, axes, outDtype),
  );
  const flat = fromData(backend, result, reducedShape(x.shape, axes, false), outDtype);
  if (!keepdim) return flat;
  const out = reshape(flat, shape);
  flat.dispose();
  return out;
}

/**
 * bool/int sum, prod and cumsum give int32; floats keep their dtype.
 *
 * PyTorch accumulates integers into int64, so `torch.tensor([2**30] * 3, dtype=torch.int32).sum()`
 * is 3221225472. tensorgrad has no int64: it accumulates in float64 (exact while the partial
 * results stay below 2^53 in magnitude, which int32 inputs guarantee for sums of fewer than
 * 2^22 elements and for any product whose result fits) and stores int32, and a result that
 * int32 cannot hold is an error naming the op rather than a silently wrapped number.
 */
function accumulateDtype(dtype: DType): DType {
  return isFloat(dtype) ? dtype : 'int32';
}

/**
 * The float64 integer results `wide` (freed here) as int32 on the current backend, or an error
 * naming `op` when one does not fit (see {@link accumulateDtype}).
 */
function narrowToInt32(op: string, wide: NDArray): NDArray {
  const shape = wide.shape;
  let values: TypedArray;
  try {
    values = wide.data();
  } finally {
    wide.dispose();
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    // NaN only arises as Infinity * 0: a product that overflowed float64 and then met a zero
    // factor, whose exact value is 0.
    if (v !== v) values[i] = 0;
    else if (!(v >= INT32_MIN && v <= INT32_MAX)) {
      throw new Error(
        `${op}: the integer result ${v} overflows int32 (which holds [${INT32_MIN}, ${INT32_MAX}]); ` +
          `PyTorch accumulates integers in int64, which tensorgrad does not have: ` +
          `cast to float64 first (x.cast('float64').${op}(...)) for an exact result up to 2^53`,
      );
    }
  }
  const { backend, result } = dispatch(['int32'], [], (b) => b.upload(values, 'int32'));
  return fromData(backend, result, shape, 'int32');
}

/** Sum over `axis` (all when undefined). */
export function sum(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return reduce(
    'sum',
    'sum',
    x,
    normalizeAxes('sum', axis, x.ndim),
    keepdim,
    accumulateDtype(x.dtype),
  );
}

/** Product. */
export function prod(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return reduce(
    'prod',
    'prod',
    x,
    normalizeAxes('prod', axis, x.ndim),
    keepdim,
    accumulateDtype(x.dtype),
  );
}

/** Largest value along `axis` (NaN propagates). */
export function max(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return reduce('max', 'max', x, normalizeAxes('max', axis, x.ndim), keepdim, x.dtype);
}

/** Smallest value along `axis`. */
export function min(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return reduce('min', 'min', x, normalizeAxes('min', axis, x.ndim), keepdim, x.dtype);
}

function argReduce(
  op: 'argmax' | 'argmin',
  x: NDArray,
  axis: number | undefined,
  keepdim: boolean,
): NDArray {
  if (axis === undefined) {
    // torch: the index into the flattened tensor; keepdim keeps every dim as 1.
    const flat = reshape(x, [x.size]);
    const r = reduce(op, op, flat, flat.ndim === 0 ? [] : [0], false, 'int32');
    flat.dispose();
    if (!keepdim) return r;
    const out = reshape(
      r,
      x.shape.map(() => 1),
    );
    r.dispose();
    return out;
  }
  const a = normalizeAxis(op, axis, x.ndim);
  if (x.ndim === 0) return fullZero(x, keepdim);
  return reduce(op, op, x, [a], keepdim, 'int32');
}

function fullZero(x: NDArray, keepdim: boolean): NDArray {
  const z = scalar(0, 'int32');
  if (!keepdim) return z;
  const out = reshape(
    z,
    x.shape.map(() => 1),
  );
  z.dispose();
  return out;
}

/**
 * Index of the largest value along `axis` (first wins ties); int32.
 * @example
 * ```ts
 * import { argmax, tensor } from '@tensorgrad/tensor';
 * const i = argmax(tensor([1, 3, 3]));
 * if (i.dtype !== 'int32' || i.item() !== 1) throw new Error('argmax'); // the first of a tie
 * ```
 */
export function argmax(x: NDArray, axis?: number, keepdim = false): NDArray {
  return argReduce('argmax', x, axis, keepdim);
}

/** Index of the smallest value along `axis`; int32. */
export function argmin(x: NDArray, axis?: number, keepdim = false): NDArray {
  return argReduce('argmin', x, axis, keepdim);
}

/** Mean over `axis` (a float result; NaN over zero elements, as torch). */
export function mean(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  const axes = normalizeAxes('mean', axis, x.ndim);
  const count = sizeOf(axes.map((a) => x.shape[a] as number));
  return tidy(() => {
    const s = reduce('mean', 'sum', x, axes, keepdim, floatDtype(x.dtype));
    return ew.div(s, count);
  });
}

/** Options of `var` and `std`. */
export interface VarOptions {
  /** Divide by n - 1 (Bessel's correction) rather than n. Default true, as torch. */
  readonly unbiased?: boolean;
  /** Keep reduced dims as size 1. Default false. */
  readonly keepdim?: boolean;
}

/**
 * Variance over `axis`, two-pass (subtract the mean first) for accuracy.
 * @example
 * ```ts
 * import { tensor, variance } from '@tensorgrad/tensor';
 * const v = variance(tensor([1, 2, 3, 4])).item() as number; // unbiased: divides by n - 1
 * if (Math.abs(v - 5 / 3) > 1e-6) throw new Error('variance');
 * ```
 */
export function variance(x: NDArray, axis?: Axis, options: VarOptions = {}): NDArray {
  const { unbiased = true, keepdim = false } = options;
  const axes = normalizeAxes('var', axis, x.ndim);
  const count = sizeOf(axes.map((a) => x.shape[a] as number));
  return tidy(() => {
    const m = mean(x, axes, true);
    const d = ew.sub(x, m);
    const ss = reduce('var', 'sum', ew.mul(d, d), axes, keepdim, floatDtype(x.dtype));
    // n - 1 = 0 gives NaN (0/0) or Infinity, as torch does for a single sample; no samples
    // at all give NaN too (0 / -1 would be -0).
    return ew.div(ss, count === 0 ? NaN : unbiased ? count - 1 : count);
  });
}

/** Standard deviation: `sqrt(var)`. */
export function std(x: NDArray, axis?: Axis, options: VarOptions = {}): NDArray {
  return tidy(() => ew.sqrt(variance(x, axis, options)));
}

/**
 * `log(sum(exp(x)))` over `axis`, with the max subtracted first so exp cannot overflow.
 * Rows of -Infinity give -Infinity (not NaN).
 * @example
 * ```ts
 * import { logsumexp, tensor } from '@tensorgrad/tensor';
 * const y = logsumexp(tensor([0, 0]), 0).item() as number;
 * if (Math.abs(y - Math.LN2) > 1e-6) throw new Error('logsumexp');
 * const big = logsumexp(tensor([1000, 1000]), 0).item() as number; // no overflow
 * if (Math.abs(big - (1000 + Math.LN2)) > 1e-3) throw new Error('logsumexp of large values');
 * ```
 */
export function logsumexp(x: NDArray, axis: Axis, keepdim = false): NDArray {
  const axes = normalizeAxes('logsumexp', axis, x.ndim);
  return tidy(() => {
    const xf = cast(x, floatDtype(x.dtype));
    // Over an empty axis there is no max to shift by: log of the empty sum, -Infinity (torch).
    if (axes.some((a) => x.shape[a] === 0)) return ew.log(sum(xf, axes, keepdim));
    const m = max(xf, axes, true);
    // An all -Infinity (or +Infinity) row would give inf - inf = NaN: shift by 0 there instead.
    const shift = ew.where(ew.isfinite(m), m, 0);
    const s = sum(ew.exp(ew.sub(xf, shift)), axes, true);
    const out = ew.add(ew.log(s), shift);
    return keepdim ? out : reshape(out, reducedShape(x.shape, axes, false));
  });
}

/**
 * Vector p-norm over `axis`: p = 2 (default), 1, Infinity, -Infinity, 0 (count of non-zeros),
 * or any other positive p.
 */
export function norm(x: NDArray, p = 2, axis?: Axis, keepdim = false): NDArray {
  return tidy(() => {
    const a = ew.abs(cast(x, floatDtype(x.dtype)));
    if (p === Infinity) return max(a, axis, keepdim);
    if (p === -Infinity) return min(a, axis, keepdim);
    if (p === 0) return sum(ew.ne(a, 0), axis, keepdim).cast(a.dtype);
    if (p === 1) return sum(a, axis, keepdim);
    if (p === 2) return ew.sqrt(sum(ew.mul(a, a), axis, keepdim));
    if (!(p > 0)) throw new Error(`norm: p must be positive, 0 or ±Infinity, got ${p}`);
    return ew.pow(sum(ew.pow(a, p), axis, keepdim), 1 / p);
  });
}

/** Inclusive prefix sum along `axis`; bool/int give int32. */
export function cumsum(x: NDArray, axis: number): NDArray {
  const a = normalizeAxis('cumsum', axis, x.ndim);
  const outDtype = accumulateDtype(x.dtype);
  if (x.ndim === 0 || x.size === 0) return copyAs(x, outDtype);
  if (outDtype === 'int32') {
    const { backend, result } = dispatch([x.dtype, 'float64'], [x.strided], (b, [v]) =>
      b.cumsum(v, a, 'float64'),
    );
    return narrowToInt32('cumsum', fromData(backend, result, x.shape, 'float64'));
  }
  const { backend, result } = dispatch([x.dtype, outDtype], [x.strided], (b, [v]) =>
    b.cumsum(v, a, outDtype),
  );
  return fromData(backend, result, x.shape, outDtype);
}

function logicalReduce(name: 'all' | 'any', x: NDArray, axis: Axis, keepdim: boolean): NDArray {
  const axes = normalizeAxes(name, axis, x.ndim);
  return tidy(() => {
    const b = cast(x, 'bool');
    const shape = reducedShape(x.shape, axes, keepdim);
    if (sizeOf(axes.map((a) => x.shape[a] as number)) === 0) {
      // all() of nothing is true, any() of nothing is false.
      const { backend, result } = dispatch(['bool'], [], (be) =>
        be.fill(sizeOf(shape), name === 'all' ? 1 : 0, 'bool'),
      );
      return fromData(backend, result, shape, 'bool');
    }
    return reduce(name, name === 'all' ? 'min' : 'max', b, axes, keepdim, 'bool');
  });
}

/** Whether every element (along `axis`) is non-zero → bool. */
export function all(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return logicalReduce('all', x, axis, keepdim);
}

/** Whether any element (along `axis`) is non-zero → bool. */
export function any(x: NDArray, axis?: Axis, keepdim = false): NDArray {
  return logicalReduce('any', x, axis, keepdim);
}

/**
 * Sum `x` down to `shape`, the inverse of broadcasting `shape` up to `x.shape`: leading extra
 * dims and dims where `shape` has 1 are summed. Keeps `x`'s dtype. Autograd's single unbroadcast.
 * @example
 * ```ts
 * import { ones, sumToShape } from '@tensorgrad/tensor';
 * const g = sumToShape(ones([2, 3]), [1, 3]);
 * if (JSON.stringify(g.toArray()) !== '[[2,2,2]]') throw new Error('sumToShape');
 * if (String(sumToShape(ones([2, 3]), [3]).toArray()) !== '2,2,2') throw new Error('leading dims');
 * ```
 */
export function sumToShape(x: NDArray, shape: readonly number[]): NDArray {
  const lead = x.ndim - shape.length;
  if (lead < 0) {
    throw new Error(
      `sumToShape: cannot sum shape ${shapeString(x.shape)} to the larger shape ${shapeString(shape)}`,
    );
  }
  const axes: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    const want = i < lead ? undefined : shape[i - lead];
    const have = x.shape[i] as number;
    if (want === undefined || (want === 1 && have !== 1)) axes.push(i);
    else if (want !== have) {
      throw new Error(
        `sumToShape: shape ${shapeString(x.shape)} is not a broadcast of ${shapeString(shape)}`,
      );
    }
  }
  if (axes.length === 0) return viewOf(x, x.shape, x.strides, x.offset);
  return tidy(() => reshape(reduce('sumToShape', 'sum', x, axes, false, x.dtype), shape));
}
