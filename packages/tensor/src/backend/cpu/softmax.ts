/**
 * `softmax` and `logSoftmax` along one axis in a single kernel: per line, one pass for the
 * maximum, one computing exp(x − max) into the output while summing it, one scaling (or, for
 * logSoftmax, subtracting log Σ). The composite of raw ops (max, sub, exp, sum, div) makes five
 * passes and four temporaries. Values are those of the composite up to the rounding of x − max
 * (kept in a double here). Contiguous float32 rows go to the SIMD kernel (wasm/softmax.ts:
 * float32 arithmetic, a polynomial exp, ~1e-7 relative).
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, viewArray } from './data.js';
import { StridedRows } from './strided.js';
import { simdGemmEnabled } from './wasm/gemm.js';
import { simdSoftmaxInHeap } from './wasm/in-heap.js';
import { simdSoftmaxAvailable, simdSoftmaxRows } from './wasm/softmax.js';

/** softmax (or logSoftmax when `log`) of `x` along `axis`, contiguous, as `outDtype` (a float dtype). */
export function softmax(x: View, axis: number, outDtype: DType, log: boolean): TypedArray {
  const xa = viewArray(log ? 'logSoftmax' : 'softmax', x);
  const shape = x.shape;
  const length = shape[axis];
  const outStrides = contiguousStrides(shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const out = allocate(outDtype, size, { zeroed: false });
  if (size === 0) return out;
  const rowsInPlace = shape.every((size, d) => size === 1 || x.strides[d] === outStrides[d]);
  if (
    !log &&
    outDtype === 'float32' &&
    xa instanceof Float32Array &&
    axis === shape.length - 1 &&
    rowsInPlace &&
    simdGemmEnabled() &&
    simdSoftmaxAvailable()
  ) {
    // contiguous float32 rows: the SIMD kernel (wasm/softmax.ts), in place in the heap when
    // both arrays are there, else on copies
    const rows = size / length;
    if (!simdSoftmaxInHeap(xa, x.offset, rows, length, out as Float32Array))
      simdSoftmaxRows(xa, x.offset, rows, length, out as Float32Array);
    return out;
  }
  const others = (s: readonly number[]) => s.filter((_, d) => d !== axis);
  const lines = new StridedRows(others(shape), [
    { strides: others(x.strides), offset: x.offset },
    { strides: others(outStrides), offset: 0 },
  ]);
  const xs = x.strides[axis];
  const os = outStrides[axis];
  const [xStep, oStep] = lines.innerStrides;
  for (let r = 0; r < lines.rowCount; r++, lines.next()) {
    for (let j = 0; j < lines.rowLength; j++) {
      const xBase = lines.offsets[0] + j * xStep;
      const oBase = lines.offsets[1] + j * oStep;
      let max = -Infinity;
      for (let t = 0, i = xBase; t < length; t++, i += xs) {
        const v = xa[i];
        if (v > max || v !== v) max = v;
      }
      // NaN anywhere makes max NaN, and so the whole line, as in the composite.
      let sum = 0;
      if (log) {
        // (x - max) - log Σ, in the composite's order
        for (let t = 0, i = xBase; t < length; t++, i += xs) sum += Math.exp(xa[i] - max);
        const logSum = Math.log(sum);
        for (let t = 0, i = xBase, o = oBase; t < length; t++, i += xs, o += os) {
          out[o] = xa[i] - max - logSum;
        }
      } else {
        // exp(x - max) is stored (rounded, as the composite's temporary is) and summed as stored.
        for (let t = 0, i = xBase, o = oBase; t < length; t++, i += xs, o += os) {
          out[o] = Math.exp(xa[i] - max);
          sum += out[o];
        }
        for (let t = 0, o = oBase; t < length; t++, o += os) out[o] /= sum;
      }
    }
  }
  return out;
}
