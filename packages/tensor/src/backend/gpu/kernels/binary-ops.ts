/**
 * Kernel-source snippets of the binary functions. Each snippet reads `a` and `b` and assigns
 * `r` (declared by the caller as `let r = 0.0;`). Comparisons and logical ops give 0/1. As in
 * `unary-ops.ts`, the snippets give the cpu backend's answer on NaN, ±Infinity and ±0 by
 * deciding those inputs themselves instead of leaving them to GLSL.
 */
import type { BinaryOp } from '../../backend.js';
import { FLT_MAX, NAN } from './unary-ops.js';

/**
 * `a` to the power `b` as the cpu computes it: C's `pow` special cases (torch's), with
 * `pow(NaN, 0) = pow(1, NaN) = pow(-1, ±∞) = 1`. Integer exponents up to 64 in magnitude are
 * multiplied out (exact where the cpu is, e.g. `pow(x, 1) = x` up to FLT_MAX, `pow(x, 2) =
 * x * x`); others take exp2(b·log2|a|), where GLSL's pow would be undefined for a <= 0.
 */
const POW: string[] = [
  // Flags are floats: gpu.js declares a boolean local as a GLSL float.
  'const aAbs = Math.abs(a);',
  'let aNeg = 0.0;',
  'if (a < 0.0 || 1.0 / a < 0.0) { aNeg = 1.0; }',
  'let bInt = 0.0;',
  'if (b == Math.floor(b)) { bInt = 1.0; }',
  // b is odd (|b| < 2^24: every larger float32 is even), and the result takes a's sign
  'let negate = 0.0;',
  'if (aNeg == 1.0 && Math.abs(b) < 16777216.0 && b - 2.0 * Math.floor(b * 0.5) == 1.0) { negate = 1.0; }',
  'if (b == 0.0 || a == 1.0) {',
  '  r = 1.0;',
  '} else if (a != a || b != b) {',
  `  r = ${NAN};`,
  `} else if (!(Math.abs(b) <= ${FLT_MAX})) {`,
  // b = ±∞: |a| = 1 gives 1, otherwise 0 or ∞ by whether |a| and b grow together.
  '  if (aAbs == 1.0) { r = 1.0; }',
  '  else if ((aAbs > 1.0 && b > 0.0) || (aAbs < 1.0 && b < 0.0)) { r = 1.0 / 0.0; }',
  '  else { r = 0.0; }',
  `} else if (aAbs == 0.0 || !(aAbs <= ${FLT_MAX})) {`,
  // a = ±0 or ±∞: 0 or ∞ by the sign of b (and of the exponent for 0), signed for odd b.
  '  let m = 0.0;',
  '  if ((aAbs == 0.0 && b < 0.0) || (aAbs > 0.0 && b > 0.0)) { m = 1.0 / 0.0; }',
  '  if (negate == 1.0) { r = -m; } else { r = m; }',
  '} else if (a < 0.0 && bInt == 0.0) {',
  `  r = ${NAN};`,
  '} else if (bInt == 1.0 && Math.abs(b) <= 64.0) {',
  // square-and-multiply on |a| (or 1/|a| for negative b): at most 7 squarings
  '  let base = aAbs;',
  '  if (b < 0.0) { base = 1.0 / aAbs; }',
  '  let k = Math.abs(b);',
  '  let p = 1.0;',
  '  for (let i = 0; i < 7; i++) {',
  '    if (k - 2.0 * Math.floor(k * 0.5) == 1.0) { p = p * base; }',
  '    k = Math.floor(k * 0.5);',
  '    if (k > 0.0) { base = base * base; }',
  '  }',
  '  if (negate == 1.0) { r = -p; } else { r = p; }',
  '} else {',
  '  const m = Math.pow(2.0, b * Math.log2(aAbs));',
  '  if (negate == 1.0) { r = -m; } else { r = m; }',
  '}',
];

/**
 * torch.remainder (the cpu's floor modulo): `fmod(a, b)`, plus `b` when the two differ in
 * sign. fmod is computed exactly by binary long division (each step subtracts `|b|·2^k`, which
 * Sterbenz's lemma makes exact), as `a - floor(a / b) * b` is wrong by whole multiples of `b`
 * once a/b passes 2^24 (mod(1e37, 100) came out -6e29). At most 2 × 277 steps, for
 * FLT_MAX mod the smallest subnormal; mod of values within 2^k of b takes 2k.
 */
const MOD: string[] = [
  `if (a != a || b != b || b == 0.0 || !(Math.abs(a) <= ${FLT_MAX})) {`,
  `  r = ${NAN};`,
  '} else {',
  '  let x = Math.abs(a);',
  '  const y = Math.abs(b);',
  `  if (y <= ${FLT_MAX} && x >= y) {`,
  '    let d = y;',
  '    for (let i = 0; i < 280; i++) {',
  '      if (d > x * 0.5) { break; }',
  '      d = d * 2.0;',
  '    }',
  '    for (let i = 0; i < 280; i++) {',
  '      if (x >= d) { x = x - d; }',
  '      if (d <= y) { break; }',
  '      d = d * 0.5;',
  '    }',
  '  }',
  // fmod takes the sign of a, zeros included
  '  if (a < 0.0 || 1.0 / a < 0.0) { r = -x; } else { r = x; }',
  '  if ((r < 0.0 && b > 0.0) || (r > 0.0 && b < 0.0)) { r = r + b; }',
  '}',
];

/** The statements computing `r` from `a` and `b` for each binary op. */
/** maximum/minimum when a == b: `a`, with the sign of a zero `a` kept (see their entries). */
const TIE =
  'if (a != 0.0) { r = a; } else if (1.0 / a < 0.0) { r = -Math.abs(b); } else { r = Math.abs(b); }';

export const BINARY_SOURCE: Record<BinaryOp, string[]> = {
  add: ['r = a + b;'],
  sub: ['r = a - b;'],
  mul: ['r = a * b;'],
  // gpu.js's GL division returns +0 for 0 / -1 (its integer-accuracy wrapper); a zero divided
  // by a finite non-zero b is a * b with the right sign.
  div: ['r = a / b;', `if (a == 0.0 && b != 0.0 && Math.abs(b) <= ${FLT_MAX}) { r = a * b; }`],
  pow: POW,
  // torch.maximum/minimum propagate NaN and give `a` on a tie (+0 against -0 included), as the
  // cpu does; GLSL's max/min promise neither. Tied zeros are built from b's magnitude and a's
  // sign: a plain `r = a` there was compiled as `r = b` (a == b) by llvmpipe.
  maximum: [
    'if (a != a || b != b) { r = a + b; } else if (a > b) { r = a; } else if (a < b) { r = b; }',
    `else ${TIE}`,
  ],
  minimum: [
    'if (a != a || b != b) { r = a + b; } else if (a < b) { r = a; } else if (a > b) { r = b; }',
    `else ${TIE}`,
  ],
  mod: MOD,
  eq: ['if (a == b) { r = 1.0; } else { r = 0.0; }'],
  ne: ['if (a != b) { r = 1.0; } else { r = 0.0; }'],
  lt: ['if (a < b) { r = 1.0; } else { r = 0.0; }'],
  le: ['if (a <= b) { r = 1.0; } else { r = 0.0; }'],
  gt: ['if (a > b) { r = 1.0; } else { r = 0.0; }'],
  ge: ['if (a >= b) { r = 1.0; } else { r = 0.0; }'],
  and: ['if (a != 0.0 && b != 0.0) { r = 1.0; } else { r = 0.0; }'],
  or: ['if (a != 0.0 || b != 0.0) { r = 1.0; } else { r = 0.0; }'],
  xor: ['if ((a != 0.0) != (b != 0.0)) { r = 1.0; } else { r = 0.0; }'],
};
