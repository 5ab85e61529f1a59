/**
 * Slicing composites: built from declared ops (slice, select, unsqueeze), so their gradients
 * come from those ops' rules.
 */
import { parseSlice, splitSizes, type IndexItem } from '@tensorgrad/tensor';
import { normalizeAxis } from '../ops/axes.js';
import type { Tensor } from '../tensor.js';

/**
 * `length` entries of `dim` from `start` (negative counts from the end): a slice.
 * @example
 * ```ts
 * import { arange } from '@tensorgrad/autograd';
 * import { narrow } from '../../src/composites/slicing.js';
 * if (String(narrow(arange(5), 0, 1, 3).toArray()) !== '1,2,3') throw new Error('narrow');
 * ```
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeAxis('narrow', dim, x.ndim);
  const n = x.shape[d] as number;
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new Error(
      `narrow: start ${start} and length ${length} are out of range for dim ${dim} of size ${n}`,
    );
  }
  return x.slice(d, s, s + length, 1);
}

/**
 * NumPy-style basic indexing: numbers select (removing the dim), `'a:b:c'` slices, `':'` keeps,
 * `'...'` stands for as many `':'` as needed, and `null` inserts a size-1 axis.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { index } from '../../src/composites/slicing.js';
 * if (index(zeros([2, 3, 4]), [0, '...', null]).shape.join() !== '3,4,1') throw new Error('index');
 * ```
 */
export function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  const ellipses = items.filter((it) => it === '...').length;
  if (ellipses > 1) throw new Error('index: at most one "..." is allowed');
  const consuming = items.filter((it) => it !== null && it !== '...').length;
  if (consuming > x.ndim)
    throw new Error(`index: too many indices (${consuming}) for a tensor of ${x.ndim} dims`);
  let out = x;
  let dim = 0;
  for (const it of items) {
    if (it === '...') {
      dim += x.ndim - consuming;
    } else if (it === null) {
      out = out.unsqueeze(dim);
      dim++;
    } else if (typeof it === 'number') {
      out = out.select(dim, it);
    } else if (typeof it === 'string') {
      const [start, end, step] = parseSlice(it);
      // A full slice is the identity: no node for it.
      if (start !== undefined || end !== undefined || step !== 1)
        out = out.slice(dim, start, end, step);
      dim++;
    } else {
      throw new Error(
        `index: unsupported index item ${String(it)} (expected number, "a:b:c", "...", or null)`,
      );
    }
  }
  // `x.index(':')` still returns a new tensor, like the array layer's (a view, never `x` itself).
  return out === x ? x.view(x.shape) : out;
}

/**
 * Consecutive pieces along `axis`, of size `sizeOrSections` (the last may be smaller) or of the
 * listed sizes.
 * @example
 * ```ts
 * import { arange } from '@tensorgrad/autograd';
 * import { split } from '../../src/composites/slicing.js';
 * if (split(arange(5), 2).map((t) => t.size).join() !== '2,2,1') throw new Error('split');
 * ```
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis('split', axis, x.ndim);
  let at = 0;
  return splitSizes(x.shape, a, sizeOrSections).map((s) => {
    const piece = narrow(x, a, at, s);
    at += s;
    return piece;
  });
}

/**
 * `chunks` pieces of size `ceil(dim / chunks)` along `axis` (fewer when the sizes work out so).
 * @example
 * ```ts
 * import { arange } from '@tensorgrad/autograd';
 * import { chunk } from '../../src/composites/slicing.js';
 * if (chunk(arange(6), 3).map((t) => t.size).join() !== '2,2,2') throw new Error('chunk');
 * ```
 */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  const a = normalizeAxis('chunk', axis, x.ndim);
  return split(x, Math.max(1, Math.ceil((x.shape[a] as number) / chunks)), a);
}
