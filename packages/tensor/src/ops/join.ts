/**
 * Joining and splitting: cat, stack, split, chunk.
 */
import { dispatch } from '../backend/dispatch.js';
import { promoteTypes, type DType } from '../dtype.js';
import { checkElementCount, normalizeAxis, shapeString, sizeOf } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { sliceAssign } from './assign.js';
import { narrow, unsqueeze } from './views.js';

/**
 * Concatenate along `axis`; all other dims must match. dtypes promote.
 * As in torch, 1-D empty tensors (shape [0]) are skipped whatever the others' shape.
 */
export function cat(tensors: readonly NDArray[], axis = 0): NDArray {
  if (tensors.length === 0) throw new Error('cat: expected a non-empty list of tensors, got []');
  const parts = tensors.filter((t) => !(t.ndim === 1 && t.shape[0] === 0));
  const first = parts[0] ?? (tensors[0] as NDArray);
  if (first.ndim === 0)
    throw new Error('cat: zero-dimensional tensors cannot be concatenated (use stack)');
  const a = normalizeAxis('cat', axis, first.ndim);
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  for (const [i, t] of tensors.entries()) {
    if (!parts.includes(t)) continue;
    const sameRest =
      t.ndim === first.ndim && t.shape.every((d, k) => k === a || d === first.shape[k]);
    if (!sameRest) {
      throw new Error(
        `cat: tensor ${i} has shape ${shapeString(t.shape)}, expected ${shapeString(first.shape.map((d, k) => (k === a ? -1 : d)))} (-1: any size) to concatenate along axis ${axis}`,
      );
    }
  }
  const total = first.shape.map((d, k) =>
    k === a ? parts.reduce((n, t) => n + (t.shape[a] as number), 0) : d,
  );
  checkElementCount('cat', total);
  // Only 1-D empty tensors: the result is one of them (shape [0]), as in torch.
  return join(parts.length > 0 ? parts : [first], a, dtype);
}

/**
 * Concatenate checked `parts` along `a` into a new `dtype` tensor. Each part is written with one
 * `setSlice`, which copies the whole output, so k parts are joined as a balanced tree of
 * pairs: O(n log k) element copies rather than O(n k).
 */
function join(parts: readonly NDArray[], a: number, dtype: DType): NDArray {
  if (parts.length > 2) {
    const mid = Math.ceil(parts.length / 2);
    const left = join(parts.slice(0, mid), a, dtype);
    const right = join(parts.slice(mid), a, dtype);
    try {
      return join([left, right], a, dtype);
    } finally {
      left.dispose();
      right.dispose();
    }
  }
  const shape = [...(parts[0] as NDArray).shape];
  shape[a] = parts.reduce((n, t) => n + (t.shape[a] as number), 0);
  const filled = dispatch([dtype], [], (b) => b.fill(sizeOf(shape), 0, dtype));
  let out = fromData(filled.backend, filled.result, shape, dtype);
  let at = 0;
  for (const t of parts) {
    const n = t.shape[a] as number;
    if (t.size > 0) {
      const starts = shape.map((_, k) => (k === a ? at : 0));
      const next = sliceAssign(
        out,
        starts,
        shape.map(() => 1),
        t,
      );
      out.dispose();
      out = next;
    }
    at += n;
  }
  return out;
}

/** Stack equal-shape tensors along a new axis `axis`. */
export function stack(tensors: readonly NDArray[], axis = 0): NDArray {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors, got []');
  const first = tensors[0] as NDArray;
  for (const [i, t] of tensors.entries()) {
    if (t.ndim !== first.ndim || t.shape.some((d, k) => d !== first.shape[k])) {
      throw new Error(
        `stack: tensor ${i} has shape ${shapeString(t.shape)}, expected ${shapeString(first.shape)} (all equal)`,
      );
    }
  }
  const a = normalizeAxis('stack', axis, first.ndim + 1);
  const expanded = tensors.map((t) => unsqueeze(t, a));
  try {
    return cat(expanded, a);
  } finally {
    for (const t of expanded) t.dispose();
  }
}

/**
 * Views of consecutive pieces along `axis`: of size `sizeOrSections` (the last may be smaller),
 * or of the listed sizes (which must add up to the dim).
 */
export function split(x: NDArray, sizeOrSections: number | readonly number[], axis = 0): NDArray[] {
  const a = normalizeAxis('split', axis, x.ndim);
  let at = 0;
  return splitSizes(x.shape, a, sizeOrSections).map((s) => {
    const piece = narrow(x, a, at, s);
    at += s;
    return piece;
  });
}

/**
 * The piece lengths of `split` along axis `a` of `shape`: equal pieces of `sizeOrSections`
 * (the last one shorter), or the given sections, which must add up to the axis length. Shared
 * with autograd's differentiable `split`, so both check and cut the same way.
 */
export function splitSizes(
  shape: readonly number[],
  a: number,
  sizeOrSections: number | readonly number[],
): number[] {
  const n = shape[a] as number;
  if (typeof sizeOrSections === 'number') {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new Error(`split: split size must be a positive integer, got ${sizeOrSections}`);
    }
    const sizes: number[] = [];
    for (let at = 0; at < n; at += sizeOrSections) sizes.push(Math.min(sizeOrSections, n - at));
    if (n === 0) sizes.push(0);
    return sizes;
  }
  const sizes = [...sizeOrSections];
  const total = sizes.reduce((sum, v) => sum + v, 0);
  if (total !== n || sizes.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new Error(
      `split: sections ${shapeString(sizes)} must be non-negative and add up to ${n} (dim ${a} of ${shapeString(shape)})`,
    );
  }
  return sizes;
}

/**
 * Split into `chunks` pieces of size `ceil(dim / chunks)` along `axis` (fewer when it divides so).
 */
export function chunk(x: NDArray, chunks: number, axis = 0): NDArray[] {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  const a = normalizeAxis('chunk', axis, x.ndim);
  const n = x.shape[a] as number;
  return split(x, Math.max(1, Math.ceil(n / chunks)), a);
}
