/**
 * `gather` and `scatterAdd` along one axis (torch semantics, out of place).
 *
 * Both iterate over the index's shape. The data side is an operand whose stride along `axis`
 * is set to 0, so the iteration yields the start of the addressed line and the kernel adds
 * `index * axisStride`; out-of-range indices are errors, not reads of `undefined`.
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, sizeOf, toBool, viewArray } from './data.js';
import { StridedRows } from './strided.js';
import { shapeString } from '../../shape.js';

/** Checks `axis` and that `index` fits `shape` (`index.shape[d] <= shape[d]` off the axis). */
function checkIndexShape(op: string, shape: readonly number[], axis: number, index: View): void {
  const rank = shape.length;
  const fits =
    index.shape.length === rank && index.shape.every((s, d) => d === axis || s <= shape[d]);
  if (!Number.isInteger(axis) || axis < 0 || axis >= Math.max(rank, 1) || !fits) {
    throw new Error(
      `${op}: index of shape ${shapeString(index.shape)} along axis ${axis} does not fit ` +
        `shape ${shapeString(shape)} (same rank, no larger off the axis)`,
    );
  }
  if (index.data.dtype !== 'int32') {
    throw new Error(`${op}: index must be int32, received ${index.data.dtype}`);
  }
}

function outOfBounds(op: string, i: number, axis: number, size: number): Error {
  return new Error(`${op}: index ${i} is out of bounds for axis ${axis} with size ${size}`);
}

/** torch.gather: out has `index.shape`; `out[..j..] = x[..index[..j..]..]` along `axis`. */
export function gather(x: View, axis: number, index: View): TypedArray {
  const xa = viewArray('gather', x);
  const ia = viewArray('gather', index);
  checkIndexShape('gather', x.shape, axis, index);
  const rank = x.shape.length;
  const axisSize = rank > 0 ? x.shape[axis] : 1;
  const axisStride = rank > 0 ? x.strides[axis] : 0;
  const lineStart = { strides: x.strides.map((s, d) => (d === axis ? 0 : s)), offset: x.offset };
  const rows = new StridedRows(index.shape, [index, lineStart]);
  const out = allocate(x.data.dtype, rows.rowCount * rows.rowLength, { zeroed: false });
  const n = rows.rowLength;
  const [is, xs] = rows.innerStrides;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let ii = rows.offsets[0];
    let xi = rows.offsets[1];
    for (let o = r * n, end = o + n; o < end; o++, ii += is, xi += xs) {
      const i = ia[ii];
      if (i < 0 || i >= axisSize) throw outOfBounds('gather', i, axis, axisSize);
      out[o] = xa[xi + i * axisStride];
    }
  }
  return out;
}

/**
 * `zeros(shape).scatter_add_(axis, index, src)`. Sums accumulate in float64 and are rounded
 * once into `outDtype`, so the result does not depend on the order of colliding indices.
 */
export function scatterAdd(
  shape: readonly number[],
  axis: number,
  index: View,
  src: View,
  outDtype: DType,
): TypedArray {
  const ia = viewArray('scatterAdd', index);
  const sa = viewArray('scatterAdd', src);
  checkIndexShape('scatterAdd', shape, axis, index);
  if (src.shape.length !== index.shape.length || src.shape.some((s, d) => s !== index.shape[d])) {
    throw new Error(
      `scatterAdd: src ${shapeString(src.shape)} and index ${shapeString(index.shape)} must have equal shapes`,
    );
  }
  const rank = shape.length;
  const outStrides = contiguousStrides(shape);
  const axisSize = rank > 0 ? shape[axis] : 1;
  const axisStride = rank > 0 ? outStrides[axis] : 0;
  const lineStart = { strides: outStrides.map((s, d) => (d === axis ? 0 : s)), offset: 0 };
  const sums = new Float64Array(sizeOf(shape));
  const rows = new StridedRows(index.shape, [index, src, lineStart]);
  const n = rows.rowLength;
  const [is, ss, os] = rows.innerStrides;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let ii = rows.offsets[0];
    let si = rows.offsets[1];
    let o = rows.offsets[2];
    for (let j = 0; j < n; j++, ii += is, si += ss, o += os) {
      const i = ia[ii];
      if (i < 0 || i >= axisSize) throw outOfBounds('scatterAdd', i, axis, axisSize);
      sums[o + i * axisStride] += sa[si];
    }
  }
  if (outDtype === 'bool') return toBool(sums);
  const out = allocate(outDtype, sums.length);
  out.set(sums);
  return out;
}
