/**
 * im2col (`unfold`) and its adjoint col2im (`fold`) for 2-D convolution.
 *
 * Layout: cols[b, (ci * kernelH + ki) * kernelW + kj, oh * outW + ow] =
 * x[b, ci, oh * strideH - padH + ki * dilationH, ow * strideW - padW + kj * dilationW]
 * (0 outside the image). For each (b, ci, ki, kj) the range of `ow` whose input column lies
 * inside the image is solved once, so the innermost loop is a plain strided copy (or add)
 * with no bounds test per element; padded positions are the zeros of the fresh output.
 */
import type { Conv2dGeometry, TypedArray, View } from '../backend.js';
import { allocate, viewArray } from './data.js';
import { sameShape, shapeString } from '../../shape.js';

/** First and one-past-last output column whose input column `ow * sw + shift` is in [0, w). */
function validColumns(g: Conv2dGeometry, kj: number): [number, number] {
  const shift = kj * g.dilationW - g.padW;
  const lo = Math.max(0, Math.ceil(-shift / g.strideW));
  const hi = Math.min(g.outW, Math.floor((g.w - 1 - shift) / g.strideW) + 1);
  return [lo, Math.max(lo, hi)];
}

function checkShape(
  op: string,
  what: string,
  actual: readonly number[],
  expected: readonly number[],
): void {
  if (!sameShape(actual, expected)) {
    throw new Error(
      `${op}: ${what} has shape ${shapeString(actual)}, the geometry expects ${shapeString(expected)}`,
    );
  }
}

/**
 * Visits every (row of cols, image row of the input) pair that overlaps: calls
 * `run(colsStart, xStart, xStep, count)` once for each run of output columns whose input
 * columns lie inside the image (cols contiguous; x through `xStrides`).
 */
function forEachRun(
  g: Conv2dGeometry,
  xStrides: readonly number[],
  xOffset: number,
  run: (colsStart: number, xStart: number, xStep: number, count: number) => void,
): void {
  const [sn, sc, sh, sw] = xStrides;
  const spatial = g.outH * g.outW;
  const xStep = g.strideW * sw;
  const columns = Array.from({ length: g.kernelW }, (_, kj) => validColumns(g, kj));
  let row = 0;
  for (let b = 0; b < g.n; b++) {
    for (let ci = 0; ci < g.c; ci++) {
      const channel = xOffset + b * sn + ci * sc;
      for (let ki = 0; ki < g.kernelH; ki++) {
        for (let kj = 0; kj < g.kernelW; kj++, row++) {
          const [lo, hi] = columns[kj];
          if (lo === hi) continue;
          const firstColumn = (lo * g.strideW - g.padW + kj * g.dilationW) * sw;
          for (let oh = 0; oh < g.outH; oh++) {
            const ih = oh * g.strideH - g.padH + ki * g.dilationH;
            if (ih < 0 || ih >= g.h) continue;
            run(row * spatial + oh * g.outW + lo, channel + ih * sh + firstColumn, xStep, hi - lo);
          }
        }
      }
    }
  }
}

/** im2col: `x` [n, c, h, w] → [n, c * kernelH * kernelW, outH * outW], zero padding. */
export function unfold(x: View, g: Conv2dGeometry): TypedArray {
  const xa = viewArray('unfold', x);
  checkShape('unfold', 'x', x.shape, [g.n, g.c, g.h, g.w]);
  const out = allocate(x.data.dtype, g.n * g.c * g.kernelH * g.kernelW * g.outH * g.outW);
  forEachRun(g, x.strides, x.offset, (o, xi, step, count) => {
    for (const end = o + count; o < end; o++, xi += step) out[o] = xa[xi];
  });
  return out;
}

/** col2im: `cols` [n, c * kernelH * kernelW, outH * outW] → [n, c, h, w], summing overlaps in float64. */
export function fold(cols: View, g: Conv2dGeometry): TypedArray {
  const ca = viewArray('fold', cols);
  checkShape('fold', 'cols', cols.shape, [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW]);
  // Read cols through its own strides by walking them as the contiguous layout they describe.
  const [cn, cr, cs] = cols.strides;
  const rowsPerImage = g.c * g.kernelH * g.kernelW;
  const spatial = g.outH * g.outW;
  const sums = new Float64Array(g.n * g.c * g.h * g.w);
  const imageStrides = [g.c * g.h * g.w, g.h * g.w, g.w, 1];
  forEachRun(g, imageStrides, 0, (o, xi, step, count) => {
    // `o` indexes contiguous cols; map it back to the view's strides once per run.
    const b = Math.floor(o / (rowsPerImage * spatial));
    const rest = o - b * rowsPerImage * spatial;
    const row = Math.floor(rest / spatial);
    let ci = cols.offset + b * cn + row * cr + (rest - row * spatial) * cs;
    for (let k = 0; k < count; k++, ci += cs, xi += step) sums[xi] += ca[ci];
  });
  const out = allocate(cols.data.dtype, sums.length);
  out.set(sums);
  return out;
}
