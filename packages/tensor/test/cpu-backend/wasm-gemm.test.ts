import { describe, expect, test } from 'vitest';
import {
  encodeModule,
  FunctionBuilder,
  I32,
  sleb,
  uleb,
} from '../../src/backend/cpu/wasm/assembler.js';
import { setSimdGemm, simdGemm, simdGemmEnabled } from '../../src/backend/cpu/wasm/gemm.js';
import { rng } from './helpers.js';

describe('wasm assembler', () => {
  test('LEB128', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  test('a module with a counted loop validates and runs', () => {
    // sum(n) = 0 + 1 + ... + (n - 1), written with forLoop
    const f = new FunctionBuilder([I32], [I32]);
    const i = f.local(I32);
    const acc = f.local(I32);
    f.forLoop(
      i,
      () => f.i32(0),
      () => f.get(0),
      1,
      () => f.get(acc).get(i).add().set(acc),
    );
    f.get(acc);
    const bytes = encodeModule({ sum: f });
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const { sum } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
      .exports as {
      sum: (n: number) => number;
    };
    expect([sum(0), sum(1), sum(10)]).toEqual([0, 0, 45]);
  });
});

describe.runIf(simdGemmEnabled())('SIMD float32 gemm', () => {
  /**
   * float64 reference and the bound of blocked accumulation (256 products in float32, blocks
   * added in float64): (min(k, 256) + 1) · 2^-23 · Σ|a||b| per element.
   */
  /** Layouts: row-major, column-major (a transposed view), or a general stride (packed). */
  type Layout = 'rows' | 'cols' | 'strided';
  const strides = (layout: Layout, rows: number, cols: number) =>
    layout === 'rows' ? [cols, 1] : layout === 'cols' ? [1, rows] : [2 * cols, 2];

  function check(m: number, k: number, n: number, aLayout: Layout, bLayout: Layout, seed: number) {
    const random = rng(seed);
    const a = Float32Array.from({ length: 4 * m * k + 3 }, () => random() * 2 - 1);
    const b = Float32Array.from({ length: 4 * k * n + 5 }, () => random() * 2 - 1);
    const [ars, acs] = strides(aLayout, m, k);
    const [brs, bcs] = strides(bLayout, k, n);
    const A = { data: a, offset: 3, rowStride: ars, colStride: acs };
    const B = { data: b, offset: 5, rowStride: brs, colStride: bcs };
    const out = new Float32Array(m * n + 3).fill(7);
    simdGemm(A, B, out, 2, m, k, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let exact = 0;
        let magnitude = 0;
        for (let p = 0; p < k; p++) {
          const term = a[3 + i * ars + p * acs] * b[5 + p * brs + j * bcs];
          exact += term;
          magnitude += Math.abs(term);
        }
        const bound = (Math.min(k, 256) + 1) * 2 ** -23 * magnitude + 1e-30;
        const got = out[2 + i * n + j];
        if (!(Math.abs(got - exact) <= bound))
          expect(got, `${m}x${k}x${n} (${i}, ${j})`).toBeCloseTo(exact, 12);
      }
    }
    // nothing written outside the m × n block
    expect([out[0], out[1], out[m * n + 2]]).toEqual([7, 7, 7]);
  }

  test('shapes around the 4 × 8 tile and the 256-deep blocks, every layout', () => {
    let seed = 1;
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 5, 7],
      [4, 2, 8],
      [5, 9, 17],
      [65, 16, 65],
      [33, 257, 9],
      [70, 600, 40],
    ]) {
      for (const la of ['rows', 'cols', 'strided'] as const) {
        for (const lb of ['rows', 'cols', 'strided'] as const) check(m, k, n, la, lb, seed++);
      }
    }
  });

  test('k = 0 gives zeros; the kernel can be switched off', () => {
    const out = new Float32Array(6).fill(1);
    const empty = { data: new Float32Array(0), offset: 0, rowStride: 0, colStride: 1 };
    simdGemm(empty, empty, out, 0, 2, 0, 3);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
    setSimdGemm(false);
    try {
      expect(simdGemmEnabled()).toBe(false);
    } finally {
      setSimdGemm(true);
    }
    expect(simdGemmEnabled()).toBe(true);
  });
});
