/**
 * Reductions (`sum`, `prod`, `max`, `min`, `argmax`, `argmin`) and the `cumsum` scan.
 *
 * Two traversals, chosen by where the input's fastest-varying (smallest stride) axis is:
 * - it is reduced (softmax, layer norm, `argmax`): an outer {@link StridedRows} walks the
 *   output, and for each output element an inner one walks the reduced sub-space from that
 *   element's base offset, accumulating in a local — one tight loop per output element;
 * - it is kept (sum over the batch in a bias gradient): the input is swept once in memory
 *   order and each element is folded into its output slot in a float64 buffer. Walking each
 *   output's reduced elements instead would stride through memory once per output; a
 *   1024 x 1024 float32 sum over axis 0 went from 3.6 to 2.1 ms (bench/matmul-cpu.ts).
 *
 * Precision: sums and products accumulate in float64 and are rounded once on store, so a
 * float32 sum of n terms carries one rounding instead of n (closer to torch's pairwise sums
 * than a float32 accumulator would be). int32 products wrap as int32 (`Math.imul`).
 * NaN: `max`/`min` return NaN if any element is NaN, and `argmax`/`argmin` the first NaN's
 * index, as torch does; otherwise the first extreme index wins ties.
 */
import type { DType, ReduceOp, TypedArray, View } from '../backend.js';
import { allocate, contiguousStrides, toBool, viewArray } from './data.js';
import { heapRelease } from './heap.js';
import { StridedRows } from './strided.js';
import { simdSumRows } from './wasm/in-heap.js';
import { shapeString } from '../../shape.js';

/** Reduces the sub-space `inner` walks, starting at `base`, to one value (or index). */
function reduceOne(
  op: ReduceOp,
  x: TypedArray,
  inner: StridedRows,
  base: number,
  intOut: boolean,
): number {
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
        if (intOut)
          for (let j = 0, i = inner.offsets[0]; j < n; j++, i += s) acc = Math.imul(acc, x[i]);
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

/** Whether the axis along which `x` moves fastest in memory (of those longer than 1) is reduced. */
function reducesFastestAxis(x: View, axes: readonly number[]): boolean {
  let fastest = -1;
  for (let d = 0; d < x.shape.length; d++) {
    if (x.shape[d] > 1 && (fastest < 0 || Math.abs(x.strides[d]) < Math.abs(x.strides[fastest])))
      fastest = d;
  }
  return fastest < 0 || axes.includes(fastest);
}

/**
 * Sum, prod, max or min by one sweep over `x` in memory order (dims sorted by decreasing
 * |stride|), folding each element into its float64 output slot.
 */
function reduceBySweep(
  op: Exclude<ReduceOp, 'argmax' | 'argmin'>,
  xa: TypedArray,
  x: View,
  axes: readonly number[],
  outSize: number,
  outDtype: DType,
): TypedArray {
  const rank = x.shape.length;
  const keptShape = x.shape.filter((_, d) => !axes.includes(d));
  const keptStrides = contiguousStrides(keptShape);
  const outStrides: number[] = [];
  for (let d = 0, kept = 0; d < rank; d++)
    outStrides.push(axes.includes(d) ? 0 : keptStrides[kept++]);
  const order = [...Array(rank).keys()].sort(
    (p, q) => Math.abs(x.strides[q]) - Math.abs(x.strides[p]),
  );
  const rows = new StridedRows(
    order.map((d) => x.shape[d]),
    [
      { strides: order.map((d) => x.strides[d]), offset: x.offset },
      { strides: order.map((d) => outStrides[d]), offset: 0 },
    ],
  );
  if (op === 'sum' && xa instanceof Float32Array) {
    // Rows stepping through the input and the sums contiguously: the SIMD kernel, same sums.
    const sums = simdSumRows(rows, xa, outSize);
    if (sums !== null) {
      const out = allocate(outDtype, outSize, { zeroed: false });
      out.set(sums);
      heapRelease(sums);
      return out;
    }
  }
  const start = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
  const acc = new Float64Array(outSize).fill(start);
  const intProd = op === 'prod' && outDtype === 'int32';
  const n = rows.rowLength;
  const [xs, os] = rows.innerStrides;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let i = rows.offsets[0];
    let o = rows.offsets[1];
    switch (op) {
      case 'sum':
        for (let j = 0; j < n; j++, i += xs, o += os) acc[o] += xa[i];
        break;
      case 'prod':
        if (intProd)
          for (let j = 0; j < n; j++, i += xs, o += os) acc[o] = Math.imul(acc[o], xa[i]);
        else for (let j = 0; j < n; j++, i += xs, o += os) acc[o] *= xa[i];
        break;
      // Once a slot holds NaN, neither test passes again, so NaN sticks.
      case 'max':
        for (let j = 0; j < n; j++, i += xs, o += os) {
          const v = xa[i];
          if (v > acc[o] || v !== v) acc[o] = v;
        }
        break;
      case 'min':
        for (let j = 0; j < n; j++, i += xs, o += os) {
          const v = xa[i];
          if (v < acc[o] || v !== v) acc[o] = v;
        }
        break;
    }
  }
  const out = allocate(outDtype, outSize, { zeroed: false });
  out.set(acc);
  return out;
}

/** Reduces `axes` (sorted, unique, non-negative) of `x` with `op`, stored as `outDtype`. */
export function reduce(
  op: ReduceOp,
  x: View,
  axes: readonly number[],
  outDtype: DType,
): TypedArray {
  if (outDtype === 'bool') return toBool(reduce(op, x, axes, 'float64') as Float64Array);
  const name = `reduce ${op}`;
  const xa = viewArray(name, x);
  const rank = x.shape.length;
  for (let i = 0; i < axes.length; i++) {
    const axis = axes[i];
    if (!Number.isInteger(axis) || axis < 0 || axis >= rank || (i > 0 && axis <= axes[i - 1])) {
      throw new Error(
        `${name}: axes must be sorted, unique and in [0, ${rank}), received ${shapeString(axes)}`,
      );
    }
  }
  const isArg = op === 'argmax' || op === 'argmin';
  if (isArg && axes.length !== 1 && !(rank === 0 && axes.length === 0)) {
    throw new Error(`${name}: reduces exactly one axis, received ${shapeString(axes)}`);
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
    throw new Error(`${name}: cannot reduce an empty axis (shape ${shapeString(x.shape)})`);
  }
  if (outSize === 0) return allocate(outDtype, 0);
  if (!isArg && !reducesFastestAxis(x, axes))
    return reduceBySweep(op, xa, x, axes, outSize, outDtype);
  const out = allocate(outDtype, outSize, { zeroed: false });
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
  if (outDtype === 'bool') return toBool(cumsum(x, axis, 'float64') as Float64Array);
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
  const out = allocate(outDtype, rows.rowCount * rows.rowLength, { zeroed: false });
  const scanLength = rank > 0 ? x.shape[axis] : 1;
  const [xs, os] = rows.innerStrides;
  const n = rows.rowLength;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let xi = rows.offsets[0];
    let o = rows.offsets[1];
    // A row holds several scans when the dims before `axis` merged into it.
    for (let start = 0; start < n; start += scanLength) {
      let acc = 0;
      for (let j = 0; j < scanLength; j++, xi += xs, o += os) {
        acc += xa[xi];
        out[o] = acc;
      }
    }
  }
  return out;
}
