/**
 * Ordering ops: sort, topk (unique lives in unique.ts).
 */
import { dispatch } from '../backend/dispatch.js';
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
