/**
 * Ordering ops: sort, topk, unique.
 */
import { dispatch, readView } from '../backend/dispatch.js';
import { typedArray } from '../dtype.js';
import { normalizeAxis } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { copyAs } from './cast.js';
import { contiguous, narrow } from './views.js';

/**
 * Stable sort along `axis`; `indices` (int32) are the original positions along that axis.
 * NaN sorts as the largest value, as in torch.
 * @example
 * ```ts
 * import { sort, tensor } from '@tensorgrad/tensor';
 * const { values, indices } = sort(tensor([3, 1, 2]));
 * if (String(values.toArray()) !== '1,2,3' || String(indices.toArray()) !== '1,2,0') throw new Error('sort');
 * if (String(sort(tensor([1, NaN, 0]), -1, true).values.toArray()) !== 'NaN,1,0') throw new Error('NaN is largest');
 * ```
 */
export function sort(
  x: NDArray,
  axis = -1,
  descending = false,
): { values: NDArray; indices: NDArray } {
  const a = normalizeAxis('sort', axis, x.ndim);
  if (x.ndim === 0 || x.size === 0) {
    // Nothing to order: the values as they are, every index 0.
    const zeros = dispatch(['int32'], [], (b) => b.fill(x.size, 0, 'int32'));
    return {
      values: copyAs(x, x.dtype),
      indices: fromData(zeros.backend, zeros.result, x.shape, 'int32'),
    };
  }
  const { backend, result } = dispatch([x.dtype], [x.strided], (b, [v]) =>
    b.sort(v, a, descending),
  );
  return {
    values: fromData(backend, result.values, x.shape, x.dtype),
    indices: fromData(backend, result.indices, x.shape, 'int32'),
  };
}

/** The `k` largest (or smallest) entries along `axis`, in sorted order, with their indices. */
export function topk(
  x: NDArray,
  k: number,
  axis = -1,
  largest = true,
): { values: NDArray; indices: NDArray } {
  const a = normalizeAxis('topk', axis, x.ndim);
  const n = x.ndim === 0 ? 1 : (x.shape[a] as number);
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new Error(
      `topk: k = ${k} is out of range for dim ${axis} of size ${n} (expected 0 <= k <= ${n})`,
    );
  }
  const sorted = sort(x, a, largest);
  if (x.ndim === 0) return sorted;
  const values = narrow(sorted.values, a, 0, k);
  const indices = narrow(sorted.indices, a, 0, k);
  sorted.values.dispose();
  sorted.indices.dispose();
  const out = { values: contiguous(values), indices: contiguous(indices) };
  values.dispose();
  indices.dispose();
  return out;
}

/** Options of {@link unique}. */
export interface UniqueOptions {
  /** Sorted ascending (the only order implemented; false is accepted and still sorts). */
  readonly sorted?: boolean;
  /** Also return, for each input element, the index of its value in `values`. */
  readonly returnInverse?: boolean;
  /** Also return how often each value occurs. */
  readonly returnCounts?: boolean;
}

/** What {@link unique} returns; `inverse` has the input's shape, `counts` the values' shape. */
export interface UniqueResult {
  readonly values: NDArray;
  readonly inverse?: NDArray;
  readonly counts?: NDArray;
}

/**
 * The distinct values of the flattened tensor in ascending order (computed on the host:
 * the output size depends on the data). NaNs are all distinct, as in torch.
 */
export function unique(x: NDArray, options: UniqueOptions = {}): UniqueResult {
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
    if (distinct.length === 0 || !(v === prev)) {
      distinct.push(v);
      counts.push(0);
      prev = v;
    }
    counts[counts.length - 1]++;
    inverse[i] = distinct.length - 1;
  }
  const upload = (
    data: ArrayLike<number>,
    shape: readonly number[],
    dtype: NDArray['dtype'],
  ): NDArray => {
    const { backend, result } = dispatch([dtype], [], (b) =>
      b.upload(typedArray(dtype, data), dtype),
    );
    return fromData(backend, result, shape, dtype);
  };
  const out: { values: NDArray; inverse?: NDArray; counts?: NDArray } = {
    values: upload(distinct, [distinct.length], x.dtype),
  };
  if (options.returnInverse) out.inverse = upload(inverse, x.shape, 'int32');
  if (options.returnCounts) out.counts = upload(counts, [counts.length], 'int32');
  return out;
}

/** Ascending order with NaN last. */
function compare(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}
