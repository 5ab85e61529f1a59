/**
 * The error function in float64, after W. J. Cody, "Rational Chebyshev approximations for the
 * error function", Math. Comp. 23 (1969), as implemented in SPECFUN's CALERF. Relative error is
 * below 1e-15 over the whole line, which the exact-erf `gelu` needs: PyTorch's default gelu is
 * `0.5 x (1 + erf(x / sqrt 2))`, and a cruder erf (e.g. Abramowitz-Stegun 7.1.26, ~1e-7
 * absolute) is visible in parity tests after a few layers.
 */

// Coefficients of CALERF, written as the shortest literals that round to the same doubles.
// |x| <= 0.46875: erf(x) = x P(x^2) / Q(x^2).
const A = [
  3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315,
];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
// 0.46875 < |x| <= 4: erfc(x) = exp(-x^2) P(x) / Q(x).
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
// |x| > 4: erfc(x) = exp(-x^2) / x (1/sqrt(pi) + P(1/x^2) / (x^2 Q(1/x^2))).
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  6.587491615298378e-4, 0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
];

const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** Beyond this, erfc(x) underflows to 0 in float64. */
const ERFC_UNDERFLOW = 26.543;

/**
 * exp(-t²) for t = k / 16 up to ERFC_UNDERFLOW: the first factor of erfcTail's exponential,
 * looked up instead of computed (the same doubles, one Math.exp per element instead of two).
 */
const EXP_OF_SIXTEENTHS = Float64Array.from(
  { length: Math.ceil(ERFC_UNDERFLOW * 16) + 1 },
  (_, k) => Math.exp(-(k / 16) * (k / 16)),
);

/**
 * erfc(y) for y > 0.46875. `exp(-y^2)` is evaluated as `exp(-t^2) exp(-(y - t)(y + t))` with
 * `t = y` rounded to 1/16: y^2 itself is not exact in float64 and its rounding error would be
 * amplified by the exponential.
 */
function erfcTail(y: number): number {
  let ratio: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    ratio = (num + C[7]) / (den + D[7]);
  } else {
    if (y >= ERFC_UNDERFLOW) return 0;
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    ratio = (ONE_OVER_SQRT_PI - (z * (num + P[4])) / (den + Q[4])) / y;
  }
  const k = Math.trunc(y * 16);
  const t = k / 16;
  const rest = (y - t) * (y + t);
  return EXP_OF_SIXTEENTHS[k]! * Math.exp(-rest) * ratio;
}

/** erf(x) for |x| <= 0.46875. */
function erfSmall(x: number): number {
  const z = x * x;
  let num = A[4] * z;
  let den = z;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * z;
    den = (den + B[i]) * z;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** The error function, accurate to float64 rounding (NaN in, NaN out). */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x);
  if (y !== y) return x;
  const value = 1 - erfcTail(y);
  return x < 0 ? -value : value;
}

/**
 * The complementary error function `1 - erf(x)`, without cancellation for large x.
 * @example
 * ```ts
 * import { erfc } from '../../src/backend/cpu/erf.js';
 * if (Math.abs(erfc(10) / 2.088487583762545e-45 - 1) > 1e-14) throw new Error('erfc(10)');
 * ```
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x);
  if (y !== y) return x;
  const tail = erfcTail(y);
  return x < 0 ? 2 - tail : tail;
}

/**
 * Exact gelu, `x Φ(x) = 0.5 x erfc(-x / sqrt 2)`. Written with erfc so that the far negative
 * tail keeps its relative precision instead of cancelling in `1 + erf`.
 */
export function gelu(x: number): number {
  return 0.5 * x * erfc(-x * Math.SQRT1_2);
}

/** 1 / sqrt(2 pi): the normal density's constant. */
const INV_SQRT_2PI = 0.3989422804014327;

/**
 * gelu's derivative, `Φ(x) + x φ(x)` (NaN at ±Infinity, as torch's gelu backward: ∞ · 0).
 * Φ from erfc as in {@link gelu}, so the far negative tail keeps its relative precision.
 */
export function geluGrad(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
}
