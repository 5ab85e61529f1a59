import { afterAll, describe, expect, test } from 'vitest';
import type { Conv2dGeometry } from '../../src/backend/backend.js';
import {
  cpu,
  expectClose,
  LAYOUTS,
  read,
  release,
  rng,
  sample,
  sizeOf,
  take,
  unravel,
} from './helpers.js';

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

/** Geometry with PyTorch's output size rule. */
function geometry(
  n: number,
  c: number,
  h: number,
  w: number,
  [kernelH, kernelW]: [number, number],
  [strideH, strideW]: [number, number] = [1, 1],
  [padH, padW]: [number, number] = [0, 0],
  [dilationH, dilationW]: [number, number] = [1, 1],
): Conv2dGeometry {
  const outH = Math.floor((h + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outW = Math.floor((w + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  return {
    n,
    c,
    h,
    w,
    kernelH,
    kernelW,
    strideH,
    strideW,
    padH,
    padW,
    dilationH,
    dilationW,
    outH,
    outW,
  };
}

const GEOMETRIES: Conv2dGeometry[] = [
  geometry(2, 3, 5, 6, [3, 3]),
  geometry(1, 2, 7, 5, [3, 2], [2, 1], [1, 2]),
  geometry(2, 1, 6, 6, [2, 3], [1, 2], [2, 1], [2, 2]),
  geometry(1, 4, 3, 3, [1, 1]),
  geometry(1, 1, 4, 4, [4, 4], [1, 1], [3, 3]),
  geometry(3, 2, 1, 1, [1, 1], [2, 2]),
  geometry(0, 2, 4, 4, [3, 3]),
  geometry(1, 1, 2, 9, [3, 3], [3, 3], [1, 1]),
  // padding 'same' with odd totals: the geometry holds the padding before (top/left), and the
  // extra row/column after comes from outH/outW alone (kernel 2 x 4: rows 0 + 1, columns 1 + 2).
  { ...geometry(2, 2, 5, 6, [2, 4]), padH: 0, padW: 1, outH: 5, outW: 6 },
  // ... and with dilation [2, 3] on a 2 x 2 kernel: rows 1 + 1, columns 1 + 2.
  { ...geometry(1, 2, 4, 5, [2, 2], [1, 1], [1, 1], [2, 3]), outH: 4, outW: 5 },
];

/** (row, column) of cols and the input element it reads, or null inside the padding. */
function source(g: Conv2dGeometry, b: number, row: number, col: number): number[] | null {
  const ci = Math.floor(row / (g.kernelH * g.kernelW));
  const ki = Math.floor(row / g.kernelW) % g.kernelH;
  const kj = row % g.kernelW;
  const oh = Math.floor(col / g.outW);
  const ow = col % g.outW;
  const ih = oh * g.strideH - g.padH + ki * g.dilationH;
  const iw = ow * g.strideW - g.padW + kj * g.dilationW;
  if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) return null;
  return [b, ci, ih, iw];
}

function colsShape(g: Conv2dGeometry): number[] {
  return [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW];
}

describe('unfold', () => {
  test('matches the im2col formula for every geometry and layout', () => {
    const random = rng(41);
    for (const g of GEOMETRIES) {
      for (const layout of LAYOUTS) {
        const x = sample([g.n, g.c, g.h, g.w], 'float64', layout, random);
        const shape = colsShape(g);
        const expected: number[] = [];
        for (let i = 0; i < sizeOf(shape); i++) {
          const [b, row, col] = unravel(i, shape);
          const at = source(g, b, row, col);
          expected.push(at === null ? 0 : read(x, at));
        }
        expectClose(
          take(cpu.unfold(x.view, g), shape),
          expected,
          0,
          `${JSON.stringify(g)} ${layout}`,
        );
        release(x);
      }
    }
  });

  test('a shape that disagrees with the geometry is an error', () => {
    const g = geometry(1, 1, 3, 3, [2, 2]);
    const x = sample([1, 1, 3, 4], 'float32', 'contiguous', rng(1));
    expect(() => cpu.unfold(x.view, g)).toThrow(
      'unfold: x has shape [1, 1, 3, 4], the geometry expects [1, 1, 3, 3]',
    );
    release(x);
  });
});

describe('fold', () => {
  test('sums every column back to its source pixel, for every geometry and layout', () => {
    const random = rng(43);
    for (const g of GEOMETRIES) {
      for (const layout of LAYOUTS) {
        const shape = colsShape(g);
        const cols = sample(shape, 'float64', layout, random);
        const imageShape = [g.n, g.c, g.h, g.w];
        const expected = new Array<number>(sizeOf(imageShape)).fill(0);
        for (let i = 0; i < sizeOf(shape); i++) {
          const index = unravel(i, shape);
          const at = source(g, index[0], index[1], index[2]);
          if (at === null) continue;
          const flat = at.reduce((acc, v, d) => acc * imageShape[d] + v, 0);
          expected[flat] += read(cols, index);
        }
        expectClose(
          take(cpu.fold(cols.view, g), imageShape),
          expected,
          1e-14,
          `${JSON.stringify(g)} ${layout}`,
        );
        release(cols);
      }
    }
  });

  test('is the adjoint of unfold: <unfold(x), c> = <x, fold(c)> in float32', () => {
    const random = rng(47);
    const g = geometry(2, 3, 6, 5, [3, 2], [2, 1], [1, 1], [1, 2]);
    const x = sample([g.n, g.c, g.h, g.w], 'float32', 'contiguous', random);
    const c = sample(colsShape(g), 'float32', 'contiguous', random);
    const ux = take(cpu.unfold(x.view, g), colsShape(g));
    const fc = take(cpu.fold(c.view, g), [g.n, g.c, g.h, g.w]);
    const left = ux.reduce((acc, v, i) => acc + v * c.host[i], 0);
    const right = fc.reduce((acc, v, i) => acc + v * x.host[i], 0);
    expect(Math.abs(left - right)).toBeLessThan(1e-4 * Math.max(1, Math.abs(left)));
    release(x, c);
  });
});
