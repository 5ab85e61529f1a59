/**
 * `standardize`: each row of the last `size` elements becomes `(x - mean) / sqrt(var + eps)`,
 * the normalizing half of layer norm, in one kernel. Per row: one pass sums x, one sums the
 * squared deviations (two passes, not Σx² − (Σx)², which cancels when the mean is large next to
 * the spread), one writes the result. The sums are doubles, so the statistics carry one
 * rounding each where the composite of float32 ops (mean, sub, square, mean, add, rsqrt, mul)
 * rounds at every step and allocates six temporaries.
 */
import type { DType, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, viewArray } from './data.js';

/** `x` standardized over rows of its last `size` elements (x must be contiguous: see below). */
export function standardize(x: View, size: number, eps: number, outDtype: DType): TypedArray {
  const xa = viewArray('standardize', x);
  const total = x.shape.reduce((a, b) => a * b, 1);
  const out = allocate(outDtype, total, { zeroed: false });
  if (total === 0) return out;
  // The op layer makes x contiguous first (`ops/standardize.ts`); rows are then plain ranges.
  const strides = contiguousStrides(x.shape);
  if (!x.shape.every((d, i) => d === 1 || x.strides[i] === strides[i])) {
    throw new Error('standardize: expected a contiguous x (the op layer copies a strided one)');
  }
  for (let start = x.offset, o = 0; o < total; start += size, o += size) {
    const end = start + size;
    let sum = 0;
    for (let i = start; i < end; i++) sum += xa[i]!;
    const mean = sum / size;
    let squares = 0;
    for (let i = start; i < end; i++) {
      const d = xa[i]! - mean;
      squares += d * d;
    }
    const scale = 1 / Math.sqrt(squares / size + eps);
    for (let i = start, j = o; i < end; i++, j++) out[j] = (xa[i]! - mean) * scale;
  }
  return out;
}
