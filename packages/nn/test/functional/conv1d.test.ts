/**
 * F.conv1d (run as conv2d on a height-1 image): against a naive loop, against PyTorch 1.13's
 * numbers (the snippet beside them), float64 gradchecks of input, weight and bias, padding
 * modes, unbatched and size-0 inputs, and its error messages.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, gradgradcheck, tensor, zeros } from '@tensorgrad/autograd';
import { type Conv1dOptions, F, conv1d } from '@tensorgrad/nn';
import { expectClose, numbers, sample } from '../helpers.js';

interface Geometry {
  stride: number;
  padLeft: number;
  padRight: number;
  dilation: number;
  groups: number;
}

/** Naive float64 1-D cross-correlation with explicit loops over [n, c, length]. */
function naiveConv1d(
  x: Tensor,
  w: Tensor,
  b: Tensor | null,
  g: Geometry,
): { shape: number[]; values: number[] } {
  const [n, c, length] = x.shape as [number, number, number];
  const [co, cg, k] = w.shape as [number, number, number];
  const xs = numbers(x);
  const ws = numbers(w);
  const bs = b ? numbers(b) : null;
  const out =
    Math.floor((length + g.padLeft + g.padRight - g.dilation * (k - 1) - 1) / g.stride) + 1;
  const perGroup = co / g.groups;
  const values: number[] = [];
  for (let ni = 0; ni < n; ni++)
    for (let oc = 0; oc < co; oc++) {
      const group = Math.floor(oc / perGroup);
      for (let o = 0; o < out; o++) {
        let s = bs ? bs[oc]! : 0;
        for (let ic = 0; ic < cg; ic++)
          for (let j = 0; j < k; j++) {
            const at = o * g.stride - g.padLeft + j * g.dilation;
            if (at < 0 || at >= length) continue;
            s += xs[(ni * c + group * cg + ic) * length + at]! * ws[(oc * cg + ic) * k + j]!;
          }
        values.push(s);
      }
    }
  return { shape: [n, co, out], values };
}

const cases: {
  name: string;
  c: number;
  co: number;
  k: number;
  length: number;
  options: Conv1dOptions;
  g: Geometry;
}[] = [
  {
    name: 'defaults',
    c: 3,
    co: 4,
    k: 3,
    length: 9,
    options: {},
    g: { stride: 1, padLeft: 0, padRight: 0, dilation: 1, groups: 1 },
  },
  {
    name: 'stride 2, padding 2',
    c: 2,
    co: 3,
    k: 4,
    length: 10,
    options: { stride: 2, padding: 2 },
    g: { stride: 2, padLeft: 2, padRight: 2, dilation: 1, groups: 1 },
  },
  {
    name: "'same' with an even kernel (the extra zero at the end), dilation 1",
    c: 2,
    co: 2,
    k: 4,
    length: 7,
    options: { padding: 'same' },
    g: { stride: 1, padLeft: 1, padRight: 2, dilation: 1, groups: 1 },
  },
  {
    name: "'same' with dilation 3",
    c: 2,
    co: 2,
    k: 3,
    length: 8,
    options: { padding: 'same', dilation: 3 },
    g: { stride: 1, padLeft: 3, padRight: 3, dilation: 3, groups: 1 },
  },
  {
    name: "'valid', stride given as PyTorch's 1-tuple",
    c: 2,
    co: 2,
    k: 2,
    length: 7,
    options: { padding: 'valid', stride: [3] },
    g: { stride: 3, padLeft: 0, padRight: 0, dilation: 1, groups: 1 },
  },
  {
    name: 'groups 2, dilation 2, padding [1]',
    c: 4,
    co: 6,
    k: 3,
    length: 9,
    options: { groups: 2, dilation: 2, padding: [1] },
    g: { stride: 1, padLeft: 1, padRight: 1, dilation: 2, groups: 2 },
  },
  {
    name: 'depthwise (groups = channels)',
    c: 3,
    co: 3,
    k: 2,
    length: 5,
    options: { groups: 3 },
    g: { stride: 1, padLeft: 0, padRight: 0, dilation: 1, groups: 3 },
  },
];

describe('conv1d against a naive loop', () => {
  it.each(cases)('$name', ({ c, co, k, length, options, g }) => {
    const x = sample([2, c, length], 1);
    const w = sample([co, c / g.groups, k], 2);
    const b = sample([co], 3);
    for (const bias of [b, null]) {
      const expected = naiveConv1d(x, w, bias, g);
      const y = conv1d(x, w, bias, options);
      expect(y.shape).toEqual(expected.shape);
      expectClose(y, expected.values, 1e-14);
    }
  });

  it('accepts an unbatched [c, length] input', () => {
    const x = sample([3, 8], 4);
    const w = sample([2, 3, 3], 5);
    const batched = conv1d(x.unsqueeze(0), w, null, { padding: 1 });
    const unbatched = conv1d(x, w, null, { padding: 1 });
    expect(unbatched.shape).toEqual([2, 8]);
    expect(numbers(unbatched)).toEqual(numbers(batched));
  });

  it('keeps a size-0 batch', () => {
    const y = conv1d(zeros([0, 3, 8]), zeros([2, 3, 3]), zeros([2]));
    expect(y.shape).toEqual([0, 2, 6]);
  });

  it('propagates NaN only to the outputs whose window holds it', () => {
    const x = tensor([[[1, NaN, 1, 1, 1]]]);
    expect(numbers(conv1d(x, tensor([[[1, 1]]])))).toEqual([NaN, NaN, 2, 2]);
  });
});

describe('conv1d against PyTorch', () => {
  // x = torch.tensor([math.sin(0.7 * i) for i in range(56)], dtype=torch.float64).reshape(2, 4, 7)
  const x = tensor(
    Array.from({ length: 56 }, (_, i) => Math.sin(0.7 * i)),
    { dtype: 'float64', shape: [2, 4, 7] },
  );
  const cosines = (n: number, shape: number[]) =>
    tensor(
      Array.from({ length: n }, (_, j) => Math.cos(0.3 * j)),
      { dtype: 'float64', shape },
    );

  it('stride 2, padding 1, groups 2, with bias', () => {
    // w = cos(0.3 j) for j < 36, reshaped [6, 2, 3]; bias = [0.1, -0.2, 0.3, 0.0, 0.5, -0.4]
    // F.conv1d(x, w, bias, stride=2, padding=1, groups=2)
    const y = conv1d(
      x,
      cosines(36, [6, 2, 3]),
      tensor([0.1, -0.2, 0.3, 0, 0.5, -0.4], { dtype: 'float64' }),
      {
        stride: 2,
        padding: 1,
        groups: 2,
      },
    );
    expect(y.shape).toEqual([2, 6, 4]);
    expectClose(
      y.select(0, 0).select(0, 0),
      [0.23104244297244889, 2.0582556119254947, 1.8206336553554117, -0.4365763999351587],
      1e-14,
    );
    expectClose(
      y.select(0, 1).select(0, 5),
      [1.4701219980258755, 2.460806341704051, -0.9467161050836522, -2.7214958996974175],
      1e-14,
    );
  });

  it("'same' with dilation 2 and an even kernel, and the gradients of sum(y)", () => {
    // w1 = cos(0.3 j) for j < 24, reshaped [3, 4, 2]
    // y = F.conv1d(x, w1, None, padding='same', dilation=2); y.sum().backward()
    const input = x.detach().requiresGrad_();
    const weight = cosines(24, [3, 4, 2]).requiresGrad_();
    const y = conv1d(input, weight, null, { padding: 'same', dilation: 2 });
    expect(y.shape).toEqual([2, 3, 7]);
    expectClose(
      y.select(0, 0).select(0, 0),
      [
        0.007787690805012737, -0.060294389561606515, 1.3729814371056193, 2.160522640475331,
        1.9319362869320016, 0.7947301103073601, 0.7345907673034417,
      ],
      1e-14,
    );
    y.sum().backward();
    expectClose(
      input.grad!.select(0, 0).select(0, 0),
      [
        0.35010526789820096, 0.7793473577197262, 0.7793473577197262, 0.7793473577197262,
        0.7793473577197262, 0.7793473577197262, 0.42924208982152523,
      ],
      1e-14,
    );
    expectClose(
      weight.grad!.select(0, 0),
      [
        3.982776971168021, 1.4574391329424365, 3.165742064365446, 4.645723019963715,
        -2.801876864357001, 0.27553048332642704, -4.210911449968481, -4.542943333376996,
      ],
      1e-13,
    );
  });
});

describe('conv1d gradients (float64)', () => {
  it.each([
    ['stride 2, padding 1', { stride: 2, padding: 1 }, 4, 1],
    ["'same', dilation 2", { padding: 'same', dilation: 2 }, 2, 1],
    ['groups 2', { groups: 2 }, 4, 2],
  ] as [string, Conv1dOptions, number, number][])(
    '%s: gradcheck and gradgradcheck of input, weight, bias',
    (_name, options, c, groups) => {
      const x = sample([2, c, 6], 7, true);
      const w = sample([2, c / groups, 3], 8, true);
      const b = sample([2], 9, true);
      const f = (xi: Tensor, wi: Tensor, bi: Tensor) => conv1d(xi, wi, bi, options);
      const first = gradcheck(f, [x, w, b]);
      expect(first.ok, first.message).toBe(true);
      expect(first.checked).toBe(x.size + w.size + b.size);
      const second = gradgradcheck(f, [x, w, b]);
      expect(second.ok, second.message).toBe(true);
    },
  );
});

describe('conv1d errors', () => {
  const x = zeros([2, 4, 10]);
  const w = zeros([6, 4, 3]);

  it('names wrong ranks in 1-D terms', () => {
    expect(() => conv1d(zeros([2, 4, 10, 1]), w)).toThrow(
      'conv1d: expected a 2-D (unbatched [c, length]) or 3-D (batched [n, c, length]) input, got shape [2, 4, 10, 1]',
    );
    expect(() => conv1d(x, zeros([6, 4, 3, 3]))).toThrow(
      'conv1d: expected a 3-D weight [cOut, cIn / groups, k], got shape [6, 4, 3, 3]',
    );
  });

  it('checks stride, padding and dilation', () => {
    expect(() => conv1d(x, w, null, { stride: 0 })).toThrow(
      'conv1d: expected stride to be a positive integer or [stride], got 0',
    );
    expect(() => conv1d(x, w, null, { dilation: [1, 2] as unknown as [number] })).toThrow(
      'conv1d: expected dilation to be a positive integer or [dilation], got [1,2]',
    );
    expect(() => conv1d(x, w, null, { padding: 'full' as 'same' })).toThrow(
      "conv1d: expected padding to be a non-negative integer, [padding], 'same' or 'valid', got 'full'",
    );
  });

  it("reports conv2d's checks under conv1d's name, saying how the shapes were formed", () => {
    const how =
      '(conv1d runs as conv2d on the input as [n, c, 1, length] and the weight as [cOut, cIn / groups, 1, k])';
    expect(() => conv1d(zeros([2, 5, 10]), w)).toThrow(
      `conv1d: given groups=1 and weight of shape [6, 4, 1, 3], expected input with 4 channels, got input of shape [2, 5, 1, 10] with 5 channels ${how}`,
    );
    expect(() => conv1d(x, w, zeros([5]))).toThrow(
      `conv1d: given weight of shape [6, 4, 1, 3], expected bias of shape [6], got [5] ${how}`,
    );
    expect(() => conv1d(x, w, null, { padding: 'same', stride: 2 })).toThrow(
      `conv1d: padding 'same' is not supported for strided convolutions (expected stride 1, got [1, 2]) ${how}`,
    );
    expect(() => conv1d(zeros([2, 4, 2]), w)).toThrow(/^conv1d: input of spatial size \[1, 2\]/);
  });

  it('is F.conv1d', () => {
    expect(F.conv1d).toBe(conv1d);
  });
});
