/**
 * Test helpers: float64 naive references written with plain JS numbers, and comparisons.
 * Keeping the references in plain JS means a test never checks tensorgrad against itself.
 */
import { expect } from 'vitest';
import { Tensor, gradcheck, tensor } from '@tensorgrad/autograd';
import { functionalCall, type Module } from '@tensorgrad/nn';
import type { NDArray } from '@tensorgrad/tensor';

/** Nested arrays of numbers. */
export type Nested = number | Nested[];

/** Flatten nested arrays in row-major order. */
export function flat(values: Nested): number[] {
  return Array.isArray(values) ? values.flatMap(flat) : [values];
}

/** The elements of an autograd or raw tensor as plain numbers, row-major. */
export function numbers(t: Tensor | NDArray): number[] {
  const raw = t instanceof Tensor ? t.value : t;
  return Array.from(raw.data(), Number);
}

/** Expect every element of `actual` within `atol + rtol·|expected|` of `expected`, shapes equal. */
export function expectClose(
  actual: Tensor | NDArray,
  expected: Nested | number[],
  atol = 1e-6,
  rtol = 1e-6,
): void {
  const got = numbers(actual);
  const want = flat(expected);
  expect(got.length).toBe(want.length);
  let worst = 0;
  let worstIndex = -1;
  for (let i = 0; i < want.length; i++) {
    const excess = Math.abs(got[i]! - want[i]!) - (atol + rtol * Math.abs(want[i]!));
    if (!(excess <= worst) || Number.isNaN(got[i])) {
      worst = Number.isNaN(got[i]) ? Infinity : excess;
      worstIndex = i;
    }
  }
  if (worstIndex >= 0) {
    expect.fail(
      `element ${worstIndex}: got ${got[worstIndex]}, expected ${want[worstIndex]} (atol ${atol}, rtol ${rtol})`,
    );
  }
}

/** A deterministic pseudo-random float64 tensor with values in [-1, 1) (no generator state involved). */
export function sample(shape: number[], seed = 1, requiresGrad = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values: number[] = [];
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    values.push((s / 2 ** 32) * 2 - 1);
  }
  return tensor(values, { shape, dtype: 'float64', requiresGrad });
}

/** Row-major 2-D view of a flat array. */
export function rows(values: number[], columns: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < values.length; i += columns) out.push(values.slice(i, i + columns));
  return out;
}

/** Naive y = x Wᵀ + b for x [n, in], W [out, in], b [out]. */
export function naiveLinear(x: number[][], w: number[][], b: number[] | null): number[][] {
  return x.map((row) =>
    w.map((wRow, o) => wRow.reduce((s, wi, i) => s + wi * row[i]!, b ? b[o]! : 0)),
  );
}

/** Naive log-softmax of one row. */
export function naiveLogSoftmax(row: number[]): number[] {
  const max = Math.max(...row);
  const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
  return row.map((v) => v - lse);
}

/** The exact GELU, with erf from a series precise to ~1e-15 for |x| < 6. */
export function naiveGelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf by its Maclaurin series (converges fast for the small arguments used in tests). */
export function erf(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 200; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
    if (Math.abs(term) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Sigmoid. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Gradient-check a module's parameters (and float inputs) through its forward with autograd's
 * float64 `gradcheck`: the parameters are replaced by float64 copies that gradcheck perturbs.
 * The module must have been built with `dtype: 'float64'`.
 */
export function gradcheckModule(
  module: Module,
  inputs: Tensor[],
  forward: (...inputs: Tensor[]) => Tensor,
): void {
  const named = module.namedParameters();
  expect(named.length).toBeGreaterThan(0);
  const copies = named.map(([, p]) => p.detach().clone().requiresGrad_());
  const all = [...inputs, ...copies];
  const report = gradcheck((...args: Tensor[]) => {
    const replacements = Object.fromEntries(named.map(([k], i) => [k, args[inputs.length + i]!]));
    return functionalCall(module, replacements, () => forward(...args.slice(0, inputs.length)));
  }, all);
  expect(report.ok, report.message).toBe(true);
  // Every parameter element (and every element of the inputs that require grad) was compared.
  const expected = all.filter((t) => t.requiresGrad).reduce((n, t) => n + t.size, 0);
  expect(report.checked).toBe(expected);
}
