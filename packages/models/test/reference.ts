/**
 * Hand-written references for the model tests, in plain JavaScript numbers (float64) and loops:
 * nothing here calls a tensorgrad op, so a bug in an op or in a model's use of it cannot hide
 * in the reference too. Matrices are row lists, `[rows][columns]`; a linear layer's weight is
 * PyTorch's `[out, in]`.
 */
import { expect } from 'vitest';
import { noGrad, randn, type Tensor } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';

/** Rows of numbers. */
export type Matrix = number[][];

/** A 2-D tensor's rows (a 1-D tensor is one row). */
export function rowsOf(t: Tensor): Matrix {
  const a = t.toArray();
  return t.ndim === 1 ? [a as number[]] : (a as Matrix);
}

/** A 1-D tensor's numbers. */
export function vectorOf(t: Tensor): number[] {
  return [...t.data()].map(Number);
}

/** `x Wᵀ + b`: `x [n, in]`, `w [out, in]`, `b [out]`. */
export function linear(x: Matrix, w: Matrix, b?: readonly number[]): Matrix {
  return x.map((row) =>
    w.map((wo, o) => wo.reduce((s, wi, i) => s + wi * row[i]!, b === undefined ? 0 : b[o]!)),
  );
}

/** Each row normalised with the biased variance, then scaled by `g` and shifted by `b`. */
export function layerNorm(
  x: Matrix,
  g: readonly number[],
  b: readonly number[],
  eps = 1e-5,
): Matrix {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i]! + b[i]!);
  });
}

/** The columns `[from, to)` of every row. */
export function columns(x: Matrix, from: number, to: number): Matrix {
  return x.map((row) => row.slice(from, to));
}

/**
 * Multi-head scaled dot-product attention, head `h` on columns `[h·d, (h+1)·d)` of `q`, `k` and
 * `[h·dv, (h+1)·dv)` of `v`: `softmax(q kᵀ · scale) v` per head, heads concatenated. A key `j`
 * that `allowed(i, j)` refuses gets no weight in row `i`; a row that allows no key averages
 * every value uniformly (what a finite `-max` fill gives).
 */
export function attention(
  q: Matrix,
  k: Matrix,
  v: Matrix,
  heads: number,
  scale: number,
  allowed: (i: number, j: number) => boolean = () => true,
): Matrix {
  const d = q[0]!.length / heads;
  const dv = v[0]!.length / heads;
  return q.map((qi, i) => {
    const out: number[] = [];
    for (let h = 0; h < heads; h++) {
      const logits = k.map((kj) => {
        let dot = 0;
        for (let c = h * d; c < (h + 1) * d; c++) dot += qi[c]! * kj[c]!;
        return dot * scale;
      });
      const keep = k.map((_, j) => allowed(i, j));
      const top = Math.max(...logits.filter((_, j) => keep[j]));
      // every logit of a row that allows no key is the same fill value: uniform weights
      const weights = keep.some(Boolean)
        ? logits.map((l, j) => (keep[j] ? Math.exp(l - top) : 0))
        : logits.map(() => 1);
      const total = weights.reduce((s, w) => s + w, 0);
      for (let c = h * dv; c < (h + 1) * dv; c++) {
        out.push(weights.reduce((s, w, j) => s + (w / total) * v[j]![c]!, 0));
      }
    }
    return out;
  });
}

/** Rows added elementwise. */
export function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((x, j) => x + b[i]![j]!));
}

/** Every parameter of `module` (LayerNorm gains and biases too) redrawn from N(0, 0.5²) + its value. */
export function perturbParameters(module: Module): void {
  noGrad(() => {
    for (const p of module.parameters()) p.assign(p.add(randn([...p.shape]).mul(0.5)));
  });
}

/** Sets every parameter of `module` to zero (so that a residual branch adds nothing). */
export function zeroParameters(module: Module): void {
  noGrad(() => {
    for (const p of module.parameters()) p.assign(p.mul(0));
  });
}

/**
 * Expects `actual` (a tensor or nested numbers) to equal `expected` elementwise within
 * `atol + rtol·|expected|` (float32 results against float64 references), with the same shape.
 */
export function expectClose(
  actual: Tensor | unknown[],
  expected: unknown[],
  what: string,
  { atol = 1e-5, rtol = 1e-4 } = {},
): void {
  const a = (Array.isArray(actual) ? actual : actual.toArray()) as unknown[];
  const shape = (x: unknown): number[] => (Array.isArray(x) ? [x.length, ...shape(x[0])] : []);
  expect(shape(a), `${what}: shape`).toEqual(shape(expected));
  const flat = (x: unknown[]): number[] => x.flat(Infinity as 1) as number[];
  const [fa, fe] = [flat(a), flat(expected)];
  let worst = -1;
  let worstExcess = 0;
  fe.forEach((e, i) => {
    const excess = Math.abs(fa[i]! - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  });
  expect(worst, `${what}: element ${worst} is ${fa[worst]}, expected ${fe[worst]}`).toBe(-1);
}
