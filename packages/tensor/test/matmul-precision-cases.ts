/**
 * float32 matmul precision (issue 14), run on the current backend: `matmul-precision.test.ts`
 * runs these on the cpu (SIMD kernel and typed-array kernel), `gpu/matmul-precision.test.ts`
 * on the gpu.
 *
 * Every backend sums at most 256 products in float32 and joins those block sums more
 * precisely (float64 on the cpu, Kahan-compensated float32 on the gpu). A dot product of K
 * products then errs by about 256 · 2⁻²⁴ · Σ|a||b| rather than K · 2⁻²⁴ · Σ|a||b|: the old
 * running float32 sum gave 100958 for 10⁶ · 0.1. The bound checked below allows
 * (min(K, 256) + 8) · 2⁻²³ · Σ|a||b| per element, twice the first-order bound.
 */
import { expect, test } from 'vitest';
import { conv2d, full, ones, tensor, tidy, type DType, type NDArray } from '../src/index.js';

/** Products a backend sums in float32 before joining the more precise total. */
const BLOCK = 256;

import { rng } from './rng.js';

/** `count` float32 values from `draw`, rounded as a float32 tensor stores them. */
function float32Values(count: number, draw: () => number): number[] {
  return Array.from({ length: count }, () => Math.fround(draw()));
}

/** Row-major `[...batch, m, n]` float64 products of element readers, and Σ|a||b| per element. */
function reference(
  batches: number,
  m: number,
  k: number,
  n: number,
  a: (t: number, i: number, p: number) => number,
  b: (t: number, p: number, j: number) => number,
): { exact: number[]; magnitude: number[] } {
  const exact: number[] = [];
  const magnitude: number[] = [];
  for (let t = 0; t < batches; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const term = a(t, i, p) * b(t, p, j);
          sum += term;
          abs += Math.abs(term);
        }
        exact.push(sum);
        magnitude.push(abs);
      }
    }
  }
  return { exact, magnitude };
}

/** Checks `product` (its values read back) against the blocked-accumulation bound. */
function expectWithinBound(
  product: NDArray,
  k: number,
  { exact, magnitude }: { exact: number[]; magnitude: number[] },
  what: string,
): void {
  expect(product.dtype).toBe('float32');
  const got = Array.from(product.data());
  expect(got.length).toBe(exact.length);
  const share = (Math.min(k, BLOCK) + 8) * 2 ** -23;
  got.forEach((value, e) => {
    const bound = share * magnitude[e]! + 1e-30;
    if (!(Math.abs(value - exact[e]!) <= bound)) {
      expect.fail(`${what}: element ${e} is ${value}, float64 gives ${exact[e]} (±${bound})`);
    }
  });
}

/** Relative error of `got` against `want`. */
const relative = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

/** Registers the precision tests for whatever backend is current when they run. */
export function matmulPrecision(): void {
  test.each([1e4, 1e5, 1e6])('a dot product of %i 0.1s is within 1e-5 relative', (k) => {
    const got = tidy(
      () =>
        full([1, k], 0.1)
          .matmul(ones([k, 1]))
          .item() as number,
    );
    expect(relative(got, k * Math.fround(0.1))).toBeLessThan(1e-5);
  });

  test('many rows against a transposed b: every element within 1e-5 relative', () => {
    const k = 1e5;
    const got = tidy(() =>
      Array.from(
        full([20, k], 0.1)
          .matmul(ones([3, k]).mT)
          .data(),
      ),
    );
    expect(got.length).toBe(60);
    for (const value of got) expect(relative(value, k * Math.fround(0.1))).toBeLessThan(1e-5);
  });

  test('conv2d (unfold + matmul) over 10800 products is within 1e-5 relative', () => {
    // 1200 channels x a 3 x 3 window: each output sums 10800 products of 0.1 and 1.
    const got = tidy(() =>
      Array.from(conv2d(full([1, 1200, 3, 3], 0.1), ones([2, 1200, 3, 3])).data()),
    );
    expect(got.length).toBe(2);
    for (const value of got) expect(relative(value, 10800 * Math.fround(0.1))).toBeLessThan(1e-5);
  });

  test('later blocks are not lost against a total above 2^24', () => {
    // 2^24, then eight 1s each in a block of its own: a float32 running total stays at 2^24
    // (2^24 + 1 rounds back to it); the blocked sums give the exact 2^24 + 8.
    const k = 9 * BLOCK;
    const a = new Array<number>(k).fill(0);
    a[0] = 2 ** 24;
    for (let j = 1; j <= 8; j++) a[j * BLOCK] = 1;
    const got = tidy(
      () =>
        tensor([a])
          .matmul(ones([k, 1]))
          .item() as number,
    );
    expect(got).toBe(2 ** 24 + 8);
  });

  test.each([0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK - 1, 2 * BLOCK, 2 * BLOCK + 1])(
    'random products with k = %i (around the block size) match float64',
    (k) => {
      const random = rng(k + 1);
      // 21 rows: the cpu's SIMD kernel packs products with more than 16 rows and k > 256.
      for (const [m, n] of [
        [3, 5],
        [21, 10],
      ] as const) {
        const aHost = float32Values(m * k, () => random() * 4 - 2);
        // b is stored transposed ([n, k] memory, read as [k, n]).
        const bHost = float32Values(n * k, () => random() * 4 - 2);
        const expected = reference(
          1,
          m,
          k,
          n,
          (_t, i, p) => aHost[i * k + p]!,
          (_t, p, j) => bHost[j * k + p]!,
        );
        tidy(() => {
          const a = tensor(aHost).reshape(m, k);
          const b = tensor(bHost).reshape(n, k).mT;
          expectWithinBound(a.matmul(b), k, expected, `${m}x${k}x${n}`);
        });
      }
    },
  );

  test('a product longer than one gpu loop (split into slices there) matches float64', () => {
    // 20000 > 16384, the gpu's longest loop: there the product runs as two slices, added.
    const random = rng(7);
    const [m, k, n] = [3, 20000, 4];
    // a stored transposed ([k, m] memory), b row-major.
    const aHost = float32Values(k * m, random);
    const bHost = float32Values(k * n, random);
    const expected = reference(
      1,
      m,
      k,
      n,
      (_t, i, p) => aHost[p * m + i]!,
      (_t, p, j) => bHost[p * n + j]!,
    );
    tidy(() => {
      const a = tensor(aHost).reshape(k, m).mT;
      const b = tensor(bHost).reshape(k, n);
      expectWithinBound(a.matmul(b), k, expected, 'sliced');
    });
  });

  test('batched, with a transposed a and a stepped b broadcast over the batch', () => {
    const random = rng(11);
    const [batch, m, k, n] = [6, 5, 600, 7];
    // a: [2, 3, k, m] memory read as [2, 3, m, k]; b: every other column of [k, 2n], expanded.
    const aHost = float32Values(batch * k * m, () => random() * 4 - 2);
    const bHost = float32Values(k * 2 * n, () => random() * 4 - 2);
    const expected = reference(
      batch,
      m,
      k,
      n,
      (t, i, p) => aHost[t * k * m + p * m + i]!,
      (_t, p, j) => bHost[p * 2 * n + 2 * j]!,
    );
    tidy(() => {
      const a = tensor(aHost).reshape(2, 3, k, m).mT;
      const b = tensor(bHost)
        .reshape(k, 2 * n)
        .slice(1, 0, 2 * n, 2)
        .expand(2, 3, k, n);
      const product = a.matmul(b);
      expect(product.shape).toEqual([2, 3, m, n]);
      expectWithinBound(product, k, expected, 'batched');
    });
  });

  test('int32 products stay exact across blocks', () => {
    // Values the gpu's float32 storage holds exactly: every partial sum is below 2^24.
    const random = rng(13);
    const [m, k, n] = [4, 3 * BLOCK + 5, 3];
    const aHost = Array.from({ length: m * k }, () => Math.floor(random() * 128) - 64);
    const bHost = Array.from({ length: k * n }, () => Math.floor(random() * 128) - 64);
    const { exact } = reference(
      1,
      m,
      k,
      n,
      (_t, i, p) => aHost[i * k + p]!,
      (_t, p, j) => bHost[p * n + j]!,
    );
    const int32: { dtype: DType } = { dtype: 'int32' };
    const got = tidy(() => {
      const product = tensor(aHost, int32).reshape(m, k).matmul(tensor(bHost, int32).reshape(k, n));
      expect(product.dtype).toBe('int32');
      return Array.from(product.data());
    });
    expect(got).toEqual(exact);
  });

  test('inf and NaN reach the result through the block sums', () => {
    const k = 3 * BLOCK;
    const rows = Array.from({ length: 5 }, () => new Array<number>(k).fill(0.5));
    rows[0]![3] = Infinity; // inf in the first block: inf
    rows[1]![3] = Infinity; // inf and -inf in different blocks: NaN
    rows[1]![2 * BLOCK + 3] = -Infinity;
    rows[2]![BLOCK + 1] = NaN; // NaN
    rows[3]![0] = 3e38; // two finite block sums whose total overflows float32: inf
    rows[3]![BLOCK] = 3e38;
    // row 4 stays finite: 0.5 · k
    const got = tidy(() =>
      Array.from(
        tensor(rows)
          .matmul(ones([k, 1]))
          .data(),
      ),
    );
    expect(got).toEqual([Infinity, NaN, NaN, Infinity, 0.5 * k]);
  });
}
