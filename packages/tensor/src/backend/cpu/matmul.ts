/**
 * Batched matrix product `[...batch, m, k] @ [...batch, k, n]`, cache-blocked and
 * register-tiled in the manner of GotoBLAS / BLIS:
 *
 *   for each KC x NC block of b:   pack it into NR-column micro-panels   (stays in L2/L3)
 *     for each MC x KC block of a: pack it into MR-row micro-panels      (stays in L2)
 *       for each MR x NR tile of c: the micro-kernel runs over KC, holding the tile in locals
 *
 * Packing is also where layouts are dealt with: any strides (transposed, broadcast batch,
 * flipped) are read once into contiguous float64 panels, zero-padded to whole tiles so the
 * micro-kernel never tests for edges while computing. Two shortcuts around it: products with
 * fewer than MR rows or NR columns skip packing (`thinProduct`), and a b broadcast over the
 * batch is folded into a's rows so that it is packed once (`batchFoldsIntoRows`).
 *
 * Precision: operands are packed as float64 and the dot products accumulate in float64 (in
 * the micro-kernel's locals and the float64 block of c), rounded once into the output dtype.
 * int32 products are exact while partial sums stay below 2^53, and wrap on store.
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, toBool, viewArray } from './data.js';
import { StridedRows } from './strided.js';
import { simdGemm, simdGemmEnabled } from './wasm/gemm.js';
import { shapeString } from '../../shape.js';

/** Micro-tile: MR rows of a times NR columns of b, kept in 16 local accumulators. */
const MR = 4;
const NR = 4;
/** Depth of a packed block: one a micro-panel (KC x MR doubles = 8 KiB) fits in L1. */
const KC = 256;
/** Rows of a per packed block (MC x KC doubles = 128 KiB, for L2). */
const MC = 64;
/** Columns of b per packed block (KC x NC doubles = 2 MiB). */
const NC = 1024;

/** A strided matrix: element (i, j) is at `data[offset + i * rowStride + j * colStride]`. */
interface Matrix {
  data: TypedArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

/**
 * Packs rows [i0, i0 + rows) x depth [p0, p0 + depth) of `a` into MR-row micro-panels:
 * panel after panel, each storing its MR values for p = 0, 1, ... (zero rows past the edge).
 */
function packA(
  a: Matrix,
  i0: number,
  rows: number,
  p0: number,
  depth: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let ir = 0; ir < rows; ir += MR) {
    const valid = Math.min(MR, rows - ir);
    for (let r = 0; r < MR; r++) {
      if (r >= valid) {
        for (let p = 0, d = o + r; p < depth; p++, d += MR) dst[d] = 0;
        continue;
      }
      let s = a.offset + (i0 + ir + r) * a.rowStride + p0 * a.colStride;
      for (let p = 0, d = o + r; p < depth; p++, d += MR, s += a.colStride) dst[d] = a.data[s];
    }
    o += MR * depth;
  }
}

/** Packs depth [p0, p0 + depth) x columns [j0, j0 + cols) of `b` into NR-column micro-panels. */
function packB(
  b: Matrix,
  p0: number,
  depth: number,
  j0: number,
  cols: number,
  dst: Float64Array,
): void {
  let o = 0;
  for (let jr = 0; jr < cols; jr += NR) {
    const valid = Math.min(NR, cols - jr);
    for (let c = 0; c < NR; c++) {
      if (c >= valid) {
        for (let p = 0, d = o + c; p < depth; p++, d += NR) dst[d] = 0;
        continue;
      }
      let s = b.offset + p0 * b.rowStride + (j0 + jr + c) * b.colStride;
      for (let p = 0, d = o + c; p < depth; p++, d += NR, s += b.rowStride) dst[d] = b.data[s];
    }
    o += NR * depth;
  }
}

/** Spill buffer for edge tiles: the kernel always computes a whole tile. */
const edgeTile = new Float64Array(MR * NR);

/**
 * c[ci.., ldc] += (MR x depth panel at ap) (depth x NR panel at bp), storing only the
 * `rows` x `cols` part that lies inside c. Hot loop: ~4.4 GFLOP/s alone, 3.5-4 GFLOP/s in the
 * full float32 product at 128..1024 (0.7 for the plain i-k-j loop it replaced); see README.md.
 * Formatting is kept by hand: the 4 x 4 grid of statements is the tile.
 */
// prettier-ignore
function microKernel(
  depth: number,
  ap: Float64Array,
  ai: number,
  bp: Float64Array,
  bi: number,
  c: Float64Array,
  ci: number,
  ldc: number,
  rows: number,
  cols: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < depth; p++, ai += MR, bi += NR) {
    const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
    const a0 = ap[ai];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    const a1 = ap[ai + 1];
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    const a2 = ap[ai + 2];
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    const a3 = ap[ai + 3];
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (rows === MR && cols === NR) {
    c[ci] += c00; c[ci + 1] += c01; c[ci + 2] += c02; c[ci + 3] += c03; ci += ldc;
    c[ci] += c10; c[ci + 1] += c11; c[ci + 2] += c12; c[ci + 3] += c13; ci += ldc;
    c[ci] += c20; c[ci + 1] += c21; c[ci + 2] += c22; c[ci + 3] += c23; ci += ldc;
    c[ci] += c30; c[ci + 1] += c31; c[ci + 2] += c32; c[ci + 3] += c33;
    return;
  }
  const t = edgeTile;
  t[0] = c00; t[1] = c01; t[2] = c02; t[3] = c03;
  t[4] = c10; t[5] = c11; t[6] = c12; t[7] = c13;
  t[8] = c20; t[9] = c21; t[10] = c22; t[11] = c23;
  t[12] = c30; t[13] = c31; t[14] = c32; t[15] = c33;
  for (let r = 0; r < rows; r++, ci += ldc) {
    for (let j = 0; j < cols; j++) c[ci + j] += t[r * NR + j];
  }
}

/** Scratch panels, grown on demand and reused across calls (the backend is synchronous). */
let packedA: Float64Array = new Float64Array(0);
let packedB: Float64Array = new Float64Array(0);

function scratch(current: Float64Array, size: number): Float64Array {
  return current.length >= size ? current : new Float64Array(size);
}

/**
 * c = a b without packing, for products with fewer than MR rows or NR columns (a vector times
 * a matrix, a matrix times a vector). There the packed path would pad every tile and pack as
 * many elements as it multiplies; [1, 512] @ [512, 512] went from 0.42 to 0.70 GFLOP/s.
 * The loop order follows b's layout so that the innermost loop reads b contiguously.
 */
function thinProduct(a: Matrix, b: Matrix, c: Float64Array, m: number, k: number, n: number): void {
  const { data: ad, rowStride: ars, colStride: acs } = a;
  const { data: bd, rowStride: brs, colStride: bcs } = b;
  if (Math.abs(bcs) <= Math.abs(brs)) {
    // b's rows are contiguous: c[i, :] += a[i, p] * b[p, :] (i-k-j).
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = 0; p < k; p++) {
        const aip = ad[a.offset + i * ars + p * acs];
        for (let j = 0, bi = b.offset + p * brs; j < n; j++, bi += bcs) c[ci + j] += aip * bd[bi];
      }
    }
  } else {
    // b's columns are contiguous (a transposed weight): c[i, j] = dot(a[i, :], b[:, j]).
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        let ai = a.offset + i * ars;
        let bi = b.offset + j * bcs;
        for (let p = 0; p < k; p++, ai += acs, bi += brs) acc += ad[ai] * bd[bi];
        c[i * n + j] = acc;
      }
    }
  }
}

/** c (m x n, row-major float64, zeroed) = a (m x k) b (k x n). */
function gemm(a: Matrix, b: Matrix, c: Float64Array, m: number, k: number, n: number): void {
  if (m < MR || n < NR) {
    thinProduct(a, b, c, m, k, n);
    return;
  }
  packedA = scratch(packedA, Math.ceil(Math.min(MC, m) / MR) * MR * Math.min(KC, k));
  packedB = scratch(packedB, Math.ceil(Math.min(NC, n) / NR) * NR * Math.min(KC, k));
  const ap = packedA;
  const bp = packedB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ic, mc, pc, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          const bi = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            microKernel(kc, ap, ir * kc, bp, bi, c, (ic + ir) * n + jc + jr, n, rows, cols);
          }
        }
      }
    }
  }
}

/**
 * Whether the batch folds into a's rows: b is one matrix broadcast over the batch (a linear
 * layer's weight against [batch, tokens, features]) and a's batch and row dims form one evenly
 * strided run of rows. One gemm over batch x m rows then packs b once instead of per batch.
 */
function batchFoldsIntoRows(a: View, b: View): boolean {
  const rank = a.shape.length;
  const rowStride = a.strides[rank - 2];
  let rows = a.shape[rank - 2];
  for (let d = rank - 3; d >= 0; d--) {
    if (a.shape[d] === 1) continue;
    if (b.strides[d] !== 0 || a.strides[d] !== rowStride * rows) return false;
    rows *= a.shape[d];
  }
  return true;
}

/**
 * float32 products on the WebAssembly SIMD kernel (`wasm/gemm.ts`): blocks of 256 products
 * summed in float32, the blocks added in float64. The float64-accumulating kernel above stays
 * for float64 and int32, and for float32 where WebAssembly SIMD is missing or switched off
 * (`simdGemmEnabled()`).
 */
function simdProduct(
  a: View,
  b: View,
  left: Matrix,
  right: Matrix,
  batches: StridedRows,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  if (batchFoldsIntoRows(a, b)) {
    left.offset = a.offset;
    right.offset = b.offset;
    simdGemm(left, right, out, 0, out.length / n, k, n);
    return;
  }
  const [aStep, bStep] = batches.innerStrides;
  let o = 0;
  for (let r = 0; r < batches.rowCount; r++, batches.next()) {
    for (let j = 0; j < batches.rowLength; j++, o += m * n) {
      left.offset = batches.offsets[0] + j * aStep;
      right.offset = batches.offsets[1] + j * bStep;
      simdGemm(left, right, out, o, m, k, n);
    }
  }
}

/** Batched `a @ b`; batch shapes must be identical (broadcast through 0 strides). */
export function matmul(a: View, b: View, outDtype: DType): TypedArray {
  if (outDtype === 'bool') return toBool(matmul(a, b, 'float64') as Float64Array);
  const aa = viewArray('matmul', a);
  const ba = viewArray('matmul', b);
  const rank = a.shape.length;
  const sameBatch =
    rank >= 2 && b.shape.length === rank && a.shape.slice(0, -2).every((s, d) => s === b.shape[d]);
  if (!sameBatch || a.shape[rank - 1] !== b.shape[rank - 2]) {
    throw new Error(
      `matmul: shapes ${shapeString(a.shape)} and ${shapeString(b.shape)} cannot be multiplied ` +
        `(expected [...batch, m, k] and [...batch, k, n] with equal batch shapes)`,
    );
  }
  const m = a.shape[rank - 2];
  const k = a.shape[rank - 1];
  const n = b.shape[rank - 1];
  const batches = new StridedRows(a.shape.slice(0, -2), [
    { strides: a.strides.slice(0, -2), offset: a.offset },
    { strides: b.strides.slice(0, -2), offset: b.offset },
  ]);
  // Every path writes every element, except a product of depth 0, which is all zeros.
  const out = allocate(outDtype, batches.rowCount * batches.rowLength * m * n, { zeroed: k === 0 });
  if (out.length === 0) return out;
  const left: Matrix = {
    data: aa,
    offset: 0,
    rowStride: a.strides[rank - 2],
    colStride: a.strides[rank - 1],
  };
  const right: Matrix = {
    data: ba,
    offset: 0,
    rowStride: b.strides[rank - 2],
    colStride: b.strides[rank - 1],
  };
  if (outDtype === 'float32' && simdGemmEnabled()) {
    simdProduct(a, b, left, right, batches, out as Float32Array, m, k, n);
    return out;
  }
  if (batchFoldsIntoRows(a, b)) {
    const product = new Float64Array(out.length);
    left.offset = a.offset;
    right.offset = b.offset;
    gemm(left, right, product, out.length / n, k, n);
    out.set(product);
    return out;
  }
  const product = new Float64Array(m * n);
  const [aStep, bStep] = batches.innerStrides;
  let o = 0;
  for (let r = 0; r < batches.rowCount; r++, batches.next()) {
    for (let j = 0; j < batches.rowLength; j++, o += m * n) {
      left.offset = batches.offsets[0] + j * aStep;
      right.offset = batches.offsets[1] + j * bStep;
      product.fill(0);
      gemm(left, right, product, m, k, n);
      out.set(product, o);
    }
  }
  return out;
}
