/**
 * Every entry of the op tables `UNARY` and `BINARY` (the `Tensor` methods they install) gives
 * the same answer on the gpu as on the cpu for NaN, ±Infinity, ±0, subnormals, float32's
 * extremes and a few ordinary values (binary ops on the whole cross product). The kernels
 * behind them are checked one by one in `packages/tensor/test/gpu-special-values.test.ts`;
 * this checks the table entries end to end (dtype rules, composites such as `silu`).
 *
 * Equality as there: NaN = NaN, the sign of a zero counts, rtol 1e-5 on normal finite results;
 * a gpu that flushes subnormals (`backendInfo().subnormals === 'flushed'`, headless GL) may
 * read and write them as zeros of the same sign.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { type Tensor, backendInfo, setBackend, tensor } from '@tensorgrad/autograd';
import { gpuAvailability } from '@tensorgrad/tensor';
import { BINARY } from '../../src/ops/binary.js';
import { UNARY } from '../../src/ops/unary.js';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
if (!gpu.available && requireGl) {
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);
}

const FLT_MIN = 1.1754943508222875e-38;
const VALUES = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 3.4028235e38]
  .concat([-3.4028235e38, 1.17549435e-38, -1.17549435e-38, 1, -1, 0.5, -0.5, 2.5, -2.5, 3])
  .concat([-7, 88.72, 100, 1e-5, 123456.7, 1e37])
  .map(Math.fround);

const flush = (x: number): number => (Math.abs(x) < FLT_MIN && x !== 0 ? (x < 0 ? -0 : 0) : x);
const text = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

function agrees(got: number, want: number): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (got === want) return want !== 0 || Object.is(got, want);
  const ordinary = Number.isFinite(want) && Math.abs(want) >= FLT_MIN;
  return ordinary && Number.isFinite(got) && Math.abs(got - want) <= 1e-5 * Math.abs(want);
}

type Method = (...operands: Tensor[]) => Tensor;

/** `name` applied to tensors of `inputs` on `backend` (made current), read back as numbers. */
function run(backend: 'cpu' | 'gpu', name: string, inputs: readonly number[][]): number[] {
  setBackend(backend);
  const operands = inputs.map((values) => tensor(values));
  const [first, ...rest] = operands;
  const method = (first as unknown as Record<string, Method>)[name]!;
  const out = method.apply(first, rest);
  expect(out.backend).toBe(backend);
  const values = Array.from(out.data(), Number);
  for (const t of [...operands, out]) t.dispose();
  return values;
}

/** The elements where the gpu disagrees with the cpu, as readable lines. */
function disagreements(name: string, inputs: readonly number[][]): string[] {
  const got = run('gpu', name, inputs);
  const flushes = backendInfo().subnormals === 'flushed';
  const exact = run('cpu', name, inputs);
  const answers = [exact];
  if (flushes) {
    const choices = inputs.map((x) => [x, x.map(flush)]);
    const combos =
      choices.length === 1
        ? choices[0]!.map((x) => [x])
        : choices[0]!.flatMap((x) => choices[1]!.map((y) => [x, y]));
    for (const combo of combos) answers.push(run('cpu', name, combo).map(flush));
  }
  const flushing = answers.length > 1;
  return got.flatMap((g, i) =>
    answers.some((a) => agrees(g, a[i]!) || (flushing && agrees(flush(g), a[i]!)))
      ? []
      : [
          `${name}(${inputs.map((x) => text(x[i]!)).join(', ')}): gpu ${text(g)}, cpu ${text(exact[i]!)}`,
        ],
  );
}

describe.runIf(gpu.available)('the op tables give the cpu answer on the gpu', () => {
  afterAll(() => setBackend('cpu'));

  test.each(Object.keys(UNARY).map((name) => [name]))('%s', (name) => {
    expect(disagreements(name, [VALUES])).toEqual([]);
  });

  test.each(Object.keys(BINARY).map((name) => [name]))('%s on every pair', (name) => {
    const a = VALUES.flatMap((x) => VALUES.map(() => x));
    const b = VALUES.flatMap(() => VALUES);
    expect(disagreements(name, [a, b])).toEqual([]);
  });
});
