import { describe, expect, it } from 'vitest';
import { conv2d, tensor } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, F } from '@tensorgrad/nn';
import type { Conv2dLayerOptions } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { expectClose, gradcheckModule, numbers, sample } from '../helpers.js';

/** Naive float64 convolution with explicit loops (zero padding, stride, dilation, groups). */
function naiveConv2d(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  o: {
    stride: [number, number];
    padding: [number, number];
    dilation: [number, number];
    groups: number;
  },
): { shape: number[]; values: number[] } {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [co, cg, kh, kw] = w.shape as [number, number, number, number];
  const xs = numbers(x);
  const ws = numbers(w);
  const bs = b ? numbers(b) : null;
  const oh = Math.floor((h + 2 * o.padding[0] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * o.padding[1] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1;
  const outPerGroup = co / o.groups;
  const values: number[] = [];
  for (let ni = 0; ni < n; ni++)
    for (let oc = 0; oc < co; oc++) {
      const g = Math.floor(oc / outPerGroup);
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++) {
          let s = bs ? bs[oc]! : 0;
          for (let ic = 0; ic < cg; ic++)
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++) {
                const iy = y * o.stride[0] - o.padding[0] + ky * o.dilation[0];
                const ix = xo * o.stride[1] - o.padding[1] + kx * o.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                const channel = g * cg + ic;
                s +=
                  xs[((ni * c + channel) * h + iy) * wd + ix]! *
                  ws[((oc * cg + ic) * kh + ky) * kw + kx]!;
              }
          values.push(s);
        }
    }
  expect(c).toBe(cg * o.groups);
  return { shape: [n, co, oh, ow], values };
}

const cases: {
  name: string;
  cin: number;
  cout: number;
  k: number | [number, number];
  options: Conv2dLayerOptions;
}[] = [
  { name: 'plain 3×3', cin: 2, cout: 3, k: 3, options: {} },
  { name: 'stride 2, padding 1', cin: 2, cout: 2, k: 3, options: { stride: 2, padding: 1 } },
  {
    name: 'dilation 2, rectangular kernel',
    cin: 1,
    cout: 2,
    k: [2, 3],
    options: { dilation: 2, padding: [1, 2] },
  },
  {
    name: 'groups 2, no bias',
    cin: 4,
    cout: 6,
    k: 3,
    options: { groups: 2, bias: false, padding: 1 },
  },
  { name: 'depthwise', cin: 3, cout: 3, k: 3, options: { groups: 3, padding: 1 } },
  { name: 'stride = kernel (patchify)', cin: 3, cout: 4, k: 2, options: { stride: 2 } },
];

function pairOf(
  v: number | readonly [number, number] | undefined,
  fallback: number,
): [number, number] {
  if (v === undefined) return [fallback, fallback];
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

describe('Conv2d', () => {
  it.each(cases)('matches a naive float64 loop: $name', ({ cin, cout, k, options }) => {
    const conv = new Conv2d(cin, cout, k, {
      ...options,
      dtype: 'float64',
      generator: new Generator(1),
    });
    const x = sample([2, cin, 6, 7], 3);
    const ref = naiveConv2d(x, conv.weight, conv.bias, {
      stride: pairOf(options.stride, 1),
      padding: pairOf(options.padding as number | [number, number] | undefined, 0),
      dilation: pairOf(options.dilation, 1),
      groups: options.groups ?? 1,
    });
    const y = conv.forward(x);
    expect(y.shape).toEqual(ref.shape);
    expectClose(y, ref.values, 1e-12);
  });

  it("pads 'same' like PyTorch, the odd extra row/column at the end", () => {
    const conv = new Conv2d(1, 1, [2, 4], { padding: 'same', dtype: 'float64', bias: false });
    const x = sample([1, 1, 5, 6], 8);
    const y = conv.forward(x);
    expect(y.shape).toEqual([1, 1, 5, 6]);
    // Total padding 1 (rows: 0 before, 1 after) and 3 (columns: 1 before, 2 after).
    const padded = F.pad(x, [1, 2, 0, 1]);
    const ref = naiveConv2d(padded, conv.weight, null, {
      stride: [1, 1],
      padding: [0, 0],
      dilation: [1, 1],
      groups: 1,
    });
    expectClose(y, ref.values, 1e-12);
  });

  it("is autograd's conv2d: F.conv2d is the same function, so one set of checks and errors", () => {
    expect(F.conv2d).toBe(conv2d);
  });

  it('initialises weight and bias from U(±1/√fanIn) with fanIn = inChannels/groups · kH · kW', () => {
    const conv = new Conv2d(8, 16, 3, { groups: 2, generator: new Generator(5) });
    const bound = 1 / Math.sqrt(4 * 9);
    const w = numbers(conv.weight);
    expect(conv.weight.shape).toEqual([16, 4, 3, 3]);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.9 * bound);
    expect(Math.max(...numbers(conv.bias!).map(Math.abs))).toBeLessThanOrEqual(bound);
  });

  it('names the channel mismatch and invalid groups', () => {
    expect(() =>
      new Conv2d(3, 4, 3).forward(tensor(new Array(2 * 4 * 4).fill(0), { shape: [1, 2, 4, 4] })),
    ).toThrow(
      new Error(
        'conv2d: given groups=1 and weight of shape [4, 3, 3, 3], expected input with 3 channels, got input of shape [1, 2, 4, 4] with 2 channels',
      ),
    );
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      /groups=2 must be a positive integer dividing both inChannels=3/,
    );
  });

  it('passes a float64 gradcheck of weight, bias and input (stride, padding, dilation, groups)', () => {
    const conv = new Conv2d(4, 2, 2, {
      stride: [1, 2],
      padding: 1,
      dilation: [2, 1],
      groups: 2,
      dtype: 'float64',
    });
    gradcheckModule(conv, [sample([1, 4, 4, 5], 6, true)], (x) => conv.forward(x));
  });
});
