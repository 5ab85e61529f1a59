/**
 * View operations: new shape/strides/offset over the same storage, no copying.
 * Only `reshape` (when the strides forbid a view), `contiguous` (when not contiguous) and
 * `clone` copy.
 */
import { checkShape, contiguousStrides, normalizeAxis, shapeString, sizeOf } from '../shape.js';
import { viewOf, type IndexItem, type NDArray } from '../ndarray.js';
import { copyAs } from './cast.js';

/** Replace a single -1 in `shape` by the size that keeps `size` elements. */
function inferShape(
  op: string,
  shape: readonly number[],
  size: number,
  from: readonly number[],
): number[] {
  const out = [...shape];
  const free = out.indexOf(-1);
  if (out.indexOf(-1, free + 1) !== -1 && free !== -1)
    throw new Error(`${op}: only one dimension can be -1, got ${shapeString(shape)}`);
  if (free !== -1) {
    const known = sizeOf(out.filter((_, i) => i !== free));
    if (known === 0 || size % known !== 0) {
      throw new Error(
        `${op}: shape ${shapeString(shape)} is invalid for input of shape ${shapeString(from)} (size ${size})`,
      );
    }
    out[free] = size / known;
  }
  checkShape(op, out);
  if (sizeOf(out) !== size) {
    throw new Error(
      `${op}: shape ${shapeString(shape)} is invalid for input of shape ${shapeString(from)} (size ${size})`,
    );
  }
  return out;
}

/**
 * Strides that view a tensor of `shape`/`strides` as `newShape`, or null when impossible.
 * This is PyTorch's `computeStride`: dims are merged in runs ("chunks") that are contiguous
 * with respect to each other, and each chunk must be split exactly by the new shape.
 */
function viewStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (sizeOf(shape) <= 1) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] as number;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d] as number;
    const chunkEnds = d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase);
    if (!chunkEnds) continue;
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      newStrides[viewD] = viewNumel * chunkBase;
      viewNumel *= newShape[viewD] as number;
      viewD--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (d > 0) {
      chunkBase = strides[d - 1] as number;
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewD === -1 ? newStrides : null;
}

/**
 * `x` with a new shape of the same size. A view when the strides allow one (always for a
 * contiguous tensor); otherwise — e.g. flattening a transposed matrix — a contiguous copy.
 * @example
 * ```ts
 * import { arange, reshape } from '@tensorgrad/tensor';
 * const x = arange(6);
 * if (reshape(x, [2, -1]).shape.join() !== '2,3') throw new Error('reshape');
 * const t = reshape(x, [2, 3]).mT; // not viewable as [6]: reshape copies
 * if (String(reshape(t, [6]).toArray()) !== '0,3,1,4,2,5') throw new Error('reshape copy');
 * ```
 */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  const target = inferShape('reshape', shape, x.size, x.shape);
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides !== null) return viewOf(x, target, strides, x.offset);
  const copy = copyAs(x, x.dtype);
  const out = viewOf(copy, target, contiguousStrides(target), 0);
  copy.dispose();
  return out;
}

/**
 * Like {@link reshape} but never copies.
 * @example
 * ```ts
 * import { arange, view } from '@tensorgrad/tensor';
 * const v = view(arange(6), [3, 2]);
 * if (v.shape.join() !== '3,2') throw new Error('view');
 * let threw = false;
 * try {
 *   view(arange(6).reshape(2, 3).mT, [6]);
 * } catch {
 *   threw = true; // a transposed matrix has no flat view
 * }
 * if (!threw) throw new Error('view should refuse');
 * ```
 */
export function view(x: NDArray, shape: readonly number[]): NDArray {
  const target = inferShape('view', shape, x.size, x.shape);
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides === null) {
    throw new Error(
      `view: shape ${shapeString(target)} is not compatible with the strides of a tensor of shape ${shapeString(x.shape)} and strides ${shapeString(x.strides)} (use reshape, which copies)`,
    );
  }
  return viewOf(x, target, strides, x.offset);
}

/** Reorder dimensions. */
export function permute(x: NDArray, dims: readonly number[]): NDArray {
  if (dims.length !== x.ndim) {
    throw new Error(
      `permute: got ${dims.length} dims ${shapeString(dims)} for a tensor of ${x.ndim} dims`,
    );
  }
  const axes = dims.map((d) => normalizeAxis('permute', d, x.ndim));
  if (new Set(axes).size !== axes.length)
    throw new Error(`permute: dims ${shapeString(dims)} repeat a dimension`);
  return viewOf(
    x,
    axes.map((a) => x.shape[a] as number),
    axes.map((a) => x.strides[a] as number),
    x.offset,
  );
}

/** Swap two dimensions. */
export function transpose(x: NDArray, dim0: number, dim1: number): NDArray {
  if (x.ndim < 2 && !(x.ndim <= 1 && (dim0 === 0 || dim0 === -1) && (dim1 === 0 || dim1 === -1))) {
    throw new Error(
      `transpose: dims ${dim0} and ${dim1} are out of range for a tensor of ${x.ndim} dims`,
    );
  }
  if (x.ndim < 2) return viewOf(x, x.shape, x.strides, x.offset);
  const a = normalizeAxis('transpose', dim0, x.ndim);
  const b = normalizeAxis('transpose', dim1, x.ndim);
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, dims);
}

/**
 * Broadcast `x` to `shape` with zero strides (no copy). -1 keeps the existing size.
 * @example
 * ```ts
 * import { expand, tensor } from '@tensorgrad/tensor';
 * const y = expand(tensor([[1], [2]]), [2, -1, 3]);
 * if (y.shape.join() !== '2,2,3' || y.strides.join() !== '0,1,0') throw new Error('expand');
 * ```
 */
export function expand(x: NDArray, shape: readonly number[], op = 'expand'): NDArray {
  if (shape.length < x.ndim) {
    throw new Error(
      `${op}: cannot expand shape ${shapeString(x.shape)} to ${shapeString(shape)} (fewer dims)`,
    );
  }
  const lead = shape.length - x.ndim;
  const strides: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i] as number;
    if (i < lead) {
      if (want < 0)
        throw new Error(
          `${op}: -1 is not allowed for the new leading dim ${i} in ${shapeString(shape)}`,
        );
      out.push(want);
      strides.push(0);
      continue;
    }
    const have = x.shape[i - lead] as number;
    if (want === -1 || want === have) {
      out.push(have);
      strides.push(x.strides[i - lead] as number);
    } else if (have === 1) {
      out.push(want);
      strides.push(0);
    } else {
      throw new Error(
        `${op}: cannot expand shape ${shapeString(x.shape)} to ${shapeString(shape)} (size ${have} != ${want} at dim ${i})`,
      );
    }
  }
  checkShape(op, out);
  return viewOf(x, out, strides, x.offset);
}

/**
 * Remove size-1 dims: all of them, or those of `dims` that have size 1 (others are kept, as torch).
 * @example
 * ```ts
 * import { squeeze, zeros } from '@tensorgrad/tensor';
 * if (squeeze(zeros([1, 3, 1])).shape.join() !== '3') throw new Error('squeeze');
 * if (squeeze(zeros([1, 3, 1]), [0, 1]).shape.join() !== '3,1') throw new Error('squeeze dims');
 * ```
 */
export function squeeze(x: NDArray, dims?: number | readonly number[]): NDArray {
  const listed =
    dims === undefined
      ? x.shape.map((_, i) => i)
      : (typeof dims === 'number' ? [dims] : dims).map((d) => normalizeAxis('squeeze', d, x.ndim));
  const drop = new Set(listed.filter((d) => x.shape[d] === 1));
  const keepDims = x.shape.map((_, i) => i).filter((i) => !drop.has(i));
  return viewOf(
    x,
    keepDims.map((i) => x.shape[i] as number),
    keepDims.map((i) => x.strides[i] as number),
    x.offset,
  );
}

/** Insert a size-1 dim at `dim` (in `-ndim-1 <= dim <= ndim`). */
export function unsqueeze(x: NDArray, dim: number): NDArray {
  const d = normalizeAxis('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  const strides = [...x.strides];
  // Any stride works for a size-1 dim; this one keeps a contiguous tensor contiguous.
  const stride = d < x.ndim ? (x.shape[d] as number) * (x.strides[d] as number) : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  return viewOf(x, shape, strides, x.offset);
}

/** Merge dims `start..end` (inclusive, negative allowed) into one; a 0-d tensor becomes [1]. */
export function flatten(x: NDArray, start = 0, end = -1): NDArray {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten', start, x.ndim);
  const e = normalizeAxis('flatten', end, x.ndim);
  if (s > e) throw new Error(`flatten: start dim ${start} comes after end dim ${end}`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Split dim `dim` into `sizes` (one may be -1). */
export function unflatten(x: NDArray, dim: number, sizes: readonly number[]): NDArray {
  const d = normalizeAxis('unflatten', dim, x.ndim);
  const inner = inferShape('unflatten', sizes, x.shape[d] as number, [x.shape[d] as number]);
  return reshape(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

/** Python's `slice.indices`: clamp start/end for a dim of length n. */
function sliceIndices(
  n: number,
  start: number | undefined,
  end: number | undefined,
  step: number,
): [number, number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s: number;
  let e: number;
  if (step > 0) {
    s = start === undefined ? 0 : clamp(start < 0 ? start + n : start, 0, n);
    e = end === undefined ? n : clamp(end < 0 ? end + n : end, 0, n);
  } else {
    s = start === undefined ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
    e = end === undefined ? -1 : clamp(end < 0 ? end + n : end, -1, n - 1);
  }
  const count =
    step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
  return [s, step, count];
}

/**
 * Python slice `x[..., start:end:step, ...]` along `dim`: negative bounds count from the end,
 * out-of-range bounds clamp, a negative step walks backwards (a view with a negative stride).
 * @example
 * ```ts
 * import { arange, slice } from '@tensorgrad/tensor';
 * if (String(slice(arange(10), 0, 1, -1, 3).toArray()) !== '1,4,7') throw new Error('slice');
 * if (String(slice(arange(4), 0, undefined, undefined, -1).toArray()) !== '3,2,1,0') throw new Error('reversed');
 * ```
 */
export function slice(x: NDArray, dim: number, start?: number, end?: number, step = 1): NDArray {
  const d = normalizeAxis('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step === 0)
    throw new Error(`slice: step must be a non-zero integer, got ${step}`);
  const [s, st, count] = sliceIndices(x.shape[d] as number, start, end, step);
  const shape = [...x.shape];
  const strides = [...x.strides];
  shape[d] = count;
  strides[d] = (x.strides[d] as number) * st;
  const offset = count === 0 ? x.offset : x.offset + s * (x.strides[d] as number);
  return viewOf(x, shape, strides, offset);
}

/** The sub-tensor at position `i` (negative counts from the end) of `dim`; `dim` is removed. */
export function select(x: NDArray, dim: number, i: number): NDArray {
  if (x.ndim === 0) throw new Error('select: cannot select from a 0-d tensor');
  const d = normalizeAxis('select', dim, x.ndim);
  const n = x.shape[d] as number;
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new Error(`select: index ${i} is out of range for dim ${dim} of size ${n}`);
  }
  const idx = i < 0 ? i + n : i;
  const shape = x.shape.filter((_, k) => k !== d);
  const strides = x.strides.filter((_, k) => k !== d);
  return viewOf(x, shape, strides, x.offset + idx * (x.strides[d] as number));
}

/** `length` entries of `dim` from `start` (negative counts from the end). */
export function narrow(x: NDArray, dim: number, start: number, length: number): NDArray {
  const d = normalizeAxis('narrow', dim, x.ndim);
  const n = x.shape[d] as number;
  const s = start < 0 ? start + n : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > n) {
    throw new Error(
      `narrow: start ${start} and length ${length} are out of range for dim ${dim} of size ${n}`,
    );
  }
  return slice(x, d, s, s + length, 1);
}

/** Reverse `dims`; a view with negative strides (torch.flip copies; here it need not). */
export function flip(x: NDArray, dims: readonly number[]): NDArray {
  const axes = new Set(dims.map((d) => normalizeAxis('flip', d, x.ndim)));
  let offset = x.offset;
  const strides = x.strides.map((s, i) => {
    if (!axes.has(i) || x.shape[i] === 0) return s;
    offset += ((x.shape[i] as number) - 1) * s;
    return -s;
  });
  return viewOf(x, x.shape, strides, offset);
}

/** `x` itself (a new handle on the same storage) when contiguous, otherwise a contiguous copy. */
export function contiguous(x: NDArray): NDArray {
  if (x.isContiguous()) return viewOf(x, x.shape, x.strides, x.offset);
  return copyAs(x, x.dtype);
}

/** A contiguous copy with its own storage. */
export function clone(x: NDArray): NDArray {
  return copyAs(x, x.dtype);
}

/**
 * Parse a Python slice string `'a:b:c'` (parts may be empty) into `[start, end, step]`; shared
 * with autograd's differentiable `index`, so both read index strings the same way.
 */
export function parseSlice(item: string): [number | undefined, number | undefined, number] {
  const parts = item.split(':').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3)
    throw new Error(`index: cannot parse slice "${item}" (expected "start:end:step")`);
  const num = (p: string | undefined): number | undefined => {
    if (p === undefined || p === '') return undefined;
    const v = Number(p);
    if (!Number.isInteger(v))
      throw new Error(`index: cannot parse slice "${item}" (expected integers)`);
    return v;
  };
  return [num(parts[0]), num(parts[1]), num(parts[2]) ?? 1];
}

/**
 * NumPy-style basic indexing: numbers select (removing the dim), `'a:b:c'` slices, `':'` keeps,
 * `'...'` stands for as many `':'` as needed, and `null` inserts a size-1 axis.
 * @example
 * ```ts
 * import { arange, index } from '@tensorgrad/tensor';
 * const x = arange(24).reshape(2, 3, 4);
 * if (index(x, 0, '...', null).shape.join() !== '3,4,1') throw new Error('index');
 * if (String(index(x, 1, '1:', '::2').toArray()) !== '16,18,20,22') throw new Error('index slices');
 * ```
 */
export function index(x: NDArray, ...items: IndexItem[]): NDArray {
  const ellipses = items.filter((it) => it === '...').length;
  if (ellipses > 1) throw new Error('index: at most one "..." is allowed');
  const consuming = items.filter((it) => it !== null && it !== '...').length;
  if (consuming > x.ndim) {
    throw new Error(`index: too many indices (${consuming}) for a tensor of ${x.ndim} dims`);
  }
  const expanded: IndexItem[] = [];
  for (const it of items) {
    if (it === '...') for (let k = 0; k < x.ndim - consuming; k++) expanded.push(':');
    else expanded.push(it);
  }
  let out = viewOf(x, x.shape, x.strides, x.offset);
  let dim = 0;
  for (const it of expanded) {
    let next: NDArray;
    if (it === null) {
      next = unsqueeze(out, dim);
      dim++;
    } else if (typeof it === 'number') {
      next = select(out, dim, it);
    } else if (typeof it === 'string') {
      const [s, e, st] = parseSlice(it);
      next = slice(out, dim, s, e, st);
      dim++;
    } else {
      throw new Error(
        `index: unsupported index item ${String(it)} (expected number, "a:b:c", "...", or null)`,
      );
    }
    out.dispose();
    out = next;
  }
  return out;
}
