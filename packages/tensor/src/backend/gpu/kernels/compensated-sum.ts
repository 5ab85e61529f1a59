/**
 * Kernel source for a long float32 sum inside one thread (a row of softmax or layer norm).
 *
 * A running float32 sum of n terms drifts by up to n · 2⁻²⁴ relative, so terms are summed in
 * blocks of {@link BLOCK} and the block sums joined with Kahan's compensation, as matmul does
 * (`matmul.ts` explains the `one` factor that keeps shader compilers from optimising the
 * compensation away, and the 1e38 guard for infinite and NaN totals). The error is then about
 * BLOCK · 2⁻²⁴ · Σ|term| whatever the length, close to the cpu's float64 sums.
 */

/** Terms summed in float32 before joining the compensated total. */
const BLOCK = 64;

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
    `for (let ${s} = ${from}; ${s} < ${to}; ${s} += ${BLOCK}) {`,
    `  const ${end} = Math.min(${to}, ${s} + ${BLOCK});`,
    `  let ${block} = 0.0;`,
    `  for (let ${j} = ${s}; ${j} < ${end}; ${j}++) {`,
    ...body(j!).map((line) => `    ${line}`),
    `    ${block} = ${block} + ${term(j!)};`,
    '  }',
    `  const ${added} = ${block} - ${lost};`,
    `  const ${next} = ${total} + ${added};`,
    `  ${lost} = 0.0;`,
    `  if (Math.abs(${next}) < 1e38) {`,
    `    ${lost} = (${next} - ${total} * one) - ${added};`,
    '  }',
    `  ${total} = ${next};`,
    '}',
    `const ${name} = ${total} - ${lost};`,
  ];
}
