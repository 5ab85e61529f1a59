/**
 * Batched matrix product `[...batch, m, k] @ [...batch, k, n]`.
 *
 * Precision: operands are packed into float64 and every dot product accumulates in float64,
 * rounded once into the output dtype (float32 results are the correctly rounded float64 sums
 * of float32 products, up to float64 rounding). int32 products are exact below 2^53 and then
 * wrap on store.
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, viewArray } from './data.js';
import { StridedRows } from './strided.js';

/** Copies the m x k matrix at `offset` of `x` (strides `rs`, `cs`) into row-major `dst`. */
function pack(x: TypedArray, offset: number, rows: number, cols: number, rs: number, cs: number, dst: Float64Array): void {
  let o = 0;
  for (let i = 0, ri = offset; i < rows; i++, ri += rs) {
    for (let j = 0, xi = ri; j < cols; j++, xi += cs) dst[o++] = x[xi];
  }
}

/** `out[m x n] = a[m x k] b[k x n]`, all row-major float64 (i-k-j order). */
function multiply(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[row + j] += aip * b[bRow + j];
    }
  }
}

/** Batched `a @ b`; batch shapes must be identical (broadcast through 0 strides). */
export function matmul(a: View, b: View, outDtype: DType): TypedArray {
  const aa = viewArray('matmul', a);
  const ba = viewArray('matmul', b);
  const rank = a.shape.length;
  const sameBatch =
    rank >= 2 && b.shape.length === rank && a.shape.slice(0, -2).every((s, d) => s === b.shape[d]);
  if (!sameBatch || a.shape[rank - 1] !== b.shape[rank - 2]) {
    throw new Error(
      `matmul: shapes [${a.shape.join(',')}] and [${b.shape.join(',')}] cannot be multiplied ` +
        `(expected [...batch, m, k] and [...batch, k, n] with equal batch shapes)`,
    );
  }
  const m = a.shape[rank - 2];
  const k = a.shape[rank - 1];
  const n = b.shape[rank - 1];
  const batchShape = a.shape.slice(0, -2);
  const batches = new StridedRows(batchShape, [
    { strides: a.strides.slice(0, -2), offset: a.offset },
    { strides: b.strides.slice(0, -2), offset: b.offset },
  ]);
  const batchCount = batches.rowCount * batches.rowLength;
  const out = allocate(outDtype, batchCount * m * n);
  if (out.length === 0) return out;
  const [ars, acs] = a.strides.slice(-2);
  const [brs, bcs] = b.strides.slice(-2);
  const aPacked = new Float64Array(m * k);
  const bPacked = new Float64Array(k * n);
  const product = new Float64Array(m * n);
  const [aStep, bStep] = batches.innerStrides;
  let o = 0;
  for (let r = 0; r < batches.rowCount; r++, batches.next()) {
    for (let j = 0; j < batches.rowLength; j++) {
      pack(aa, batches.offsets[0] + j * aStep, m, k, ars, acs, aPacked);
      pack(ba, batches.offsets[1] + j * bStep, k, n, brs, bcs, bPacked);
      multiply(aPacked, bPacked, product, m, k, n);
      out.set(product, o);
      o += m * n;
    }
  }
  return out;
}
