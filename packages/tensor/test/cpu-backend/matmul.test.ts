import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DType, View } from '../../src/backend/backend.js';
import { setSimdGemm, simdGemmEnabled } from '../../src/backend/cpu/wasm/gemm.js';
import {
  contiguous,
  cpu,
  expectClose,
  rng,
  sizeOf,
  storeAs,
  take,
  values,
  viewOf,
} from './helpers.js';

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

/** A [...batch, rows, cols] operand, either row-major or stored transposed (column-major). */
function operand(
  batch: readonly number[],
  rows: number,
  cols: number,
  dtype: DType,
  transposed: boolean,
  random: () => number,
): { view: View; at: (b: number, i: number, j: number) => number } {
  const host = values(dtype, sizeOf(batch) * rows * cols, random);
  const data = cpu.upload(host, dtype);
  const batchStrides = contiguous(batch).map((s) => s * rows * cols);
  const strides = [...batchStrides, ...(transposed ? [1, rows] : [cols, 1])];
  const at = (b: number, i: number, j: number) =>
    host[b * rows * cols + (transposed ? j * rows + i : i * cols + j)];
  return { view: { data, shape: [...batch, rows, cols], strides, offset: 0 }, at };
}

/** The naive triple loop, float64 dot products rounded once. */
function naive(
  a: (b: number, i: number, p: number) => number,
  b: (b: number, p: number, j: number) => number,
  batches: number,
  m: number,
  k: number,
  n: number,
  dtype: DType,
): number[] {
  const out: number[] = [];
  for (let t = 0; t < batches; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a(t, i, p) * b(t, p, j);
        out.push(storeAs(dtype, acc));
      }
    }
  }
  return out;
}

/**
 * float32: the typed-array kernel accumulates in float64 and rounds once (1e-6); the SIMD kernel
 * (wasm/gemm.ts) sums blocks of up to 256 products in float32, so its error grows like
 * min(k, 256) · 2⁻²⁴ · Σ|a||b|: sums of up to 65 products of values in ±3 stay within 2e-5.
 */
const TOLERANCE: Record<DType, number> = { float32: 1e-6, float64: 1e-12, int32: 0, bool: 0 };
const SIMD_FLOAT32_TOLERANCE = 2e-5;

/** Runs `body` with the float32 SIMD kernel on, then off (the typed-array fallback). */
const bothFloat32Kernels = [
  { kernel: 'SIMD', simd: true, float32: SIMD_FLOAT32_TOLERANCE },
  { kernel: 'typed-array', simd: false, float32: TOLERANCE.float32 },
].filter((k) => !k.simd || simdGemmEnabled());

describe.each(bothFloat32Kernels)('matmul, float32 on the $kernel kernel', ({ simd, float32 }) => {
  beforeAll(() => setSimdGemm(simd));
  afterAll(() => setSimdGemm(true));
  const tolerance = (dtype: DType) => (dtype === 'float32' ? float32 : TOLERANCE[dtype]);

  test('random shapes, incl. edges that are not multiples of the tile, every dtype and layout', () => {
    const random = rng(29);
    const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 33, 65];
    for (const dtype of ['float32', 'float64', 'int32'] as const) {
      for (let trial = 0; trial < 40; trial++) {
        const pick = () => sizes[Math.floor(random() * sizes.length)];
        const [m, k, n] = [pick(), pick(), pick()];
        const batch = trial % 3 === 0 ? [2] : trial % 3 === 1 ? [] : [2, 1];
        const a = operand(batch, m, k, dtype, trial % 2 === 0, random);
        const b = operand(batch, k, n, dtype, trial % 4 < 2, random);
        const expected = naive(a.at, b.at, sizeOf(batch), m, k, n, dtype);
        const out = take(cpu.matmul(a.view, b.view, dtype), [...batch, m, n]);
        expectClose(out, expected, tolerance(dtype), `${dtype} [${batch}] ${m}x${k}x${n}`);
        cpu.dispose(a.view.data);
        cpu.dispose(b.view.data);
      }
    }
  });

  test('large enough to cross every cache block', () => {
    const random = rng(31);
    const [m, k, n] = [131, 300, 97];
    const a = operand([], m, k, 'float64', false, random);
    const b = operand([], k, n, 'float64', true, random);
    const out = take(cpu.matmul(a.view, b.view, 'float64'), [m, n]);
    expectClose(out, naive(a.at, b.at, 1, m, k, n, 'float64'), 1e-12);
    cpu.dispose(a.view.data);
    cpu.dispose(b.view.data);
  });

  test.each(['float64', 'float32'] as const)(
    'broadcast batch (0 stride), negative strides and offsets (%s)',
    (dtype) => {
      const random = rng(37);
      const [m, k, n] = [5, 6, 7];
      // a: one matrix broadcast over 3 batches; b: 3 matrices read with rows flipped.
      const aHost = values(dtype, m * k, random);
      const bHost = values(dtype, 3 * k * n + 2, random);
      const a: View = {
        data: cpu.upload(aHost, dtype),
        shape: [3, m, k],
        strides: [0, k, 1],
        offset: 0,
      };
      const b: View = {
        data: cpu.upload(bHost, dtype),
        shape: [3, k, n],
        strides: [k * n, -n, 1],
        offset: 2 + (k - 1) * n,
      };
      const expected = naive(
        (_t, i, p) => aHost[i * k + p],
        (t, p, j) => bHost[2 + t * k * n + (k - 1 - p) * n + j],
        3,
        m,
        k,
        n,
        dtype,
      );
      expectClose(take(cpu.matmul(a, b, dtype), [3, m, n]), expected, tolerance(dtype));
      cpu.dispose(a.data);
      cpu.dispose(b.data);
    },
  );

  test.each(['float64', 'float32'] as const)(
    'b broadcast over the batch: folded into one product when a allows it, per batch when not (%s)',
    (dtype) => {
      const random = rng(41);
      const [m, k, n] = [5, 6, 7];
      const bHost = values(dtype, k * n, random);
      const b: View = {
        data: cpu.upload(bHost, dtype),
        shape: [2, 3, k, n],
        strides: [0, 0, n, 1],
        offset: 0,
      };
      const aHost = values(dtype, 6 * m * k + 1, random);
      const aData = cpu.upload(aHost, dtype);
      // contiguous a (folds), and a with its two batch dims swapped (cannot fold).
      const layouts: { strides: number[]; at: (t: number, i: number, p: number) => number }[] = [
        { strides: [3 * m * k, m * k, k, 1], at: (t, i, p) => aHost[1 + t * m * k + i * k + p] },
        {
          strides: [m * k, 2 * m * k, k, 1],
          at: (t, i, p) => aHost[1 + ((t % 3) * 2 + Math.floor(t / 3)) * m * k + i * k + p],
        },
      ];
      for (const { strides, at } of layouts) {
        const a: View = { data: aData, shape: [2, 3, m, k], strides, offset: 1 };
        const expected = naive(at, (_t, p, j) => bHost[p * n + j], 6, m, k, n, dtype);
        expectClose(
          take(cpu.matmul(a, b, dtype), [2, 3, m, n]),
          expected,
          tolerance(dtype),
          `a strides ${strides}`,
        );
      }
      cpu.dispose(aData);
      cpu.dispose(b.data);
    },
  );

  test('size-0 dims: empty output, or zeros when k = 0', () => {
    const empty = cpu.upload([], 'float32');
    expect(
      take(cpu.matmul(viewOf(empty, [0, 3]), viewOf(empty, [3, 0]), 'float32'), [0, 0]),
    ).toEqual([]);
    expect(
      take(cpu.matmul(viewOf(empty, [2, 0]), viewOf(empty, [0, 3]), 'float32'), [2, 3]),
    ).toEqual([0, 0, 0, 0, 0, 0]);
    expect(
      take(cpu.matmul(viewOf(empty, [0, 2, 2]), viewOf(empty, [0, 2, 2]), 'float32'), [0, 2, 2]),
    ).toEqual([]);
    cpu.dispose(empty);
  });

  test('mismatched inner dims are an error naming both shapes', () => {
    const a = cpu.upload(new Array(6).fill(1), 'float32');
    const b = cpu.upload(new Array(20).fill(1), 'float32');
    expect(() => cpu.matmul(viewOf(a, [2, 3]), viewOf(b, [4, 5]), 'float32')).toThrow(
      'matmul: shapes [2, 3] and [4, 5] cannot be multiplied',
    );
    cpu.dispose(a);
    cpu.dispose(b);
  });
});
