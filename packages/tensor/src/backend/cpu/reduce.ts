/**
 * Reductions (`sum`, `prod`, `max`, `min`, `argmax`, `argmin`) and the `cumsum` scan.
 *
 * The input's dimensions are split into kept and reduced ones. An outer {@link StridedRows}
 * walks the output (kept dims); for each output element an inner one walks the reduced
 * sub-space from that element's base offset. Reducing the last, contiguous axis (softmax,
 * layer norm) is thus one tight loop per output element.
 *
 * Precision: sums and products accumulate in float64 and are rounded once on store, so a
 * float32 sum of n terms carries one rounding instead of n (closer to torch's pairwise sums
 * than a float32 accumulator would be). int32 products wrap as int32 (`Math.imul`).
 * NaN: `max`/`min` return NaN if any element is NaN, and `argmax`/`argmin` the first NaN's
 * index, as torch does; otherwise the first extreme index wins ties.
 */
import type { DType, ReduceOp, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, viewArray } from './data.js';
import { StridedRows } from './strided.js';

/** Reduces the sub-space `inner` walks, starting at `base`, to one value (or index). */
function reduceOne(op: ReduceOp, x: TypedArray, inner: StridedRows, base: number, intOut: boolean): number {
  inner.reset(base);
  const n = inner.rowLength;
  const s = inner.innerStrides[0];
  switch (op) {
    case 'sum': {
      let acc = 0;
      for (let r = 0; r < inner.rowCount; r++, inner.next()) {
        for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) acc += x[i];
      }
      return acc;
    }
    case 'prod': {
      let acc = 1;
      for (let r = 0; r < inner.rowCount; r++, inner.next()) {
        if (intOut) for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) acc = Math.imul(acc, x[i]);
        else for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) acc *= x[i];
      }
      return acc;
    }
    case 'max':
    case 'argmax': {
      let best = -Infinity;
      let at = 0;
      for (let r = 0; r < inner.rowCount; r++, inner.next()) {
        for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) {
          const v = x[i];
          if (v > best || (v !== v && best === best)) {
            best = v;
            at = r * n + j;
          }
        }
      }
      // all -Infinity: the first index, which `at = 0` already is.
      return op === 'max' ? best : at;
    }
    case 'min':
    case 'argmin': {
      let best = Infinity;
      let at = 0;
      for (let r = 0; r < inner.rowCount; r++, inner.next()) {
        for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) {
          const v = x[i];
          if (v < best || (v !== v && best === best)) {
            best = v;
            at = r * n + j;
          }
        }
      }
      return op === 'min' ? best : at;
    }
  }
}

/** Reduces `axes` (sorted, unique, non-negative) of `x` with `op`, stored as `outDtype`. */
export function reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): TypedArray {
  const name = `reduce ${op}`;
  const xa = viewArray(name, x);
  const rank = x.shape.length;
  for (let i = 0; i < axes.length; i++) {
    const axis = axes[i];
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank || (i > 0 && axis <= axes[i - 1])) {
      throw new Error(
        `${name}: axes must be sorted, unique and in [0, ${rank}), received [${axes.join(',')}]`,
      );
    }
  }
  const isArg = op === 'argmax' || op === 'argmin';
  if (isArg && axes.length !== 1 && !(rank === 0 && axes.length === 0)) {
    throw new Error(`${name}: reduces exactly one axis, received [${axes.join(',')}]`);
  }
  const keptShape: number[] = [];
  const keptStrides: number[] = [];
  const reducedShape: number[] = [];
  const reducedStrides: number[] = [];
  for (let d = 0; d < rank; d++) {
    const reduced = axes.includes(d);
    (reduced ? reducedShape : keptShape).push(x.shape[d]);
    (reduced ? reducedStrides : keptStrides).push(x.strides[d]);
  }
  const outer = new StridedRows(keptShape, [{ strides: keptStrides, offset: x.offset }]);
  const inner = new StridedRows(reducedShape, [{ strides: reducedStrides, offset: 0 }]);
  const outSize = outer.rowCount * outer.rowLength;
  if (outSize > 0 && inner.rowCount === 0 && op !== 'sum' && op !== 'prod') {
    throw new Error(`${name}: cannot reduce an empty axis (shape [${x.shape.join(',')}])`);
  }
  const out = allocate(outDtype, outSize);
  const intOut = outDtype === 'int32';
  const n = outer.rowLength;
  const step = outer.innerStrides[0];
  for (let r = 0; r < outer.rowCount; r++, outer.next()) {
    let base = outer.offsets[0];
    for (let j = 0, o = r * n; j < n; j++, o++, base += step) {
      out[o] = reduceOne(op, xa, inner, base, intOut);
    }
  }
  return out;
}

/** Inclusive prefix sum of `x` along `axis` (float64 running sum), stored as `outDtype`. */
export function cumsum(x: View, axis: number, outDtype: DType): TypedArray {
  const xa = viewArray('cumsum', x);
  const rank = x.shape.length;
  if (!Number.isInteger(axis) || axis < 0 || axis >= Math.max(rank, 1)) {
    throw new Error(`cumsum: axis must be in [0, ${rank}), received ${axis}`);
  }
  const outStrides = contiguousStrides(x.shape);
  // Move `axis` last so that each row of the iteration is one scan.
  const order = [...Array(rank).keys()].filter((d) => d !== axis);
  if (rank > 0) order.push(axis);
  const shape = order.map((d) => x.shape[d]);
  const rows = new StridedRows(shape, [
    { strides: order.map((d) => x.strides[d]), offset: x.offset },
    { strides: order.map((d) => outStrides[d]), offset: 0 },
  ]);
  const out = allocate(outDtype, rows.rowCount * rows.rowLength);
  const scanLength = rank > 0 ? x.shape[axis] : 1;
  const [xs, os] = rows.innerStrides;
  const n = rows.rowLength;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let xi = rows.offsets[0];
    let o = rows.offsets[1];
    let acc = 0;
    for (let j = 0; j < n; j++, xi += xs, o += os) {
      // A row may hold several scans when dims before `axis` merged into it (size-1 axis).
      if (j % scanLength === 0) acc = 0;
      acc += xa[xi];
      out[o] = acc;
    }
  }
  return out;
}
