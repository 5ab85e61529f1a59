/**
 * Elementwise kernels: `unary`, `binary` and `where`.
 *
 * Each primitive walks its operands with {@link StridedRows} and hands every row to a row
 * function that switches on the op once and then runs that op's own tight loop. Values are
 * computed in JS doubles and rounded by the store into the output typed array (float32 rounds
 * once per element, int32 wraps, which is what int32 `add`/`sub` need; `mul` and `square` use
 * `Math.imul` because a double product of two large int32 values is no longer exact).
 */
import type { BinaryOp, DType, TypedArray, UnaryOp, View } from '../backend.js';
import { allocate, toBool, viewArray } from './data.js';
import { erf, gelu, geluGrad } from './erf.js';
import { StridedRows } from './strided.js';
import { SIMD_BINARY_OPS, type SimdBinaryOp } from './wasm/binary.js';
import { simdBinary, simdUnary } from './wasm/in-heap.js';
import { sameShape, shapeString } from '../../shape.js';

/** Ops whose results are already 0/1. */
const PREDICATES: ReadonlySet<string> = new Set([
  'isnan',
  'isfinite',
  'not',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'xor',
]);

/** Round half to even, as `torch.round` (JS `Math.round` rounds halves up). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `a` to the power `b` with C's (and torch's) special cases, where JS returns NaN. */
function pow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** `torch.sign`: 1, -1, or 0 for zeros and NaN. */
const signOf = (v: number): number => (v > 0 ? 1 : v < 0 ? -1 : 0);

/** `torch.maximum`: NaN if either is NaN, else the larger, `a` on a tie (so max(-0, 0) is -0). */
const maximum = (a: number, b: number): number => (a !== a || b !== b ? NaN : a < b ? b : a);

/** `torch.minimum`: NaN if either is NaN, else the smaller, `a` on a tie. */
const minimum = (a: number, b: number): number => (a !== a || b !== b ? NaN : a > b ? b : a);

/** Python/torch floor modulo: the result takes the sign of the divisor. */
function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** Applies `op` to `n` elements of `x` (from `xi`, step `xs`) into `out` (from `o`, contiguous). */
function unaryRow(
  op: UnaryOp,
  x: TypedArray,
  xi: number,
  xs: number,
  out: TypedArray,
  o: number,
  n: number,
  intOut: boolean,
): void {
  const end = o + n;
  switch (op) {
    case 'neg':
      for (; o < end; o++, xi += xs) out[o] = -x[xi];
      return;
    case 'abs':
      for (; o < end; o++, xi += xs) out[o] = Math.abs(x[xi]);
      return;
    // torch's rule, (0 < x) - (x < 0): NaN and -0 give +0 (Math.sign would keep both).
    case 'sign':
      for (; o < end; o++, xi += xs) out[o] = signOf(x[xi]);
      return;
    case 'exp':
      for (; o < end; o++, xi += xs) out[o] = Math.exp(x[xi]);
      return;
    case 'log':
      for (; o < end; o++, xi += xs) out[o] = Math.log(x[xi]);
      return;
    case 'log1p':
      for (; o < end; o++, xi += xs) out[o] = Math.log1p(x[xi]);
      return;
    case 'sqrt':
      for (; o < end; o++, xi += xs) out[o] = Math.sqrt(x[xi]);
      return;
    case 'rsqrt':
      for (; o < end; o++, xi += xs) out[o] = 1 / Math.sqrt(x[xi]);
      return;
    case 'sin':
      for (; o < end; o++, xi += xs) out[o] = Math.sin(x[xi]);
      return;
    case 'cos':
      for (; o < end; o++, xi += xs) out[o] = Math.cos(x[xi]);
      return;
    case 'tanh':
      for (; o < end; o++, xi += xs) out[o] = Math.tanh(x[xi]);
      return;
    case 'sigmoid':
      for (; o < end; o++, xi += xs) out[o] = 1 / (1 + Math.exp(-x[xi]));
      return;
    // `v > 0 || v !== v` keeps NaN, like torch.relu.
    // torch's rule, x < 0 ? 0 : x: NaN and -0 pass through unchanged.
    case 'relu':
      for (; o < end; o++, xi += xs) {
        const v = x[xi];
        out[o] = v < 0 ? 0 : v;
      }
      return;
    case 'gelu':
      for (; o < end; o++, xi += xs) out[o] = gelu(x[xi]);
      return;
    case 'geluGrad':
      for (; o < end; o++, xi += xs) out[o] = geluGrad(x[xi]);
      return;
    case 'erf':
      for (; o < end; o++, xi += xs) out[o] = erf(x[xi]);
      return;
    case 'floor':
      for (; o < end; o++, xi += xs) out[o] = Math.floor(x[xi]);
      return;
    case 'ceil':
      for (; o < end; o++, xi += xs) out[o] = Math.ceil(x[xi]);
      return;
    case 'round':
      for (; o < end; o++, xi += xs) out[o] = roundHalfEven(x[xi]);
      return;
    case 'reciprocal':
      for (; o < end; o++, xi += xs) out[o] = 1 / x[xi];
      return;
    case 'square':
      if (intOut) for (; o < end; o++, xi += xs) out[o] = Math.imul(x[xi], x[xi]);
      else for (; o < end; o++, xi += xs) out[o] = x[xi] * x[xi];
      return;
    case 'isnan':
      for (; o < end; o++, xi += xs) out[o] = x[xi] !== x[xi] ? 1 : 0;
      return;
    case 'isfinite':
      for (; o < end; o++, xi += xs) out[o] = Number.isFinite(x[xi]) ? 1 : 0;
      return;
    case 'not':
      for (; o < end; o++, xi += xs) out[o] = x[xi] === 0 ? 1 : 0;
      return;
  }
}

/** Applies `op` to rows of `a` and `b` into `out` (contiguous from `o`). */
function binaryRow(
  op: BinaryOp,
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  out: TypedArray,
  o: number,
  n: number,
  intOut: boolean,
): void {
  const end = o + n;
  switch (op) {
    case 'add':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] + b[bi];
      return;
    case 'sub':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] - b[bi];
      return;
    case 'mul':
      if (intOut) for (; o < end; o++, ai += as, bi += bs) out[o] = Math.imul(a[ai], b[bi]);
      else for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] * b[bi];
      return;
    case 'div':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] / b[bi];
      return;
    case 'pow':
      for (; o < end; o++, ai += as, bi += bs) out[o] = pow(a[ai], b[bi]);
      return;
    // Math.max/min propagate NaN, as torch.maximum/minimum do.
    // torch's rules: NaN propagates, and on a tie (+0 against -0 included) the result is `a`.
    case 'maximum':
      for (; o < end; o++, ai += as, bi += bs) out[o] = maximum(a[ai], b[bi]);
      return;
    case 'minimum':
      for (; o < end; o++, ai += as, bi += bs) out[o] = minimum(a[ai], b[bi]);
      return;
    case 'mod':
      for (; o < end; o++, ai += as, bi += bs) out[o] = floorMod(a[ai], b[bi]);
      return;
    case 'eq':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] === b[bi] ? 1 : 0;
      return;
    case 'ne':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] !== b[bi] ? 1 : 0;
      return;
    case 'lt':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] < b[bi] ? 1 : 0;
      return;
    case 'le':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] <= b[bi] ? 1 : 0;
      return;
    case 'gt':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] > b[bi] ? 1 : 0;
      return;
    case 'ge':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] >= b[bi] ? 1 : 0;
      return;
    case 'and':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
      return;
    case 'or':
      for (; o < end; o++, ai += as, bi += bs) out[o] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
      return;
    case 'xor':
      for (; o < end; o++, ai += as, bi += bs) out[o] = (a[ai] !== 0) !== (b[bi] !== 0) ? 1 : 0;
      return;
  }
}

function checkSameShape(op: string, views: readonly View[]): void {
  const shape = views[0].shape;
  for (const v of views) {
    if (!sameShape(v.shape, shape)) {
      throw new Error(
        `${op}: operands must have identical (already broadcast) shapes, received ` +
          views.map((w) => shapeString(w.shape)).join(' and '),
      );
    }
  }
}

/** `op(x)` elementwise, stored as `outDtype`. */
export function unary(op: UnaryOp, x: View, outDtype: DType): TypedArray {
  if (outDtype === 'bool' && !PREDICATES.has(op))
    return toBool(unary(op, x, 'float64') as Float64Array);
  const xa = viewArray(`unary ${op}`, x);
  const rows = new StridedRows(x.shape, [x]);
  const out = allocate(outDtype, rows.rowCount * rows.rowLength, { zeroed: false });
  if (
    outDtype === 'float32' &&
    (op === 'gelu' || op === 'geluGrad') &&
    xa instanceof Float32Array &&
    simdUnary(op, rows, xa, out as Float32Array)
  ) {
    return out;
  }
  const n = rows.rowLength;
  const xs = rows.innerStrides[0];
  const intOut = outDtype === 'int32';
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    unaryRow(op, xa, rows.offsets[0], xs, out, r * n, n, intOut);
  }
  return out;
}

/** `op(a, b)` elementwise over identical shapes (broadcast via 0 strides), stored as `outDtype`. */
export function binary(op: BinaryOp, a: View, b: View, outDtype: DType): TypedArray {
  if (outDtype === 'bool' && !PREDICATES.has(op))
    return toBool(binary(op, a, b, 'float64') as Float64Array);
  const name = `binary ${op}`;
  const aa = viewArray(name, a);
  const ba = viewArray(name, b);
  checkSameShape(name, [a, b]);
  const rows = new StridedRows(a.shape, [a, b]);
  const out = allocate(outDtype, rows.rowCount * rows.rowLength, { zeroed: false });
  if (
    outDtype === 'float32' &&
    SIMD_BINARY_OPS.has(op) &&
    aa instanceof Float32Array &&
    ba instanceof Float32Array &&
    simdBinary(op as SimdBinaryOp, rows, aa, ba, out as Float32Array)
  ) {
    return out;
  }
  const n = rows.rowLength;
  const [as, bs] = rows.innerStrides;
  const intOut = outDtype === 'int32';
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    binaryRow(op, aa, rows.offsets[0], as, ba, rows.offsets[1], bs, out, r * n, n, intOut);
  }
  return out;
}

/** `cond ? a : b` elementwise over identical shapes, stored as `outDtype`. */
export function where(cond: View, a: View, b: View, outDtype: DType): TypedArray {
  const ca = viewArray('where', cond);
  const aa = viewArray('where', a);
  const ba = viewArray('where', b);
  checkSameShape('where', [cond, a, b]);
  const rows = new StridedRows(cond.shape, [cond, a, b]);
  const out = allocate(outDtype, rows.rowCount * rows.rowLength, { zeroed: false });
  const n = rows.rowLength;
  const [cs, as, bs] = rows.innerStrides;
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    let ci = rows.offsets[0];
    let ai = rows.offsets[1];
    let bi = rows.offsets[2];
    const end = (r + 1) * n;
    for (let o = r * n; o < end; o++, ci += cs, ai += as, bi += bs) {
      out[o] = ca[ci] !== 0 ? aa[ai] : ba[bi];
    }
  }
  return out;
}
