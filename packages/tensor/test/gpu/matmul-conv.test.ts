/**
 * matmul, unfold and fold against the cpu backend. Products accumulate in float32 on the gpu
 * (float64 on cpu): rtol 1e-5, atol 1e-5 per sqrt(k).
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { BackendData, Conv2dGeometry, View } from '../../src/backend/backend.js';
import { MAX_LOOP } from '../../src/backend/gpu/gpu-runtime.js';
import { cpu, disposePairs, expectSame, gpuUnderTest, randomPair, rng } from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

describe('matmul', () => {
  test.each([
    [[], 3, 4, 5],
    [[2], 1, 7, 3],
    [[2, 3], 4, 2, 5],
    [[3], 5, 1, 1],
  ] as const)('batch %j, m=%i k=%i n=%i on random views', (batch, m, k, n) => {
    const random = rng(m * 100 + k * 10 + n);
    const a = randomPair(gpu, random, [...batch, m, k]);
    const b = randomPair(gpu, random, [...batch, k, n]);
    expectSame(
      gpu,
      gpu.matmul(a.gpu, b.gpu, 'float32'),
      cpu.matmul(a.cpu, b.cpu, 'float32'),
      [...batch, m, n],
      {
        rtol: 1e-5,
        atol: 1e-5,
      },
    );
    disposePairs(gpu, a, b);
  });

  test('int32 matmul is exact', () => {
    const random = rng(1);
    const a = randomPair(gpu, random, [3, 4], 'int32');
    const b = randomPair(gpu, random, [4, 2], 'int32');
    expectSame(gpu, gpu.matmul(a.gpu, b.gpu, 'int32'), cpu.matmul(a.cpu, b.cpu, 'int32'), [3, 2], {
      rtol: 0,
      atol: 0,
    });
    disposePairs(gpu, a, b);
  });

  test('a shared dimension longer than one loop is split and summed', () => {
    const random = rng(3);
    const k = MAX_LOOP + 100;
    const a = randomPair(gpu, random, [2, k], 'float32', 'contiguous');
    const b = randomPair(gpu, random, [k, 1], 'float32', 'contiguous');
    expectSame(
      gpu,
      gpu.matmul(a.gpu, b.gpu, 'float32'),
      cpu.matmul(a.cpu, b.cpu, 'float32'),
      [2, 1],
      {
        rtol: 1e-4,
        atol: 1e-3,
      },
    );
    disposePairs(gpu, a, b);
  });
});

describe('matmul, packed four to a texel (float32 in GL modes)', () => {
  const view = (data: BackendData, shape: number[], strides: number[], offset = 0): View => ({
    data,
    shape,
    strides,
    offset,
  });

  test('K and N that are not multiples of 4 read no padding past the views (Inf there)', () => {
    // a [2, 5] and b [5, 3] are views of larger tensors whose next rows and columns hold
    // Infinity: the packed passes must pad with zeros, never read those, or 0 · Inf = NaN.
    const aData = gpu.upload(
      [...[1, 2, 3, 4, 5, Infinity], ...[6, 7, 8, 9, 10, Infinity]],
      'float32',
    );
    const bRows = [0, 1, 2, 3, 4].map((r) => [r + 1, -r, 0.5 * r, Infinity]);
    const bData = gpu.upload([...bRows.flat(), Infinity, Infinity, Infinity, Infinity], 'float32');
    const out = gpu.matmul(view(aData, [2, 5], [6, 1]), view(bData, [5, 3], [4, 1]), 'float32');
    const got = Array.from(gpu.download(view(out, [2, 3], [3, 1])));
    const want = [0, 1].flatMap((i) =>
      [0, 1, 2].map((j) =>
        [0, 1, 2, 3, 4].reduce((sum, k) => sum + (5 * i + k + 1) * bRows[k]![j]!, 0),
      ),
    );
    expect(got).toEqual(want);
    [aData, bData, out].forEach((d) => gpu.dispose(d));
  });

  test('a broadcast batch dim (stride 0) and a transposed operand', () => {
    const random = rng(11);
    const a = randomPair(gpu, random, [3, 6, 7]);
    const w = randomPair(gpu, random, [5, 7], 'float32', 'contiguous');
    // b [3, 7, 5]: w transposed, the same matrix for every batch element.
    const bt = (x: View): View => ({ ...x, shape: [3, 7, 5], strides: [0, 1, 7] });
    expectSame(
      gpu,
      gpu.matmul(a.gpu, bt(w.gpu), 'float32'),
      cpu.matmul(a.cpu, bt(w.cpu), 'float32'),
      [3, 6, 5],
      { rtol: 1e-5, atol: 1e-5 },
    );
    disposePairs(gpu, a, w);
  });

  test('a shared dimension longer than one loop of packed steps is split and summed', () => {
    const random = rng(5);
    const k = 4 * MAX_LOOP + 36;
    const a = randomPair(gpu, random, [3, k], 'float32', 'contiguous');
    const b = randomPair(gpu, random, [k, 2], 'float32', 'contiguous');
    expectSame(
      gpu,
      gpu.matmul(a.gpu, b.gpu, 'float32'),
      cpu.matmul(a.cpu, b.cpu, 'float32'),
      [3, 2],
      {
        rtol: 1e-4,
        atol: 1e-3,
      },
    );
    disposePairs(gpu, a, b);
  });
});

function geometry(
  n: number,
  c: number,
  h: number,
  w: number,
  kh: number,
  kw: number,
  stride: [number, number],
  pad: [number, number],
  dilation: [number, number],
): Conv2dGeometry {
  const outH = Math.floor((h + 2 * pad[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const outW = Math.floor((w + 2 * pad[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  return {
    n,
    c,
    h,
    w,
    kernelH: kh,
    kernelW: kw,
    strideH: stride[0],
    strideW: stride[1],
    padH: pad[0],
    padW: pad[1],
    dilationH: dilation[0],
    dilationW: dilation[1],
    outH,
    outW,
  };
}

const GEOMETRIES: Conv2dGeometry[] = [
  geometry(1, 1, 4, 4, 3, 3, [1, 1], [0, 0], [1, 1]),
  geometry(2, 3, 5, 6, 3, 2, [2, 1], [1, 0], [1, 1]),
  geometry(1, 2, 7, 7, 3, 3, [2, 3], [1, 2], [2, 1]),
  // padding 'same' with odd totals (kernel 2 x 4): rows 0 + 1, columns 1 + 2.
  { ...geometry(2, 2, 5, 6, 2, 4, [1, 1], [0, 1], [1, 1]), outH: 5, outW: 6 },
];

describe('unfold / fold', () => {
  test.each(GEOMETRIES.map((g, i) => [i, g] as const))(
    'unfold geometry %i on a random view',
    (_, g) => {
      const random = rng(g.h * 17 + g.w);
      const x = randomPair(gpu, random, [g.n, g.c, g.h, g.w]);
      const shape = [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW];
      expectSame(gpu, gpu.unfold(x.gpu, g), cpu.unfold(x.cpu, g), shape, { rtol: 0, atol: 0 });
      disposePairs(gpu, x);
    },
  );

  test.each(GEOMETRIES.map((g, i) => [i, g] as const))(
    'fold geometry %i on a random view',
    (_, g) => {
      const random = rng(g.h * 13 + g.w);
      const cols = randomPair(gpu, random, [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW]);
      expectSame(gpu, gpu.fold(cols.gpu, g), cpu.fold(cols.cpu, g), [g.n, g.c, g.h, g.w], {
        rtol: 1e-5,
        atol: 1e-6,
      });
      disposePairs(gpu, cols);
    },
  );
});
