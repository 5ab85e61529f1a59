/**
 * Index-driven ops: gather, scatterAdd, indexSelect, triu/tril, oneHot.
 */
import { dispatch, readView } from '../backend/dispatch.js';
import { tidy } from '../memory.js';
import { checkElementCount, normalizeAxis, shapeString } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { cast } from './cast.js';
import { intRange } from './range.js';
import * as ew from './elementwise.js';
import { expand, narrow, reshape, unsqueeze } from './views.js';

/** Throw unless every index is an integer in [-n, n) — checked on the host for a clear error. */
function checkIndexValues(op: string, index: NDArray, n: number): void {
  const values = readView(index.strided);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0 || v >= n) {
      throw new Error(
        `${op}: index ${v} is out of bounds for a dim of size ${n} (expected 0 <= index < ${n})`,
      );
    }
  }
}

function asIndex(op: string, index: NDArray): NDArray {
  if (index.dtype === 'float32' || index.dtype === 'float64') {
    throw new Error(`${op}: index must be an int32 (or bool) tensor, got ${index.dtype}`);
  }
  return cast(index, 'int32');
}

/**
 * torch.gather: `out[i][j][k] = x[index[i][j][k]][j][k]` for axis 0 (and likewise for others).
 * `index` has `x`'s ndim and, on the other dims, sizes no larger than `x`'s; out has its shape.
 * @example
 * ```ts
 * import { gather, tensor } from '@tensorgrad/tensor';
 * const idx = tensor([[1], [0]], { dtype: 'int32' });
 * const y = gather(tensor([[1, 2], [3, 4]]), 1, idx);
 * if (JSON.stringify(y.toArray()) !== '[[2],[3]]') throw new Error('gather');
 * ```
 */
export function gather(x: NDArray, axis: number, index: NDArray): NDArray {
  const a = normalizeAxis('gather', axis, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((d, k) => k !== a && d > (x.shape[k] as number))) {
    throw new Error(
      `gather: index of shape ${shapeString(index.shape)} does not fit input of shape ${shapeString(x.shape)} along axis ${axis} (expected the same ndim and sizes no larger off the axis)`,
    );
  }
  const idx = asIndex('gather', index);
  try {
    checkIndexValues('gather', idx, x.ndim === 0 ? 1 : (x.shape[a] as number));
    const { backend, result } = dispatch([x.dtype], [x.strided, idx.strided], (b, [vx, vi]) =>
      b.gather(vx, a, vi),
    );
    return fromData(backend, result, index.shape, x.dtype);
  } finally {
    idx.dispose();
  }
}

/**
 * Out-of-place torch.scatter_add: a copy of `x` with `src[i][j][k]` added at
 * `[index[i][j][k]][j][k]` (axis 0). `index` is no larger than `src` (and than `x` off the axis);
 * only the part of `src` the index covers is used.
 * @example
 * ```ts
 * import { ones, scatterAdd, tensor, zeros } from '@tensorgrad/tensor';
 * const idx = tensor([0, 0, 2], { dtype: 'int32' });
 * const y = scatterAdd(zeros([3]), 0, idx, ones([3]));
 * if (String(y.toArray()) !== '2,0,1') throw new Error('scatterAdd');
 * ```
 */
export function scatterAdd(x: NDArray, axis: number, index: NDArray, src: NDArray): NDArray {
  const a = normalizeAxis('scatterAdd', axis, x.ndim);
  const fits =
    index.ndim === x.ndim &&
    src.ndim === x.ndim &&
    index.shape.every(
      (d, k) => d <= (src.shape[k] as number) && (k === a || d <= (x.shape[k] as number)),
    );
  if (!fits) {
    throw new Error(
      `scatterAdd: index ${shapeString(index.shape)}, src ${shapeString(src.shape)} and input ${shapeString(x.shape)} are incompatible along axis ${axis} (expected equal ndim, index no larger than src, and no larger than input off the axis)`,
    );
  }
  return tidy(() => {
    const idx = asIndex('scatterAdd', index);
    checkIndexValues('scatterAdd', idx, x.ndim === 0 ? 1 : (x.shape[a] as number));
    let s = cast(src, x.dtype);
    for (let k = 0; k < x.ndim; k++) {
      if (s.shape[k] !== idx.shape[k]) s = narrow(s, k, 0, idx.shape[k] as number);
    }
    const { backend, result } = dispatch([x.dtype], [idx.strided, s.strided], (b, [vi, vs]) =>
      b.scatterAdd(x.shape, a, vi, vs, x.dtype),
    );
    return ew.add(x, fromData(backend, result, x.shape, x.dtype));
  });
}

/** The entries of `x` at the positions `index` (1-D) along `axis`. */
export function indexSelect(x: NDArray, axis: number, index: NDArray): NDArray {
  if (index.ndim > 1)
    throw new Error(`indexSelect: index must be 1-D, got shape ${shapeString(index.shape)}`);
  const a = normalizeAxis('indexSelect', axis, x.ndim);
  if (x.ndim === 0) return tidy(() => gather(x, 0, reshape(index, [])));
  checkElementCount(
    'indexSelect',
    x.shape.map((d, k) => (k === a ? index.size : d)),
  );
  return tidy(() => {
    // Give the index x's shape with its length on `axis`, by broadcasting (no copy), then gather.
    let idx = reshape(index, [index.size]);
    for (let k = 0; k < a; k++) idx = unsqueeze(idx, 0);
    for (let k = a + 1; k < x.ndim; k++) idx = unsqueeze(idx, -1);
    const shape = x.shape.map((d, k) => (k === a ? index.size : d));
    return gather(x, a, expand(idx, shape));
  });
}

/** `colIndex - rowIndex` for the last two dims of `x`, shaped [m, n]. */
function diagonalOffsets(op: string, x: NDArray): NDArray {
  if (x.ndim < 2)
    throw new Error(
      `${op}: expected a tensor of at least 2 dims, got shape ${shapeString(x.shape)}`,
    );
  const m = x.shape[x.ndim - 2] as number;
  const n = x.shape[x.ndim - 1] as number;
  return ew.sub(intRange(n), reshape(intRange(m), [m, 1]));
}

/** The upper triangle of the last two dims — entries with `col - row >= k` — zeros elsewhere. */
export function triu(x: NDArray, k = 0): NDArray {
  return tidy(() => ew.where(ew.ge(diagonalOffsets('triu', x), k), x, 0).cast(x.dtype));
}

/** The lower triangle of the last two dims — entries with `col - row <= k` — zeros elsewhere. */
export function tril(x: NDArray, k = 0): NDArray {
  return tidy(() => ew.where(ew.le(diagonalOffsets('tril', x), k), x, 0).cast(x.dtype));
}

/**
 * One-hot encoding of integer classes: shape `[...x.shape, numClasses]`, int32.
 * `numClasses = -1` uses `max(x) + 1`.
 */
export function oneHot(x: NDArray, numClasses = -1): NDArray {
  const idx = asIndex('oneHot', x);
  try {
    const values = readView(idx.strided);
    let n = numClasses;
    if (n === -1) n = Array.from(values).reduce((m, v) => Math.max(m, v + 1), 0);
    for (const v of values) {
      if (v < 0 || v >= n)
        throw new Error(
          `oneHot: class ${v} is out of range for ${n} classes (expected 0 <= class < ${n})`,
        );
    }
    return tidy(() => ew.eq(unsqueeze(idx, -1), intRange(n)).cast('int32'));
  } finally {
    idx.dispose();
  }
}
