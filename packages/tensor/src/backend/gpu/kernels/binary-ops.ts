/**
 * Kernel-source snippets of the binary functions. Each snippet reads `a` and `b` and assigns
 * `r` (declared by the caller as `let r = 0.0;`). Comparisons and logical ops give 0/1.
 */
import type { BinaryOp } from '../../backend.js';

/** The statements computing `r` from `a` and `b` for each binary op. */
export const BINARY_SOURCE: Record<BinaryOp, string[]> = {
  add: ['r = a + b;'],
  sub: ['r = a - b;'],
  mul: ['r = a * b;'],
  div: ['r = a / b;'],
  // GLSL's pow(x, y) is undefined for x < 0 and for x = 0, y <= 0; torch defines both.
  pow: [
    'if (b == 0.0) {',
    '  r = 1.0;',
    '} else if (a == 0.0) {',
    '  if (b > 0.0) { r = 0.0; } else { r = 1.0 / Math.abs(a); }',
    '} else if (a > 0.0) {',
    '  r = Math.pow(a, b);',
    '} else if (b == Math.floor(b)) {',
    '  const m = Math.pow(-a, b);',
    '  if (b - 2.0 * Math.floor(b * 0.5) == 1.0) { r = -m; } else { r = m; }',
    '} else {',
    '  const zero = a - a;',
    '  r = zero / zero;',
    '}',
  ],
  // torch.maximum/minimum propagate NaN; GLSL's max/min do not promise to.
  maximum: ['if (a != a || b != b) { r = a + b; } else if (a > b) { r = a; } else { r = b; }'],
  minimum: ['if (a != a || b != b) { r = a + b; } else if (a < b) { r = a; } else { r = b; }'],
  // torch.remainder: the result takes the sign of b. The float quotient can be off by one
  // ulp, so the remainder is nudged back into [0, b) (or (b, 0]).
  mod: [
    'r = a - Math.floor(a / b) * b;',
    'if (b > 0.0) {',
    '  if (r < 0.0) { r = r + b; } else if (r >= b) { r = r - b; }',
    '} else if (b < 0.0) {',
    '  if (r > 0.0) { r = r + b; } else if (r <= b) { r = r - b; }',
    '}',
  ],
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
