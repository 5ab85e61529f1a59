/**
 * matmul, unfold and fold against the cpu backend. Products accumulate in float32 on the gpu
 * (float64 on cpu): rtol 1e-5, atol 1e-5 per sqrt(k).
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { Conv2dGeometry } from '../../src/backend/backend.js';
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
