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

/**
 * sin or cos of `v` by Cephes' sinf/cosf: reduce by π/4 in three exact parts (Cody–Waite), then
 * a minimax polynomial on [-π/4, π/4]; about 1 ulp for |v| < 8192. GLSL leaves sin/cos accuracy
 * to the driver: SwiftShader's measured 1.9e-4 relative error. Beyond 8192 the reduction loses
 * digits, so the driver's function is used there.
 */
function sinCos(which: 'sin' | 'cos'): string[] {
  return [
    'const ax = Math.abs(v);',
    'if (ax > 8192.0) {',
    `  r = Math.${which}(v);`,
    '} else {',
    '  let j = Math.floor(ax * 1.2732395447351628);',
    '  if (j - 2.0 * Math.floor(j * 0.5) == 1.0) { j = j + 1.0; }',
    '  const z = ((ax - j * 0.78515625) - j * 2.4187564849853515625e-4) - j * 3.77489497744594108e-8;',
    '  let octant = j - 8.0 * Math.floor(j * 0.125);',
    which === 'sin' ? '  let sign = Math.sign(v);' : '  let sign = 1.0;',
    '  if (octant > 3.0) { octant = octant - 4.0; sign = -sign; }',
    ...(which === 'cos' ? ['  if (octant > 1.0) { sign = -sign; }'] : []),
    '  const zz = z * z;',
    '  let p = 0.0;',
    `  if (${which === 'sin' ? 'octant == 1.0 || octant == 2.0' : 'octant == 1.0 || octant == 2.0'}) {`,
    which === 'sin'
      ? '    p = ((2.443315711809948e-5 * zz - 1.388731625493765e-3) * zz + 4.166664568298827e-2) * zz * zz - 0.5 * zz + 1.0;'
      : '    p = ((-1.9515295891e-4 * zz + 8.3321608736e-3) * zz - 1.6666654611e-1) * zz * z + z;',
    '  } else {',
    which === 'sin'
      ? '    p = ((-1.9515295891e-4 * zz + 8.3321608736e-3) * zz - 1.6666654611e-1) * zz * z + z;'
      : '    p = ((2.443315711809948e-5 * zz - 1.388731625493765e-3) * zz + 4.166664568298827e-2) * zz * zz - 0.5 * zz + 1.0;',
    '  }',
    '  r = sign * p;',
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
  sin: sinCos('sin'),
  cos: sinCos('cos'),
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
