/**
 * Kernel source for long float32 sums inside one thread: a row of softmax or layer norm, and
 * (through {@link kahanStep}) each output of matmul.
 *
 * A running float32 sum of n terms drifts by up to n · 2⁻²⁴ relative, so terms are summed in
 * blocks and the block sums joined with Kahan's compensation. The error is then about
 * block · 2⁻²⁴ · Σ|term| whatever the length, close to the cpu's float64 sums.
 */

/** Terms summed in float32 before joining the compensated total. */
const BLOCK = 64;

/** Products a matmul sums in float32 before joining the compensated total (`matmul.ts`). */
export const MATMUL_BLOCK = 256;

/** The variable names of one compensated sum in a kernel (all declared by the caller). */
export interface KahanNames {
  readonly total: string;
  readonly lost: string;
  readonly block: string;
  readonly added: string;
  readonly next: string;
}

/**
 * Kahan's step adding `block` into `total`, `lost` carrying what earlier roundings of the
 * total dropped: `(next - total) - added` is that rounding error. Shader compilers may rewrite
 * `(total + added) - total` to `added` (GLSL ES 1.00 has no `precise` to forbid it), and the
 * one behind headless-gl here does: written plainly, the compensation vanished and the test
 * "later blocks are not lost against a total above 2^24" failed. Multiplying by `one`, a 1.0
 * passed at run time (every kernel using this takes that scalar), hides the identity from the
 * optimiser. The compensation is skipped for totals beyond 1e38, inf and NaN (there inf − inf
 * would turn an inf result into NaN).
 */
export function kahanStep({ total, lost, block, added, next }: KahanNames): string[] {
  return [
    `${added} = ${block} - ${lost};`,
    `${next} = ${total} + ${added};`,
    `${lost} = 0.0;`,
    `if (Math.abs(${next}) < 1e38) {`,
    `  ${lost} = (${next} - ${total} * one) - ${added};`,
    '}',
    `${total} = ${next};`,
  ];
}

/**
 * Statements that declare `${name}` and set it to the sum of `term(j)` for the loop index `j`
 * from `from` to `to` (exclusive; float expressions). `body(j)` are statements run first for
 * each index, which may declare locals that the term reads. The kernel must take a scalar
 * `one` equal to 1. Locals are prefixed with `name`, so one kernel may hold several sums.
 */
export function compensatedSum(
  name: string,
  from: string,
  to: string,
  term: (j: string) => string,
  body: (j: string) => readonly string[] = () => [],
): string[] {
  const [total, lost, block, added, next, end, s, j] = [
    'Total',
    'Lost',
    'Block',
    'Added',
    'Next',
    'End',
    'S',
    'J',
  ].map((part) => `${name}${part}`);
  return [
    `let ${total} = 0.0;`,
    `let ${lost} = 0.0;`,
    `let ${added} = 0.0;`,
    `let ${next} = 0.0;`,
    `for (let ${s} = ${from}; ${s} < ${to}; ${s} += ${BLOCK}) {`,
    `  const ${end} = Math.min(${to}, ${s} + ${BLOCK});`,
    `  let ${block} = 0.0;`,
    `  for (let ${j} = ${s}; ${j} < ${end}; ${j}++) {`,
    ...body(j!).map((line) => `    ${line}`),
    `    ${block} = ${block} + ${term(j!)};`,
    '  }',
    ...kahanStep({ total, lost, block, added, next }).map((line) => `  ${line}`),
    '}',
    `const ${name} = ${total} - ${lost};`,
  ];
}
