/**
 * conv2d, the one users call (nn's `F.conv2d` and `Conv2d` are this function): padding 'same'
 * and groups against numbers from PyTorch 1.13, and every error message, exact text.
 */
import { describe, expect, test } from 'vitest';
import {
  type Conv2dOptions,
  type Tensor,
  arange,
  conv2d,
  tensor,
  zeros,
} from '@tensorgrad/autograd';

/** arange(size) - 2 in float64, as `w` in the PyTorch script below. */
function ramp(shape: number[], offset = 2): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return arange(size, { dtype: 'float64' }).sub(offset).reshape(shape);
}

/** The elements of `t` in order (a missing gradient fails the comparison). */
function values(t: Tensor | null | undefined): number[] | undefined {
  return t?.flatten().toArray() as number[] | undefined;
}

// Expected values from PyTorch 1.13:
//   x = torch.arange(20, dtype=torch.float64).reshape(1, 1, 4, 5)
//   w = lambda *s: (torch.arange(math.prod(s), dtype=torch.float64) - 2).reshape(*s)
//   F.conv2d(x, w(1, 1, 3, 3), padding='same') ...
const SAME: { name: string; kernel: number[]; options: Conv2dOptions; expected: number[] }[] = [
  {
    name: 'odd kernel 3x3 (1 each side)',
    kernel: [1, 1, 3, 3],
    options: { padding: 'same' },
    expected: [
      64, 100, 121, 142, 88, 144, 204, 222, 240, 138, 219, 294, 312, 330, 183, 68, 67, 70, 73, 16,
    ],
  },
  {
    name: 'even kernel 2x4 (rows 0 + 1, columns 1 + 2)',
    kernel: [1, 1, 2, 4],
    options: { padding: 'same' },
    expected: [
      76, 98, 110, 67, 33, 136, 158, 170, 97, 43, 196, 218, 230, 127, 53, 2, -28, -30, -52, -55,
    ],
  },
  {
    name: 'kernel 2x2, dilation [2, 3] (rows 1 + 1, columns 1 + 2)',
    kernel: [1, 1, 2, 2],
    options: { padding: 'same', dilation: [2, 3] },
    expected: [7, 8, 9, 0, 0, 10, 10, 8, -4, -6, 10, 0, -2, -14, -16, -12, -33, -36, -24, -26],
  },
];

describe('conv2d', () => {
  const x = arange(20, { dtype: 'float64' }).reshape([1, 1, 4, 5]);

  test.each(SAME)("padding 'same' matches PyTorch: $name", ({ kernel, options, expected }) => {
    const y = conv2d(x, ramp(kernel), null, options);
    expect(y.shape).toEqual([1, 1, 4, 5]);
    expect(values(y)).toEqual(expected);
  });

  test("padding 'same' carries gradients to the input and the weight", () => {
    const input = x.clone().requiresGrad_();
    const weight = ramp([1, 1, 2, 4]).requiresGrad_();
    conv2d(input, weight, null, { padding: 'same' }).sum().backward();
    // From PyTorch 1.13, as above, after F.conv2d(x, w, padding='same').sum().backward().
    expect(values(weight.grad)).toEqual([144, 190, 160, 126, 138, 180, 150, 117]);
    expect(values(input.grad)).toEqual([
      -3, -3, -2, -2, 0, 2, 6, 12, 12, 12, 2, 6, 12, 12, 12, 2, 6, 12, 12, 12,
    ]);
  });

  test('groups match PyTorch', () => {
    const x4 = arange(36, { dtype: 'float64' }).reshape([1, 4, 3, 3]);
    const bias = tensor([1, 2, 3, 4], { dtype: 'float64' });
    const y = conv2d(x4, ramp([4, 2, 2, 2]), bias, { groups: 2 });
    expect(y.shape).toEqual([1, 4, 2, 2]);
    expect(values(y)).toEqual([
      165, 177, 201, 213, 582, 658, 810, 886, 3519, 3659, 3939, 4079, 5088, 5292, 5700, 5904,
    ]);
  });

  test("depthwise, unbatched, padding 'same' with an even kernel matches PyTorch", () => {
    const x3 = arange(36, { dtype: 'float64' }).reshape([4, 3, 3]);
    const y = conv2d(x3, ramp([4, 1, 2, 2]), null, { groups: 4, padding: 'same' });
    expect(y.shape).toEqual([4, 3, 3]);
    expect(values(y)).toEqual([
      3, 1, -4, -3, -5, -10, -19, -22, -16, 161, 175, 78, 203, 217, 96, 78, 83, 34, 607, 637, 304,
      697, 727, 346, 319, 332, 156, 1341, 1387, 674, 1479, 1525, 740, 704, 725, 350,
    ]);
  });

  test("padding 'valid' is padding 0", () => {
    const w = ramp([1, 1, 3, 2]);
    const valid = conv2d(x, w, null, { padding: 'valid' });
    expect(valid.shape).toEqual([1, 1, 2, 4]);
    expect(valid.toArray()).toEqual(conv2d(x, w, null, { padding: 0 }).toArray());
  });

  const x4 = zeros([1, 3, 4, 4]);
  const w3 = zeros([2, 3, 3, 3]);
  const errors: [string, () => unknown, string][] = [
    [
      'input rank',
      () => conv2d(zeros([3, 4]), w3),
      'conv2d: expected a 3-D (unbatched [c, h, w]) or 4-D (batched [n, c, h, w]) input, got shape [3, 4]',
    ],
    [
      'weight rank',
      () => conv2d(x4, zeros([2, 3, 3])),
      'conv2d: expected a 4-D weight [cOut, cIn / groups, kH, kW], got shape [2, 3, 3]',
    ],
    [
      'groups not a positive integer',
      () => conv2d(x4, w3, null, { groups: 0 }),
      'conv2d: expected groups to be a positive integer, got 0',
    ],
    [
      'groups not dividing the output channels',
      () => conv2d(zeros([1, 2, 4, 4]), zeros([3, 1, 3, 3]), null, { groups: 2 }),
      "conv2d: given groups=2, expected the weight's output channels (dim 0) to be divisible by 2, got weight of shape [3, 1, 3, 3]",
    ],
    [
      'input channels',
      () => conv2d(x4, zeros([2, 2, 3, 3])),
      'conv2d: given groups=1 and weight of shape [2, 2, 3, 3], expected input with 2 channels, got input of shape [1, 3, 4, 4] with 3 channels',
    ],
    [
      'input channels with groups, unbatched',
      () => conv2d(zeros([3, 4, 4]), zeros([4, 1, 3, 3]), null, { groups: 2 }),
      'conv2d: given groups=2 and weight of shape [4, 1, 3, 3], expected input with 2 channels, got input of shape [3, 4, 4] with 3 channels',
    ],
    [
      'bias',
      () => conv2d(x4, w3, zeros([3])),
      'conv2d: given weight of shape [2, 3, 3, 3], expected bias of shape [2], got [3]',
    ],
    [
      'stride 0',
      () => conv2d(x4, w3, null, { stride: 0 }),
      'conv2d: expected stride to be a positive integer or a pair [h, w] of them, got 0',
    ],
    [
      'stride of three values',
      () => conv2d(x4, w3, null, { stride: [1, 2, 3] as unknown as [number, number] }),
      'conv2d: expected stride to be a positive integer or a pair [h, w] of them, got [1, 2, 3]',
    ],
    [
      'dilation 0',
      () => conv2d(x4, w3, null, { dilation: [1, 0] }),
      'conv2d: expected dilation to be a positive integer or a pair [h, w] of them, got [1, 0]',
    ],
    [
      'negative padding',
      () => conv2d(x4, w3, null, { padding: -1 }),
      "conv2d: expected padding to be a non-negative integer, a pair [h, w] of them, 'same' or 'valid', got -1",
    ],
    [
      'unknown padding string',
      () => conv2d(x4, w3, null, { padding: 'full' as 'same' }),
      "conv2d: expected padding to be a non-negative integer, a pair [h, w] of them, 'same' or 'valid', got 'full'",
    ],
    [
      "padding 'same' with a stride",
      () => conv2d(x4, w3, null, { padding: 'same', stride: [1, 2] }),
      "conv2d: padding 'same' is not supported for strided convolutions (expected stride 1, got [1, 2])",
    ],
    [
      'kernel larger than the padded input',
      () => conv2d(x4, zeros([2, 3, 3, 3]), null, { dilation: 2, padding: [1, 0] }),
      'conv2d: input of spatial size [4, 4] (padded [6, 4]) is smaller than the dilated kernel [5, 5]',
    ],
  ];
  test.each(errors)('names the op, what it got and what it expected: %s', (_, run, message) => {
    // An Error instance makes toThrow compare the whole message, not a substring.
    expect(run).toThrow(new Error(message));
  });
});
