/**
 * Naive references for the property tests, in float64 on plain numbers, with PyTorch 1.13's
 * semantics (checked by hand against torch on signed zeros, NaN, ±∞ and rounding ties), and the
 * backends the properties run on.
 */
import { expect } from 'vitest';
import * as T from '@tensorgrad/tensor';
import type { DType } from '@tensorgrad/tensor';
import { type Host, ravel, sizeOf, unravel } from './random-views.js';

// ---- elementwise ---------------------------------------------------------------------------

/** erf by its Maclaurin series (|x| < 2.5) or the erfc continued fraction (Lentz). */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100 && Math.abs(term) > 1e-17; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return (Math.sign(x) * 2 * sum) / Math.sqrt(Math.PI);
  }
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f);
}

/** torch.round: halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** C's pow, as torch: pow(x, 0) = 1 and pow(1, y) = 1 even for NaN, pow(-1, ±∞) = 1. */
function cPow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return Math.pow(a, b);
}

/** torch.remainder: fmod, moved into the divisor's sign. */
function remainder(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** How a unary op types its result: keeps the input's dtype, floats ints, or gives bool. */
export type UnaryKind = 'same' | 'float' | 'bool';

/** The unary ops, each with its float64 reference. */
export const UNARY: Record<string, { f: (x: number) => number; kind: UnaryKind; approx?: true }> = {
  neg: { f: (x) => -x, kind: 'same' },
  abs: { f: Math.abs, kind: 'same' },
  // torch's (0 < x) - (x < 0): NaN gives 0, where Math.sign would keep it.
  sign: { f: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), kind: 'same' },
  exp: { f: Math.exp, kind: 'float', approx: true },
  log: { f: Math.log, kind: 'float', approx: true },
  log1p: { f: Math.log1p, kind: 'float', approx: true },
  sqrt: { f: Math.sqrt, kind: 'float', approx: true },
  rsqrt: { f: (x) => 1 / Math.sqrt(x), kind: 'float', approx: true },
  sin: { f: Math.sin, kind: 'float', approx: true },
  cos: { f: Math.cos, kind: 'float', approx: true },
  tanh: { f: Math.tanh, kind: 'float', approx: true },
  sigmoid: { f: (x) => 1 / (1 + Math.exp(-x)), kind: 'float', approx: true },
  relu: { f: (x) => (x > 0 || Number.isNaN(x) ? x : 0), kind: 'same' },
  gelu: { f: (x) => (x * (1 + erf(x / Math.SQRT2))) / 2, kind: 'float', approx: true },
  erf: { f: erf, kind: 'float', approx: true },
  floor: { f: Math.floor, kind: 'same' },
  ceil: { f: Math.ceil, kind: 'same' },
  round: { f: roundHalfEven, kind: 'same' },
  reciprocal: { f: (x) => 1 / x, kind: 'float' },
  square: { f: (x) => x * x, kind: 'same' },
  isnan: { f: (x) => (Number.isNaN(x) ? 1 : 0), kind: 'bool' },
  isfinite: { f: (x) => (Number.isFinite(x) ? 1 : 0), kind: 'bool' },
  logicalNot: { f: (x) => (x === 0 ? 1 : 0), kind: 'bool' },
};

/** How a binary op types its result: promoted, promoted then floated (true division), or bool. */
export type BinaryKind = 'arith' | 'truediv' | 'bool';

const truth = (v: boolean): number => (v ? 1 : 0);

/** The binary ops, each with its float64 reference. */
export const BINARY: Record<
  string,
  { f: (a: number, b: number) => number; kind: BinaryKind; approx?: true; ints?: false }
> = {
  add: { f: (a, b) => a + b, kind: 'arith' },
  sub: { f: (a, b) => a - b, kind: 'arith' },
  mul: { f: (a, b) => a * b, kind: 'arith' },
  div: { f: (a, b) => a / b, kind: 'truediv' },
  // Integer powers with negative exponents truncate in torch; only float inputs here.
  pow: { f: cPow, kind: 'arith', approx: true, ints: false },
  maximum: {
    f: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)),
    kind: 'arith',
  },
  minimum: {
    f: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)),
    kind: 'arith',
  },
  // Integer remainder by zero is an error (tested elsewhere); only float inputs here.
  mod: { f: remainder, kind: 'arith', ints: false },
  eq: { f: (a, b) => truth(a === b), kind: 'bool' },
  ne: { f: (a, b) => truth(a !== b), kind: 'bool' },
  lt: { f: (a, b) => truth(a < b), kind: 'bool' },
  le: { f: (a, b) => truth(a <= b), kind: 'bool' },
  gt: { f: (a, b) => truth(a > b), kind: 'bool' },
  ge: { f: (a, b) => truth(a >= b), kind: 'bool' },
  logicalAnd: { f: (a, b) => truth(a !== 0 && b !== 0), kind: 'bool' },
  logicalOr: { f: (a, b) => truth(a !== 0 || b !== 0), kind: 'bool' },
  logicalXor: { f: (a, b) => truth((a !== 0) !== (b !== 0)), kind: 'bool' },
};

/** torch's type promotion among the dtypes tensorgrad has (written out, not computed). */
export function promoted(a: DType, b: DType): DType {
  const order: DType[] = ['bool', 'int32', 'float32', 'float64'];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}

/** Result dtype of a unary op of `kind` on `dtype`. */
export function unaryDtype(kind: UnaryKind, dtype: DType): DType {
  if (kind === 'bool') return 'bool';
  if (kind === 'float') return dtype === 'float64' ? 'float64' : 'float32';
  return dtype;
}

/** Result dtype of a binary op of `kind` on `a` and `b`. */
export function binaryDtype(kind: BinaryKind, a: DType, b: DType): DType {
  if (kind === 'bool') return 'bool';
  const p = promoted(a, b);
  if (kind === 'truediv') return p === 'float64' ? 'float64' : 'float32';
  return p;
}

/** Elementwise `f` of broadcast host arrays. */
export function naiveBroadcast(a: Host, b: Host, f: (x: number, y: number) => number): Host {
  const rank = Math.max(a.shape.length, b.shape.length);
  const shape = Array.from({ length: rank }, (_, i) => {
    const x = a.shape[a.shape.length - rank + i] ?? 1;
    const y = b.shape[b.shape.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
  const read = (x: Host, idx: number[]): number => {
    const own = x.shape.map((n, k) => (n === 1 ? 0 : idx[rank - x.shape.length + k]!));
    return x.data[ravel(own, x.shape)]!;
  };
  const data: number[] = [];
  for (let i = 0; i < sizeOf(shape); i++) {
    const idx = unravel(i, shape);
    data.push(f(read(a, idx), read(b, idx)));
  }
  return { shape, data };
}

// ---- reductions ----------------------------------------------------------------------------

/**
 * Reduces `axes` (normalised, distinct) of `x` with `f` over each output position's values
 * (listed in row-major order); the reduced dims are kept as 1 when `keepdim`.
 */
export function naiveReduce(
  x: Host,
  axes: readonly number[],
  keepdim: boolean,
  f: (values: number[]) => number,
): Host {
  const kept = x.shape.map((n, d) => (axes.includes(d) ? 1 : n));
  const groups: number[][] = Array.from({ length: sizeOf(kept) }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    groups[ravel(idx, kept)]!.push(x.data[i]!);
  }
  const shape = keepdim ? kept : x.shape.filter((_, d) => !axes.includes(d));
  return { shape, data: groups.map(f) };
}

/** The value of each output position of a matmul, as a dot product of a row and a column. */
export function naiveMatmul(a: Host, b: Host): { out: Host; magnitude: number[] } {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const n = b2.shape[b2.shape.length - 1]!;
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const batch = Array.from({ length: rank }, (_, i) => {
    const x = batchA[batchA.length - rank + i] ?? 1;
    const y = batchB[batchB.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
  const own = (dims: readonly number[], idx: readonly number[]): number[] =>
    dims.map((d, j) => (d === 1 ? 0 : idx[rank - dims.length + j]!));
  const data: number[] = [];
  const magnitude: number[] = [];
  for (let bi = 0; bi < sizeOf(batch); bi++) {
    const idx = unravel(bi, batch);
    const ia = own(batchA, idx);
    const ib = own(batchB, idx);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const product =
            a2.data[ravel([...ia, i, p], a2.shape)]! * b2.data[ravel([...ib, p, j], b2.shape)]!;
          sum += product;
          abs += Math.abs(product);
        }
        data.push(sum);
        magnitude.push(abs);
      }
    }
  }
  const shape = [
    ...batch,
    ...(a.shape.length === 1 ? [] : [m]),
    ...(b.shape.length === 1 ? [] : [n]),
  ];
  return { out: { shape, data }, magnitude };
}

// ---- comparison ----------------------------------------------------------------------------

/**
 * Asserts `got` (read back from a tensor) matches the reference `want` element by element:
 * NaN matches NaN, ±∞ match exactly, ±0 match each other, and finite values match within
 * `atol + rtol·|want|`, where `atol` may be per element (sums: scaled by Σ|terms|).
 */
export function expectValues(
  got: ArrayLike<number>,
  want: Host,
  tolerance: { rtol: number; atol: number | readonly number[] },
  what: string,
): void {
  expect(got.length, `${what}: element count`).toBe(want.data.length);
  for (let i = 0; i < want.data.length; i++) {
    const g = got[i]!;
    const w = want.data[i]!;
    const atol = typeof tolerance.atol === 'number' ? tolerance.atol : tolerance.atol[i]!;
    const ok = Number.isNaN(w)
      ? Number.isNaN(g)
      : !Number.isFinite(w)
        ? g === w
        : Math.abs(g - w) <= atol + tolerance.rtol * Math.abs(w);
    if (!ok) {
      expect.fail(
        `${what}: element ${i} at [${unravel(i, want.shape).join(',')}] is ${g}, expected ${w}` +
          ` (rtol ${tolerance.rtol}, atol ${atol})`,
      );
    }
  }
}

// ---- backends ------------------------------------------------------------------------------

/** A backend the properties run on, with how many runs it can afford and the dtypes it holds. */
export interface BackendUnderTest {
  readonly name: 'cpu' | 'gpu';
  /** Fraction of the cpu's numRuns (the gpu, on llvmpipe, is much slower per op). */
  readonly runScale: number;
  readonly floatDtypes: readonly DType[];
}

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';

/**
 * The cpu always; the gpu when gpu.js can start here (headless GL under `xvfb-run -a`, else
 * gpu.js's WebAssembly mode). `TENSORGRAD_REQUIRE_GL=1` makes a missing GL context an error.
 */
export function backendsUnderTest(): BackendUnderTest[] {
  const cpu: BackendUnderTest = { name: 'cpu', runScale: 1, floatDtypes: ['float64', 'float32'] };
  const gpu = T.gpuAvailability();
  if (requireGl && gpu.mode !== 'headlessgl') {
    throw new Error(
      `TENSORGRAD_REQUIRE_GL=1 but the gpu backend runs in ${gpu.mode}: ${gpu.reason}`,
    );
  }
  if (!gpu.available) return [cpu];
  // float64 never lives on the gpu (the dispatcher hands it to the cpu), so only float32 there.
  return [cpu, { name: 'gpu', runScale: 0.2, floatDtypes: ['float32'] }];
}

/** The float32 machine epsilon (the spacing of float32 numbers at 1). */
export const F32_EPS = 2 ** -23;

/**
 * fast-check's options: a fixed seed and run count, so that CI is deterministic. For a long
 * exploratory run, `TENSORGRAD_PROPERTY_RUNS=10` multiplies every run count and
 * `TENSORGRAD_PROPERTY_SEED=n` shifts every seed; a failure prints the seed and path to replay.
 */
export function runOptions(seed: number, numRuns: number): { seed: number; numRuns: number } {
  const scale = Number(process.env['TENSORGRAD_PROPERTY_RUNS'] ?? '1');
  const shift = Number(process.env['TENSORGRAD_PROPERTY_SEED'] ?? '0');
  return { seed: seed + shift, numRuns: Math.max(1, Math.round(numRuns * scale)) };
}
