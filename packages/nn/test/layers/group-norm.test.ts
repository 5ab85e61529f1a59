/** F.groupNorm and GroupNorm against a naive loop and PyTorch 1.13, gradients and errors. */
import { describe, expect, it } from 'vitest';
import { type Tensor, arange, gradcheck, gradgradcheck, tensor, zeros } from '@tensorgrad/autograd';
import { F, GroupNorm } from '@tensorgrad/nn';
import { expectClose, gradcheckModule, numbers, sample } from '../helpers.js';

/** `((i · 7) % 11) + i / 100 − 5` in float64, as `ramp` in the PyTorch script below. */
function ramp(shape: number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const i = arange(size, { dtype: 'float64' });
  return i.mul(7).mod(11).add(i.div(100)).sub(5).reshape(shape);
}

/** Naive group norm of x [n, c, s]: each sample's run of c / g channels normalised together. */
function naiveGroupNorm(
  x: number[],
  [n, c, s]: [number, number, number],
  groups: number,
  weight: number[],
  bias: number[],
  eps: number,
): number[] {
  const y = new Array<number>(x.length);
  const size = (c / groups) * s;
  for (let start = 0; start < n * c * s; start += size) {
    const group = x.slice(start, start + size);
    const mean = group.reduce((a, v) => a + v, 0) / size;
    const variance = group.reduce((a, v) => a + (v - mean) ** 2, 0) / size;
    group.forEach((v, k) => {
      const channel = Math.floor((start + k) / s) % c;
      y[start + k] = ((v - mean) / Math.sqrt(variance + eps)) * weight[channel]! + bias[channel]!;
    });
  }
  return y;
}

describe('GroupNorm', () => {
  it('starts from weight 1, bias 0; its state dict is weight and bias', () => {
    const norm = new GroupNorm(2, 4);
    expect(Object.keys(norm.stateDict())).toEqual(['weight', 'bias']);
    expect(numbers(norm.weight!)).toEqual([1, 1, 1, 1]);
    expect(numbers(norm.bias!)).toEqual([0, 0, 0, 0]);
    expect(norm.eps).toBe(1e-5);
    expect(new GroupNorm(2, 4, { affine: false }).parameters()).toHaveLength(0);
  });

  // PyTorch 1.13 (float64): gn = nn.GroupNorm(2, 4)
  //   gn.weight[:] = [1.5, -0.5, 2, 1]; gn.bias[:] = [0.1, 0.2, -0.3, 0]; gn(ramp(2, 4, 3))
  it('matches PyTorch', () => {
    const norm = new GroupNorm(2, 4, { dtype: 'float64' });
    norm.weight!.assign(tensor([1.5, -0.5, 2, 1], { dtype: 'float64' }));
    norm.bias!.assign(tensor([0.1, 0.2, -0.3, 0], { dtype: 'float64' }));
    expectClose(
      norm.forward(ramp([2, 4, 3])),
      [
        -1.9985635492410048, 1.1369811356995516, -0.647729747740223, -0.5959383124001112,
        -0.0010346845868529795, 0.5938689432264054, 2.4172868462014585, -0.005500755216154458,
        -2.4282883566337676, 1.064144178316884, -0.1472496223919226, -1.358643423100729,
        0.5164350122196694, -1.539122553252266, 2.0722705630280016, 0.22776233414797797,
        0.9129481893052898, -0.2908495161214659, 0.25524668295955916, -2.485496737669688,
        2.3296940840373352, -0.055524668295955926, -1.4258963786105796, 0.9816990322429323,
      ],
      1e-12,
    );
  });

  it.each([
    { shape: [3, 6, 2, 2], groups: 3 },
    { shape: [2, 4], groups: 2 }, // no spatial dims
    { shape: [2, 6, 5], groups: 6 }, // one channel per group
    { shape: [1, 4, 1, 1], groups: 1 }, // size-1 spatial dims
  ])('matches the naive loop: $shape in $groups groups', ({ shape, groups }) => {
    const c = shape[1]!;
    const s = shape.slice(2).reduce((a, b) => a * b, 1);
    const weight = numbers(sample([c], 2));
    const bias = numbers(sample([c], 3));
    const x = sample(shape, 4).mul(3);
    const y = F.groupNorm(x, groups, {
      weight: tensor(weight, { dtype: 'float64' }),
      bias: tensor(bias, { dtype: 'float64' }),
      eps: 1e-4,
    });
    expectClose(
      y,
      naiveGroupNorm(numbers(x), [shape[0]!, c, s], groups, weight, bias, 1e-4),
      1e-12,
    );
  });

  it('is the same in training and evaluation; takes non-contiguous inputs and an empty batch', () => {
    const norm = new GroupNorm(2, 4, { dtype: 'float64' });
    const view = sample([2, 3, 4], 5).transpose(1, 2);
    expect(view.isContiguous()).toBe(false);
    const train = numbers(norm.forward(view));
    expectClose(norm.eval().forward(view.contiguous()), train, 1e-14);
    expect(norm.forward(zeros([0, 4, 3], { dtype: 'float64' })).shape).toEqual([0, 4, 3]);
  });

  it('passes gradcheck (module) and gradcheck + gradgradcheck (functional)', () => {
    const norm = new GroupNorm(2, 4, { dtype: 'float64' });
    norm.weight!.assign(sample([4], 6));
    norm.bias!.assign(sample([4], 7));
    gradcheckModule(norm, [sample([2, 4, 3], 8, true)], (x) => norm.forward(x));
    const fn = (x: Tensor, w: Tensor, b: Tensor): Tensor =>
      F.groupNorm(x, 2, { weight: w, bias: b });
    for (const check of [gradcheck, gradgradcheck]) {
      const report = check(fn, [
        sample([2, 4, 2], 9, true),
        sample([4], 10, true),
        sample([4], 11, true),
      ]);
      expect(report.ok, report.message).toBe(true);
    }
  });

  it('rejects what PyTorch rejects, with messages naming what was expected', () => {
    expect(() => new GroupNorm(4, 6)).toThrow(
      'GroupNorm: expected numChannels to be divisible by numGroups (both positive integers), got numGroups=4 and numChannels=6',
    );
    expect(() => F.groupNorm(zeros([2, 6, 4]), 4)).toThrow(
      "groupNorm: expected numGroups to be a positive integer dividing the input's channels (dim 1), got numGroups=4 and input of shape [2, 6, 4]",
    );
    expect(() => F.groupNorm(zeros([6]), 3)).toThrow(
      'groupNorm: expected an input of shape [n, c, ...] (at least 2-D), got shape [6]',
    );
    expect(() => F.groupNorm(zeros([2, 6, 4]), 3, { weight: zeros([5]) })).toThrow(
      'groupNorm: weight has shape [5]; expected [6], one value per channel (dim 1) of the input of shape [2, 6, 4]',
    );
    expect(() => new GroupNorm(2, 4, { afine: false } as never)).toThrow(
      'GroupNorm: unknown option `afine`; did you mean `affine`?',
    );
  });
});
