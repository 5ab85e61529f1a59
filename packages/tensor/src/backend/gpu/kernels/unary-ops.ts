/**
 * Kernel-source snippets of the unary functions. Each snippet reads `v` and assigns `r`
 * (declared by the caller as `let r = 0.0;`). They are written in the JavaScript subset that
 * gpu.js translates to GLSL and to WebAssembly, so they avoid what GLSL leaves undefined
 * (`pow` of negatives, `log`/`sqrt` edge cases are left to the hardware's IEEE behaviour).
 */
import type { UnaryOp } from '../../backend.js';

/**
 * erf(z) into `e` and erfc(z) into `c`, for z >= 0. Below 0.5 a Taylor series (relative error
 * < 1e-7, where the classic rational fit is only absolutely accurate); above it Abramowitz &
 * Stegun 7.1.26 for erfc (absolute error < 1.5e-7), which as a product keeps its digits in the
 * far tail that gelu of large negative inputs reads (no `1 - erf` cancellation).
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
    `  const t = 1.0 / (1.0 + 0.3275911 * ${z});`,
    '  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));',
    `  c = poly * Math.exp(-${z} * ${z});`,
    '  e = 1.0 - c;',
    '}',
  ];
}

/** The statements computing `r` from `v` for each unary op. */
export const UNARY_SOURCE: Record<UnaryOp, string[]> = {
  neg: ['r = -v;'],
  abs: ['r = Math.abs(v);'],
  sign: ['r = Math.sign(v);'],
  exp: ['r = Math.exp(v);'],
  log: ['r = Math.log(v);'],
  // log(1 + v) loses v's low digits when v is tiny; log(u) * v / (u - 1) (Goldberg) restores them.
  log1p: [
    'const u = 1.0 + v;',
    'if (u == 1.0) { r = v; } else { r = Math.log(u) * v / (u - 1.0); }',
  ],
  sqrt: ['r = Math.sqrt(v);'],
  rsqrt: ['r = 1.0 / Math.sqrt(v);'],
  sin: ['r = Math.sin(v);'],
  cos: ['r = Math.cos(v);'],
  // exp(2v) overflows to inf/inf = NaN for large v, and (1 - e) / (1 + e) cancels for tiny v,
  // so: a series near 0, the decaying exponential elsewhere.
  tanh: [
    'const av = Math.abs(v);',
    'if (av < 0.05) {',
    '  const v2 = v * v;',
    '  r = v * (1.0 + v2 * (-0.3333333333333333 + v2 * 0.13333333333333333));',
    '} else {',
    '  const e = Math.exp(-2.0 * av);',
    '  r = Math.sign(v) * (1.0 - e) / (1.0 + e);',
    '}',
  ],
  // Never exponentiate a large positive number: exp(-|v|) <= 1 on both branches.
  sigmoid: [
    'if (v >= 0.0) {',
    '  r = 1.0 / (1.0 + Math.exp(-v));',
    '} else {',
    '  const e = Math.exp(v);',
    '  r = e / (1.0 + e);',
    '}',
  ],
  relu: ['if (v > 0.0) { r = v; } else { r = 0.0; }'],
  // Exact (erf) gelu as torch's default. For v < 0, 1 + erf(v/√2) = erfc(|v|/√2) is taken
  // directly so that the tail keeps relative accuracy.
  gelu: [
    'const z = Math.abs(v) * 0.7071067811865476;',
    ...erfAndErfc('z'),
    'if (v >= 0.0) { r = 0.5 * v * (1.0 + e); } else { r = 0.5 * v * c; }',
  ],
  erf: ['const z = Math.abs(v);', ...erfAndErfc('z'), 'r = Math.sign(v) * e;'],
  floor: ['r = Math.floor(v);'],
  ceil: ['r = Math.ceil(v);'],
  // torch rounds half to even; GLSL's round is unspecified at .5.
  round: [
    'const f = Math.floor(v);',
    'const d = v - f;',
    'if (d > 0.5) { r = f + 1.0; } else if (d < 0.5) { r = f; }',
    'else { r = f + (f - 2.0 * Math.floor(f * 0.5)); }',
  ],
  reciprocal: ['r = 1.0 / v;'],
  square: ['r = v * v;'],
  // A NaN is the one value unequal to itself (measured to survive headless-gl's and webasm's
  // compilers; a shader compiler allowed to assume no NaNs could fold this away).
  isnan: ['if (v != v) { r = 1.0; } else { r = 0.0; }'],
  isfinite: ['if (v == v && Math.abs(v) <= 3.4028234663852886e38) { r = 1.0; } else { r = 0.0; }'],
  not: ['if (v == 0.0) { r = 1.0; } else { r = 0.0; }'],
};
