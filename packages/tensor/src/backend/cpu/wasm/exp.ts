/**
 * e^y on four float32 lanes, for the kernels that need an exponential (softmax, gelu), after
 * Cephes' expf: y = n ln 2 + r (Cody–Waite), e^r by a degree-7 polynomial (relative error
 * ~1e-7, about 1 float32 ulp), 2^n built in the exponent bits. For y ≤ 0 only (softmax's
 * x − max, gelu's −t²): results below e^-87.3 (float32's smallest normal) are 0, NaN stays NaN.
 */
import { type FunctionBuilder, V128 } from './assembler.js';

const LOG2E = Math.LOG2E;
/** ln 2 split so that n · LN2_HI is exact for the n that occur (Cephes). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
/** Below this, e^x is under float32's smallest normal: the result is 0. */
const EXP_MIN = -87.33654;
/** Cephes expf: e^r ≈ 1 + r + r² (P5 + r (P4 + r (P3 + r (P2 + r (P1 + r P0))))). */
const P = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
  5.0000001201e-1,
];

/** A v128 of four equal float32 lanes. */
export const splat = (v: number) => new Float32Array([v, v, v, v]);

/** Locals the exponential works in (v128 each). */
export interface ExpLocals {
  readonly n: number;
  readonly r: number;
  readonly p: number;
}

/** Declares the locals {@link pushExp} needs in `f`. */
export function expLocals(f: FunctionBuilder): ExpLocals {
  return { n: f.local(V128), r: f.local(V128), p: f.local(V128) };
}

/** Pushes e^y for the v128 local `y` (lanes ≤ 0 or NaN) onto the stack. */
export function pushExp(f: FunctionBuilder, y: number, { n, r, p }: ExpLocals): void {
  // n = nearest(max(y, EXP_MIN) · log2 e); r = y' − n ln 2
  f.get(y).v128Const(splat(EXP_MIN)).f32x4Max().set(r);
  f.get(r).v128Const(splat(LOG2E)).f32x4Mul().f32x4Nearest().set(n);
  f.get(r).get(n).v128Const(splat(LN2_HI)).f32x4Mul().f32x4Sub();
  f.get(n).v128Const(splat(LN2_LO)).f32x4Mul().f32x4Sub().set(r);
  // p = 1 + r + r² poly(r)
  f.v128Const(splat(P[0])).set(p);
  for (let i = 1; i < P.length; i++)
    f.get(p).get(r).f32x4Mul().v128Const(splat(P[i])).f32x4Add().set(p);
  f.get(p).get(r).get(r).f32x4Mul().f32x4Mul().get(r).f32x4Add().v128Const(splat(1)).f32x4Add();
  // · 2^n, built in the exponent bits
  f.get(n)
    .i32x4TruncSatF32x4S()
    .v128Const(new Int32Array([127, 127, 127, 127]))
    .i32x4Add()
    .i32(23)
    .i32x4Shl();
  f.f32x4Mul();
  // 0 below EXP_MIN (and for -Infinity); NaN lanes kept
  f.get(y).v128Const(splat(EXP_MIN)).f32x4Ge().get(y).get(y).f32x4Ne().v128Or().v128And();
}
