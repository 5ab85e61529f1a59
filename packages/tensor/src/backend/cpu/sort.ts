/**
 * Stable sort along one axis, returning values and int32 source positions.
 *
 * Each line along the axis is copied into a float64 scratch buffer, an index permutation is
 * sorted with a comparator that breaks ties by position (so the result is stable whatever the
 * engine's sort does), and both are written out. NaN sorts as the largest value, as in torch:
 * last when ascending, first when descending.
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, viewArray } from './data.js';
import { StridedRows } from './strided.js';

/** Sorted values (dtype of `x`) and their positions along `axis` (int32). */
export function sort(
  x: View,
  axis: number,
  descending: boolean,
): { values: TypedArray; indices: Int32Array } {
  const xa = viewArray('sort', x);
  const dtype: DType = x.data.dtype;
  const rank = x.shape.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= Math.max(rank, 1)) {
    throw new Error(`sort: axis must be in [0, ${rank}), received ${axis}`);
  }
  const lineLength = rank > 0 ? x.shape[axis] : 1;
  const lineStride = rank > 0 ? x.strides[axis] : 0;
  const outStrides = contiguousStrides(x.shape);
  const outStep = rank > 0 ? outStrides[axis] : 0;
  // Iterate every line start: the shape with `axis` reduced to one element.
  const lineStarts = x.shape.map((s, d) => (d === axis ? 1 : s));
  const rows = new StridedRows(lineStarts, [x, { strides: outStrides, offset: 0 }]);
  const size = lineStarts.reduce((a, b) => a * b, 1) * lineLength;
  const values = allocate(dtype, size, { zeroed: false });
  const indices = new Int32Array(size);

  const keys = new Float64Array(lineLength);
  const order = new Int32Array(lineLength);
  const sign = descending ? -1 : 1;
  const compare = (i: number, j: number): number => {
    const a = keys[i];
    const b = keys[j];
    const aIsNaN = a !== a;
    const bIsNaN = b !== b;
    if (aIsNaN || bIsNaN) {
      if (!(aIsNaN && bIsNaN)) return aIsNaN ? sign : -sign; // NaN is the largest
    } else if (a < b) {
      return -sign;
    } else if (a > b) {
      return sign;
    }
    return i - j; // stability
  };

  const [xs, os] = rows.innerStrides;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let xi = rows.offsets[0];
    let o = rows.offsets[1];
    for (let j = 0; j < rows.rowLength; j++, xi += xs, o += os) {
      for (let k = 0, src = xi; k < lineLength; k++, src += lineStride) {
        keys[k] = xa[src];
        order[k] = k;
      }
      order.sort(compare);
      for (let k = 0, dst = o; k < lineLength; k++, dst += outStep) {
        values[dst] = keys[order[k]];
        indices[dst] = order[k];
      }
    }
  }
  return { values, indices };
}
