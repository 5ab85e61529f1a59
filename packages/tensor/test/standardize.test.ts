/**
 * `standardize` (layer norm's normalizing half) against a naive float64 reference: the cpu's
 * fused kernel and the composite path other backends take agree, over strided views, several
 * trailing dims, NaN and ±Infinity rows, constant rows and empty shapes.
 */
import { afterAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

/** Naive reference: per block of the last `dims` dims, (x - mean) / sqrt(var + eps), in doubles. */
function reference(values: readonly number[], shape: readonly number[], dims: number, eps: number) {
  const size = shape.slice(shape.length - dims).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let start = 0; start < values.length; start += size) {
    const row = values.slice(start, start + size);
    const mean = row.reduce((a, b) => a + b, 0) / size;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / size;
    for (const v of row) out.push((v - mean) / Math.sqrt(variance + eps));
  }
  return out;
}

const flat = (t: T.NDArray): number[] => Array.from(t.contiguous().data());

/** Values equal within `rtol` (NaN equals NaN). */
function expectValues(got: readonly number[], want: readonly number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (Number.isNaN(w)) expect(g).toBeNaN();
    else expect(Math.abs(g - w)).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(w)));
  });
}

/** The composite path, as a backend without the fused primitive computes it. */
function composite(x: T.NDArray, dims: number, eps: number): T.NDArray {
  const axes = Array.from({ length: dims }, (_, i) => x.ndim - dims + i);
  const centered = x.sub(x.mean(axes, true));
  return centered.mul(centered.square().mean(axes, true).add(eps).rsqrt());
}

afterAll(() => T.setBackend('cpu'));

describe('standardize', () => {
  const g = new T.Generator(7);
  const cases: { name: string; make: () => T.NDArray; dims: number; eps: number }[] = [
    { name: 'last dim', make: () => T.randn([4, 7], { generator: g }), dims: 1, eps: 1e-5 },
    { name: 'last two dims', make: () => T.randn([2, 3, 5], { generator: g }), dims: 2, eps: 0.1 },
    { name: 'all dims', make: () => T.randn([3, 4], { generator: g }), dims: 2, eps: 1e-5 },
    {
      name: 'a transposed view',
      make: () => T.randn([6, 5], { generator: g }).transpose(0, 1),
      dims: 1,
      eps: 1e-5,
    },
    {
      name: 'float64, a large mean next to a small spread',
      make: () => T.randn([3, 8], { generator: g, dtype: 'float64' }).mul(1e-3).add(1e4),
      dims: 1,
      eps: 0,
    },
    {
      name: 'rows of one element',
      make: () => T.randn([5, 1], { generator: g }),
      dims: 1,
      eps: 1e-5,
    },
  ];

  test.each(cases)(
    '$name: matches the float64 reference and the composite',
    ({ make, dims, eps }) => {
      const x = make();
      const want = reference(flat(x), x.shape, dims, eps);
      const rtol = x.dtype === 'float64' ? 1e-9 : 2e-6;
      const y = T.standardize(x, dims, eps);
      expect(y.shape).toEqual(x.shape);
      expect(y.dtype).toBe(x.dtype);
      expectValues(flat(y), want, rtol);
      expectValues(flat(composite(x, dims, eps)), want, x.dtype === 'float64' ? 1e-6 : 1e-5);
    },
  );

  test('NaN and ±Infinity spread over their row only; a constant row with eps 0 is NaN', () => {
    const x = T.tensor([
      [1, NaN, 3],
      [1, Infinity, 3],
      [2, 2, 2],
      [1, 2, 3],
    ]);
    const y = T.standardize(x, 1, 0).toArray() as number[][];
    expect(y[0]!.every(Number.isNaN)).toBe(true);
    expect(y[1]!.every(Number.isNaN)).toBe(true);
    expect(y[2]!.every(Number.isNaN)).toBe(true); // 0 / sqrt(0), as torch's layer_norm with eps 0
    expectValues(y[3]!, reference([1, 2, 3], [3], 1, 0), 1e-6);
  });

  test('empty shapes give empty results of the same shape', () => {
    expect(T.standardize(T.zeros([0, 4]), 1, 1e-5).shape).toEqual([0, 4]);
    expect(T.standardize(T.zeros([3, 0]), 1, 1e-5).shape).toEqual([3, 0]);
  });

  test('bad arguments are refused, naming the op', () => {
    const x = T.randn([2, 3], { generator: g });
    expect(() => T.standardize(x, 0, 1e-5)).toThrow(
      /standardize: dims must be an integer from 1 to the rank 2/,
    );
    expect(() => T.standardize(x, 3, 1e-5)).toThrow(/standardize: dims/);
    expect(() => T.standardize(x, 1, -1)).toThrow(/standardize: eps must be a number >= 0, got -1/);
    expect(() => T.standardize(T.tensor([1, 2], { dtype: 'int32' }), 1, 0)).toThrow(
      /standardize: expected a float tensor, got int32/,
    );
  });

  const gpu = T.gpuAvailability();
  test.skipIf(!gpu.available)('the gpu backend gives the cpu answer', () => {
    const values = T.randn([4, 3, 6], { generator: g });
    const want = flat(T.standardize(values, 2, 1e-5));
    T.setBackend('gpu');
    try {
      const onGpu = T.tensor(Array.from(values.data()), { shape: [4, 3, 6] });
      expectValues(flat(T.standardize(onGpu, 2, 1e-5)), want, 1e-5);
    } finally {
      T.setBackend('cpu');
    }
  });
});
