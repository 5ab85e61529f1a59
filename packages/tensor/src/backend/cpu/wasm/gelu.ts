/**
 * float32 `gelu` and its derivative `geluGrad` on WebAssembly SIMD, in place in the cpu heap:
 * the typed-array kernel evaluates the float64 erfc of `../erf.ts` at ~25 ns an element, which
 * made gelu a fifth of the tiny ViT's inference.
 *
 * The same method in float32 lanes: gelu(x) = ½ x erfc(u), u = −x/√2, with W. J. Cody's
 * rational approximations (erf for |u| ≤ 0.46875; erfc = e^(−u²) R(|u|) above, two forms
 * split at 4), every branch computed and the lane's one selected. e^(−u²) is
 * e^(−t²) e^(−(|u|−t)(|u|+t)) with t = |u| rounded down to 1/16, as in erf.ts, so that the
 * rounding of u² is not amplified by the exponential. geluGrad(x) = ½ erfc(u) + x φ(x), with
 * φ(x) = e^(−u²)/√(2π) from the same exponential.
 *
 * Error: a few float32 ulps where gelu is not tiny (measured against the float64 kernel in
 * test/cpu-backend/in-heap.test.ts); far in the negative tail, where gelu(x) is ~1e-7 or
 * less, up to ~1e-5 relative (the rounding of −x/√2 to float32, amplified by e^(−u²)):
 * absolute errors below 1e-12. Below x ≈ −13 the result is 0 (torch's float32 gelu, which
 * computes 1 + erf in float32, is 0 from x ≈ −5.5). ±Infinity and NaN as the float64 kernel:
 * gelu(∞) = ∞, gelu(−∞) = NaN (−∞ · 0), geluGrad(±∞) = NaN.
 */
import { FunctionBuilder, I32, V128 } from './assembler.js';
import { expLocals, pushExp } from './exp.js';

// Cody's coefficients, as in ../erf.ts (rounded to float32 by the v128 constants).
const A = [
  3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315,
];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  6.587491615298378e-4, 0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
];
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const INV_SQRT_2PI = 0.3989422804014327;
/** Above this |u|, erfc(u) is below float32's smallest subnormal: the tail is 0. */
const ERFC_UNDERFLOW = 10.1;

/**
 * `fn(x, out, n)`: out[i] = gelu(x[i]) (or geluGrad) for n contiguous floats at byte pointers
 * `x` and `out`.
 */
export function geluFunction(grad: boolean): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32]);
  const [x, out, n] = [0, 1, 2];
  const i = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  const v = f.local(V128); // x
  const u = f.local(V128);
  const y = f.local(V128); // |u|
  const z = f.local(V128);
  const num = f.local(V128);
  const den = f.local(V128);
  const small = f.local(V128); // 1 − erf(u), for |u| ≤ 0.46875
  const ratio = f.local(V128);
  const t = f.local(V128);
  const arg = f.local(V128);
  const e = f.local(V128); // e^(−u²)
  const e1 = f.local(V128);
  const tail = f.local(V128);
  const exp = expLocals(f);

  /** Computes the result for the lanes of `v` into `v`. */
  const lanes = () => {
    f.get(v).f32x4Const(-Math.SQRT1_2).f32x4Mul().set(u);
    f.get(u).f32x4Abs().set(y);
    // small: 1 − u (((A4 z + A0) z + A1) z + A2) z + A3) / ((((z + B0) z + B1) z + B2) z + B3)
    f.get(u).get(u).f32x4Mul().set(z);
    f.get(z).f32x4Const(A[4]).f32x4Mul().set(num);
    f.get(z).set(den);
    for (let k = 0; k < 3; k++) {
      f.get(num).f32x4Const(A[k]).f32x4Add().get(z).f32x4Mul().set(num);
      f.get(den).f32x4Const(B[k]).f32x4Add().get(z).f32x4Mul().set(den);
    }
    f.f32x4Const(1)
      .get(u)
      .get(num)
      .f32x4Const(A[3])
      .f32x4Add()
      .f32x4Mul()
      .get(den)
      .f32x4Const(B[3])
      .f32x4Add()
      .f32x4Div();
    f.f32x4Sub().set(small);
    // |u| ≤ 4: R = (C8 y⁸ + ... + C7) / (y⁸ + ... + D7)
    f.get(y).f32x4Const(C[8]).f32x4Mul().set(num);
    f.get(y).set(den);
    for (let k = 0; k < 7; k++) {
      f.get(num).f32x4Const(C[k]).f32x4Add().get(y).f32x4Mul().set(num);
      f.get(den).f32x4Const(D[k]).f32x4Add().get(y).f32x4Mul().set(den);
    }
    f.get(num)
      .f32x4Const(C[7])
      .f32x4Add()
      .get(den)
      .f32x4Const(D[7])
      .f32x4Add()
      .f32x4Div()
      .set(ratio);
    // |u| > 4: R = (1/√π − z P(z) / Q(z)) / y with z = 1/y²
    f.f32x4Const(1).get(y).get(y).f32x4Mul().f32x4Div().set(z);
    f.get(z).f32x4Const(P[5]).f32x4Mul().set(num);
    f.get(z).set(den);
    for (let k = 0; k < 4; k++) {
      f.get(num).f32x4Const(P[k]).f32x4Add().get(z).f32x4Mul().set(num);
      f.get(den).f32x4Const(Q[k]).f32x4Add().get(z).f32x4Mul().set(den);
    }
    f.f32x4Const(ONE_OVER_SQRT_PI).get(z).get(num).f32x4Const(P[4]).f32x4Add().f32x4Mul();
    f.get(den).f32x4Const(Q[4]).f32x4Add().f32x4Div().f32x4Sub().get(y).f32x4Div();
    f.get(ratio).get(y).f32x4Const(4).f32x4Gt().v128Bitselect().set(ratio);
    // e^(−u²) = e^(−t²) e^(−(y − t)(y + t)), t = floor(16 y) / 16 (t² is exact)
    f.get(y)
      .f32x4Const(16)
      .f32x4Mul()
      .f32x4Floor()
      .f32x4Const(1 / 16)
      .f32x4Mul()
      .set(t);
    f.f32x4Const(0).get(t).get(t).f32x4Mul().f32x4Sub().set(arg);
    pushExp(f, arg, exp);
    f.set(e1);
    f.f32x4Const(0)
      .get(y)
      .get(t)
      .f32x4Sub()
      .get(y)
      .get(t)
      .f32x4Add()
      .f32x4Mul()
      .f32x4Sub()
      .set(arg);
    pushExp(f, arg, exp);
    f.get(e1).f32x4Mul().set(e);
    // e and the tail are 0 where erfc underflows (also for |u| = ∞, where t − t is NaN)
    f.get(e).f32x4Const(0).get(y).f32x4Const(ERFC_UNDERFLOW).f32x4Lt().v128Bitselect().set(e);
    f.get(e).get(ratio).f32x4Mul().set(tail);
    // erfc(u) = small, or tail for u > 0, or 2 − tail for u < 0
    f.get(tail)
      .f32x4Const(2)
      .get(tail)
      .f32x4Sub()
      .get(u)
      .f32x4Const(0)
      .f32x4Gt()
      .v128Bitselect()
      .set(tail);
    f.get(small).get(tail).get(y).f32x4Const(0.46875).f32x4Le().v128Bitselect().set(small);
    // gelu = ½ x erfc(u); geluGrad = ½ erfc(u) + x e^(−u²) / √(2π)
    if (grad) {
      f.get(small)
        .f32x4Const(0.5)
        .f32x4Mul()
        .get(v)
        .get(e)
        .f32x4Mul()
        .f32x4Const(INV_SQRT_2PI)
        .f32x4Mul();
      f.f32x4Add().set(v);
    } else {
      f.get(v).f32x4Const(0.5).f32x4Mul().get(small).f32x4Mul().set(v);
    }
  };

  f.get(n).i32(2).shl().set(end);
  f.get(n).i32(-4).and().i32(2).shl().set(vectorEnd);
  f.forLoop(
    i,
    () => f.i32(0),
    () => f.get(vectorEnd),
    16,
    () => {
      f.get(x).get(i).add().v128Load().set(v);
      lanes();
      f.get(out).get(i).add().get(v).v128Store();
    },
  );
  // The last n % 4 elements one at a time, through the same lanes.
  f.forLoop(
    i,
    () => f.get(vectorEnd),
    () => f.get(end),
    4,
    () => {
      f.get(x).get(i).add().f32Load().f32x4Splat().set(v);
      lanes();
      f.get(out).get(i).add().get(v).f32x4ExtractLane(0).f32Store();
    },
  );
  return f;
}
