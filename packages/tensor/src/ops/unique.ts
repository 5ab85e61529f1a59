/**
 * `torch.unique`: the distinct values of a tensor, or its distinct slices along one dim.
 * Computed on the host (the output size depends on the data), then uploaded.
 */
import { dispatch, readView } from '../backend/dispatch.js';
import { typedArray } from '../dtype.js';
import { normalizeAxis, shapeString } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { clone } from './views.js';
import { indexSelect } from './indexing.js';

/** Options of {@link unique}: `torch.unique`'s keyword arguments. */
export interface UniqueOptions {
  /**
   * Ascending order. The results are always sorted: torch leaves the order of `sorted: false`
   * unspecified (its cpu kernel returns hash-set order), and sorted is one such order.
   */
  readonly sorted?: boolean;
  /** Also return, for each input element (or slice, with `dim`), the index of its value in `values`. */
  readonly returnInverse?: boolean;
  /** Also return how often each value (or slice) occurs. */
  readonly returnCounts?: boolean;
  /**
   * Take the distinct slices along this dim instead of the distinct values of the flattened
   * tensor. Slices are ordered lexicographically (their elements in row-major order).
   */
  readonly dim?: number;
}

/**
 * What {@link unique} returns. `inverse` has the input's shape (or, with `dim`, one entry per
 * slice); `counts` one entry per distinct value. Both are int32 (torch: int64; tensorgrad has no
 * int64).
 */
export interface UniqueResult {
  readonly values: NDArray;
  readonly inverse?: NDArray;
  readonly counts?: NDArray;
}

/**
 * The distinct values of `x` in ascending order, or with `dim` its distinct slices along `dim`
 * in lexicographic order. NaN sorts after every number and never equals anything, so each NaN
 * (each slice holding a NaN) is its own entry, as torch intends; torch 1.13's cpu kernel returns
 * those entries in an arbitrary order with wrong inverse indices and counts, which is not
 * reproduced. -0 and 0 are one value.
 * @example
 * ```ts
 * import { tensor, unique } from '@tensorgrad/tensor';
 * const rows = tensor([[1, 2], [0, 5], [1, 2]], { dtype: 'int32' });
 * const { values, inverse, counts } = unique(rows, { dim: 0, returnInverse: true, returnCounts: true });
 * if (JSON.stringify(values.toArray()) !== '[[0,5],[1,2]]') throw new Error('rows, sorted lexicographically');
 * if (String(inverse?.toArray()) !== '1,0,1' || String(counts?.toArray()) !== '1,2') throw new Error('per row');
 * ```
 */
export function unique(x: NDArray, options: UniqueOptions = {}): UniqueResult {
  if (options.dim === undefined) return uniqueValues(x, options);
  if (x.ndim === 0) {
    throw new Error(
      `unique: dim ${options.dim} was given for a 0-d tensor, which has no dims to take slices along (call unique without dim)`,
    );
  }
  return uniqueSlices(x, normalizeAxis('unique', options.dim, x.ndim), options);
}

/** The distinct values of the flattened tensor. */
function uniqueValues(x: NDArray, options: UniqueOptions): UniqueResult {
  const values = readView(x.strided);
  const order = Array.from(values.keys()).sort((i, j) =>
    compare(values[i] as number, values[j] as number),
  );
  const distinct: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(values.length);
  let prev: number | undefined;
  for (const i of order) {
    const v = values[i] as number;
    // `!(v === prev)` rather than `v !== prev` only to say it out loud: NaN never equals prev.
    if (distinct.length === 0 || !(v === prev)) {
      distinct.push(v);
      counts.push(0);
      prev = v;
    }
    counts[counts.length - 1]++;
    inverse[i] = distinct.length - 1;
  }
  return {
    values: upload(distinct, [distinct.length], x.dtype),
    ...(options.returnInverse ? { inverse: upload(inverse, x.shape, 'int32') } : {}),
    ...(options.returnCounts ? { counts: upload(counts, [counts.length], 'int32') } : {}),
  };
}

/** The distinct slices along axis `a`, as `torch.unique(x, dim=a)`. */
function uniqueSlices(x: NDArray, a: number, options: UniqueOptions): UniqueResult {
  const n = x.shape[a] as number;
  if (x.size === 0 && n > 0) {
    // Every slice would be empty; torch refuses rather than call them all equal.
    throw new Error(
      `unique: dim ${options.dim} of shape ${shapeString(x.shape)} has ${n} slices, but another dim has size 0, so every slice is empty ` +
        '(expected size 0 only along the chosen dim)',
    );
  }
  // In row-major order, slice i is the elements at base(o) + i * inner + j for the outer index o
  // and the inner index j: read in (o, j) order, that is the slice flattened row-major, which
  // is the order torch compares slices in.
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const outer = n === 0 ? 0 : x.size / (n * inner);
  const data = readView(x.strided);
  const at = (slice: number, k: number): number => {
    const o = Math.floor(k / inner);
    return data[o * n * inner + slice * inner + (k % inner)] as number;
  };
  const length = outer * inner;
  const compareSlices = (s: number, t: number): number => {
    for (let k = 0; k < length; k++) {
      const c = compare(at(s, k), at(t, k));
      if (c !== 0) return c;
    }
    return 0;
  };
  const equalSlices = (s: number, t: number): boolean => {
    for (let k = 0; k < length; k++) if (!(at(s, k) === at(t, k))) return false;
    return true;
  };
  // Array.prototype.sort is stable: equal slices keep their input order.
  const order = Array.from({ length: n }, (_, i) => i).sort(compareSlices);
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(n);
  for (const i of order) {
    if (firsts.length === 0 || !equalSlices(firsts[firsts.length - 1] as number, i)) {
      firsts.push(i);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[i] = firsts.length - 1;
  }
  let values: NDArray;
  if (n === 0) {
    values = clone(x);
  } else {
    const index = upload(firsts, [firsts.length], 'int32');
    values = indexSelect(x, a, index);
    index.dispose();
  }
  return {
    values,
    ...(options.returnInverse ? { inverse: upload(inverse, [n], 'int32') } : {}),
    ...(options.returnCounts ? { counts: upload(counts, [counts.length], 'int32') } : {}),
  };
}

/** Host numbers as a new array of `dtype` on the current backend. */
function upload(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype: NDArray['dtype'],
): NDArray {
  const { backend, result } = dispatch([dtype], [], (b) =>
    b.upload(typedArray(dtype, data), dtype),
  );
  return fromData(backend, result, shape, dtype);
}

/** Ascending order with NaN last. */
function compare(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}
