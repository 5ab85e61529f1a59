/**
 * sin and cos in float32 kernel source, correct over the whole float32 range.
 *
 * GLSL leaves sin/cos accuracy to the driver (SwiftShader: 1.9e-4 relative error; llvmpipe:
 * sin(1e37) = -1 where the answer is 0.0695), so the kernels reduce the argument themselves:
 * x = n·(π/2) + z with |z| <= π/4, then a minimax polynomial of z (Cephes' sinf/cosf, about
 * 1 ulp). Up to 8192 the reduction subtracts n·π/4 in three exact parts (Cody–Waite). Beyond,
 * n·(π/2) no longer fits in a few float32 parts, so the reduction multiplies x by the bits of
 * 2/π that matter for its exponent (Payne–Hanek): x = M·2^q with M a 24-bit integer, and the
 * bits of 2/π worth more than 4 once multiplied by 2^q only add multiples of 4 to x·2/π, which
 * leave sin and cos unchanged. Everything is exact float32 arithmetic (products of 12-bit
 * integers, scaling by powers of two, splitting at fixed binary points), so it needs neither
 * integers nor bit operations, which WebGL1's GLSL lacks.
 */

/** 2/π in 12-bit chunks: chunk i holds bits 12i+1 .. 12i+12 after the binary point. */
const TWO_OVER_PI_CHUNKS = [
  2607, 2435, 1764, 3652, 338, 2556, 629, 2001, 3923, 1245, 3085, 2914, 2393, 2364, 1081, 65,
];

/**
 * `x` as a float literal of the kernel language: gpu.js reads a literal without a point or an
 * exponent as an integer (and 2^41 does not fit one).
 */
function float(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** How many chunks of 2/π the reduction multiplies in (60 bits beyond the first kept one). */
const CHUNKS_USED = 6;

/**
 * Statements setting `n` (the quadrant count, an integer) and `z` (x - n·π/2, |z| <= π/4 + ε)
 * from `ax`, a finite float32 > 8192, by Payne–Hanek reduction.
 */
function largeReduction(): string[] {
  const lines = [
    // ax = xs·2^e with xs in [1, 2): a binary search over powers of two (each step exact).
    'let xs = ax;',
    'let e = 0.0;',
    'let pe = 1.0;',
  ];
  for (const k of [64, 32, 16, 8, 4, 2, 1]) {
    lines.push(
      `if (xs >= ${float(2 ** k)}) { xs = xs * ${float(2 ** -k)}; e = e + ${float(k)}; pe = pe * ${float(2 ** k)}; }`,
    );
  }
  lines.push(
    // M = xs·2^23, a 24-bit integer, split into 12-bit halves mh·4096 + ml.
    'const m = xs * 8388608.0;',
    'const mh = Math.floor(m * 0.000244140625);',
    'const ml = m - mh * 4096.0;',
    // Bits of 2/π from chunk i on, i = floor((e - 25) / 12): earlier bits, times x, only add
    // multiples of 4. g = pe·2^-64·sc is the weight 2^(e - 35 - 12i) of chunk i's last bit per
    // unit of M (split in two factors so that no intermediate is subnormal).
    ...Array.from({ length: CHUNKS_USED }, (_, k) => `let t${k} = 0.0;`),
    'let sc = 0.0;',
  );
  // x >= 8192 has e >= 13, so i >= -1; float32 has e <= 127, so i <= 8.
  for (let i = -1; i <= 8; i++) {
    const condition = i === 8 ? '' : `if (e < ${float(12 * i + 37)}) `;
    const chunks = Array.from(
      { length: CHUNKS_USED },
      (_, k) => `t${k} = ${float(TWO_OVER_PI_CHUNKS[i + k] ?? 0)};`,
    );
    const prefix = i === -1 ? '' : '} else ';
    lines.push(`${prefix}${condition}{ ${chunks.join(' ')} sc = ${float(2 ** (29 - 12 * i))}; `);
  }
  lines.push('}', 'const g = pe * 5.421010862427522e-20 * sc;');
  // The products: chunk k times each half of M, at weight g·2^(-12k) (g·2^(12-12k) for mh).
  // The chunk-0 product with mh is a multiple of 4 and is left out.
  lines.push('let hi = 0.0;', 'let mid = 0.0;', 'let lo = 0.0;');
  const terms: string[] = [];
  for (let k = 0; k < CHUNKS_USED; k++) {
    const weight = `(g * ${float(2 ** (-12 * k))})`;
    terms.push(`(ml * t${k}) * ${weight}`);
    if (k + 1 < CHUNKS_USED) terms.push(`(mh * t${k + 1}) * ${weight}`);
  }
  // Each term is exact; summing them directly would round. So each is reduced mod 4 and cut
  // at 2^-12 and 2^-24 into three parts, and each part is summed exactly on its own.
  terms.forEach((term, k) => {
    lines.push(
      `const p${k} = ${term};`,
      `const q${k} = p${k} - 4.0 * Math.floor(p${k} * 0.25);`,
      `const h${k} = Math.floor(q${k} * 4096.0) * 0.000244140625;`,
      `const r${k} = q${k} - h${k};`,
      `const m${k} = Math.floor(r${k} * 16777216.0) * 5.960464477539063e-8;`,
      `hi = hi + h${k};`,
      `mid = mid + m${k};`,
      `lo = lo + (r${k} - m${k});`,
    );
  });
  lines.push(
    // x·2/π mod 4 = hi + mid + lo; n is its nearest integer, the rest is exact until lo.
    'const hi4 = hi - 4.0 * Math.floor(hi * 0.25);',
    'n = Math.floor(hi4 + mid + lo + 0.5);',
    'const f = ((hi4 - n) + mid) + lo;',
    'z = f * 1.5707963267948966;',
  );
  return lines;
}

/**
 * Statements computing `r` = sin(v) or cos(v) (`v` finite or not, `r` declared by the caller).
 * NaN and ±Infinity give NaN; |v| < 2^-12 gives v (sin, so that -0 stays -0) or 1 (cos),
 * which is what float32 rounds the true value to.
 */
export function sinCos(which: 'sin' | 'cos'): string[] {
  return [
    'const ax = Math.abs(v);',
    'if (!(ax <= 3.4028234663852886e38)) {',
    '  r = 0.0 / 0.0;',
    '} else if (ax < 0.000244140625) {',
    which === 'sin' ? '  r = v;' : '  r = 1.0;',
    '} else {',
    '  let n = 0.0;',
    '  let z = 0.0;',
    '  if (ax <= 8192.0) {',
    // Cephes: j = the octant, made even, so n = j / 2 quadrants; π/4 in three exact parts.
    '    let j = Math.floor(ax * 1.2732395447351628);',
    '    if (j - 2.0 * Math.floor(j * 0.5) == 1.0) { j = j + 1.0; }',
    '    z = ((ax - j * 0.78515625) - j * 2.4187564849853515625e-4) - j * 3.77489497744594108e-8;',
    '    n = j * 0.5;',
    '  } else {',
    ...largeReduction().map((line) => `    ${line}`),
    '  }',
    '  const quadrant = n - 4.0 * Math.floor(n * 0.25);',
    '  const zz = z * z;',
    '  const ps = ((-1.9515295891e-4 * zz + 8.3321608736e-3) * zz - 1.6666654611e-1) * zz * z + z;',
    '  const pc = ((2.443315711809948e-5 * zz - 1.388731625493765e-3) * zz + 4.166664568298827e-2) * zz * zz - 0.5 * zz + 1.0;',
    ...(which === 'sin'
      ? [
          '  let s = 0.0;',
          '  if (quadrant == 0.0) { s = ps; } else if (quadrant == 1.0) { s = pc; }',
          '  else if (quadrant == 2.0) { s = -ps; } else { s = -pc; }',
          '  if (v < 0.0) { r = -s; } else { r = s; }',
        ]
      : [
          '  if (quadrant == 0.0) { r = pc; } else if (quadrant == 1.0) { r = -ps; }',
          '  else if (quadrant == 2.0) { r = -pc; } else { r = ps; }',
        ]),
    '}',
  ];
}
