/**
 * Kernel-source snippets of the unary functions. Each snippet reads `v` and assigns `r`
 * (declared by the caller as `let r = 0.0;`). They are written in the JavaScript subset that
 * gpu.js translates to GLSL and to WebAssembly, and give the cpu backend's answer on NaN,
 * ±Infinity and ±0 (`test/gpu-special-values.test.ts` checks every op on both):
 *
 * - GLSL leaves most functions undefined there (`log`/`sqrt` of negatives, `sign(NaN)`), so
 *   the snippets decide those inputs themselves before calling one.
 * - Shader compilers simplify algebra as if it were exact (Mesa rewrites `1.0 + v == 1.0` to
 *   `v == 0.0`, `v - v` and `v * 0.0` to `0.0`), so no snippet relies on rounding tricks, and
 *   a NaN is made from constants ({@link NAN}), which survives.
 * - `v != v` is the NaN test: true only for NaN, and measured to survive headless-gl's and
 *   webasm's compilers (WebGL1 has no `isnan` and no bit casts to test the exponent with).
 * - gpu.js's GL division wraps `/` in an integer-accuracy check that returns +0 for `0 / -1`,
 *   so snippets that divide restore the sign of a zero quotient themselves.
 */
import type { UnaryOp } from '../../backend.js';
import { sinCos } from './sin-cos.js';

/** A NaN in kernel source: 0/0 of constants, which compilers fold to NaN rather than away. */
export const NAN = '(0.0 / 0.0)';

/** The largest finite float32, for `isfinite`-style tests (NaN fails every comparison). */
export const FLT_MAX = '3.4028234663852886e38';

/**
 * erf(z) into `e` and erfc(z) into `c`, for z >= 0. Below 0.5 a Taylor series (relative error
 * < 1e-7, where the classic rational fit is only absolutely accurate); above it the Chebyshev
 * fit of erfc from Numerical Recipes (`erfcc`, relative error < 1.2e-7 for every z), which as
 * a product keeps its digits in the far tail that gelu of large negative inputs reads (no
 * `1 - erf` cancellation). Abramowitz & Stegun 7.1.26, used before, is only absolutely
 * accurate: gelu(-7) came out 0.6% off.
 */
function erfAndErfc(z: string): string[] {
  return [
    'let e = 0.0;',
    'let c = 0.0;',
    `if (${z} < 0.5) {`,
    `  const z2 = ${z} * ${z};`,
    `  e = 1.1283791670955126 * ${z} * (1.0 + z2 * (-0.3333333333333333 + z2 * (0.1 + z2 * (-0.023809523809523808 + z2 * (0.004629629629629629 + z2 * (-0.0007575757575757576 + z2 * 0.00010683760683760684))))));`,
    '  c = 1.0 - e;',
    '} else {',
    `  const t = 1.0 / (1.0 + 0.5 * ${z});`,
    '  const poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));',
    `  c = t * Math.exp(poly - ${z} * ${z});`,
    '  e = 1.0 - c;',
    '}',
  ];
}

/** The statements computing `r` from `v` for each unary op. */
export const UNARY_SOURCE: Record<UnaryOp, string[]> = {
  neg: ['r = -v;'],
  abs: ['r = Math.abs(v);'],
  // torch's rule, (0 < v) - (v < 0): NaN and -0 give +0, as on the cpu.
  // Written as a difference of two tests: with an if/else chain the shader compiler here
  // produced -0 for NaN and -0 (it folds the chain into GLSL's sign()).
  sign: ['r = (v > 0.0 ? 1.0 : 0.0) - (v < 0.0 ? 1.0 : 0.0);'],
  exp: ['if (v != v) { r = v; } else { r = Math.exp(v); }'],
  log: [`if (v != v) { r = v; } else if (v < 0.0) { r = ${NAN}; } else { r = Math.log(v); }`],
  // log(1 + v) loses v's digits for small v, and Goldberg's log(u)·v/(u - 1) needs u - 1 to
  // be computed as written, which shader compilers do not promise. So below 2^-24 v itself
  // (what float32 rounds log1p to, -0 and subnormals included), near 0 a series:
  // log1p(v) = 2 atanh(s) = 2(s + s³/3 + ...) with s = v / (2 + v), |s| <= 0.2 (error
  // < 1e-10); elsewhere 1 + v rounds by at most half an ulp of a log of at least 0.36.
  log1p: [
    'if (v != v || Math.abs(v) < 5.9604644775390625e-8) {',
    '  r = v;',
    '} else if (v < -1.0) {',
    `  r = ${NAN};`,
    '} else if (v > -0.3 && v < 0.5) {',
    '  const s = v * (1.0 / (2.0 + v));',
    '  const s2 = s * s;',
    '  r = 2.0 * s * (1.0 + s2 * (0.3333333333333333 + s2 * (0.2 + s2 * (0.14285714285714285 + s2 * (0.1111111111111111 + s2 * (0.09090909090909091 + s2 * 0.07692307692307693))))));',
    '} else {',
    '  r = Math.log(1.0 + v);',
    '}',
  ],
  sqrt: [`if (v < 0.0) { r = ${NAN}; } else { r = Math.sqrt(v); }`],
  rsqrt: [`if (v < 0.0) { r = ${NAN}; } else { r = 1.0 / Math.sqrt(v); }`],
  sin: sinCos('sin'),
  cos: sinCos('cos'),
  // exp(2v) overflows to inf/inf = NaN for large v, and (1 - e) / (1 + e) cancels for tiny v,
  // so: a series near 0 (which keeps -0), the decaying exponential elsewhere.
  tanh: [
    'const av = Math.abs(v);',
    'if (v != v) {',
    '  r = v;',
    '} else if (av < 0.05) {',
    '  const v2 = v * v;',
    '  r = v * (1.0 + v2 * (-0.3333333333333333 + v2 * 0.13333333333333333));',
    '} else {',
    '  const e = Math.exp(-2.0 * av);',
    '  const t = (1.0 - e) / (1.0 + e);',
    '  if (v < 0.0) { r = -t; } else { r = t; }',
    '}',
  ],
  // Never exponentiate a large positive number: exp(-|v|) <= 1 on both branches.
  sigmoid: [
    'if (v != v) {',
    '  r = v;',
    '} else if (v >= 0.0) {',
    '  r = 1.0 / (1.0 + Math.exp(-v));',
    '} else {',
    '  const e = Math.exp(v);',
    '  r = e / (1.0 + e);',
    '}',
  ],
  // torch's x < 0 ? 0 : x: NaN and -0 pass through, as on the cpu. Spelled out: written as
  // that one test, llvmpipe turned it into max(v, 0.0) (NaN → 0, -0 → +0); -0 is told apart
  // by the sign of 1 / v.
  relu: [
    'if (v > 0.0 || v != v) { r = v; } else if (v == 0.0 && 1.0 / v < 0.0) { r = v; }',
    'else { r = 0.0; }',
  ],
  // Exact (erf) gelu as torch's default. For v < 0, 1 + erf(v/√2) = erfc(|v|/√2) is taken
  // directly so that the tail keeps relative accuracy.
  gelu: [
    'const z = Math.abs(v) * 0.7071067811865476;',
    ...erfAndErfc('z'),
    'if (v >= 0.0) { r = 0.5 * v * (1.0 + e); } else { r = 0.5 * v * c; }',
  ],
  // Φ(v) + v φ(v), the gelu backward's factor; Φ as in gelu (erfc below 0). ±Infinity give
  // ∞ · 0 = NaN, as on the cpu and in torch.
  geluGrad: [
    'const z = Math.abs(v) * 0.7071067811865476;',
    ...erfAndErfc('z'),
    'let cdf = 0.5 * c;',
    'if (v >= 0.0) { cdf = 0.5 * (1.0 + e); }',
    'r = cdf + v * Math.exp(-0.5 * v * v) * 0.3989422804014327;',
  ],
  // erf is odd: the sign is put back by negating, so erf(-0) = -0.
  erf: [
    'const z = Math.abs(v);',
    ...erfAndErfc('z'),
    'if (v != v) { r = v; } else if (v < 0.0 || 1.0 / v < 0.0) { r = -e; } else { r = e; }',
  ],
  floor: ['r = Math.floor(v);'],
  ceil: ['r = Math.ceil(v);'],
  // torch rounds half to even; GLSL's round is unspecified at .5. Beyond 2^23 every float32
  // is an integer (and NaN, ±∞ are their own rounding); the sign is put back by negating so
  // that -0.3 rounds to -0 as on the cpu.
  round: [
    'const a = Math.abs(v);',
    'if (!(a < 8388608.0)) {',
    '  r = v;',
    '} else {',
    '  const f = Math.floor(a);',
    '  const d = a - f;',
    '  let t = f;',
    '  if (d > 0.5) { t = f + 1.0; } else if (d == 0.5) { t = f + (f - 2.0 * Math.floor(f * 0.5)); }',
    '  if (v < 0.0 || 1.0 / v < 0.0) { r = -t; } else { r = t; }',
    '}',
  ],
  reciprocal: ['r = 1.0 / v;'],
  square: ['r = v * v;'],
  isnan: ['if (v != v) { r = 1.0; } else { r = 0.0; }'],
  isfinite: [`if (Math.abs(v) <= ${FLT_MAX}) { r = 1.0; } else { r = 0.0; }`],
  not: ['if (v == 0.0) { r = 1.0; } else { r = 0.0; }'],
};
