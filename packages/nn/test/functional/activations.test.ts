/**
 * F.leakyRelu, F.elu, F.softplus, F.silu, F.tanh, F.sigmoid: against naive float64 references
 * and PyTorch 1.13's numbers, with float64 gradchecks and PyTorch's defaults.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, gradgradcheck, tensor } from '@tensorgrad/autograd';
import { F, elu, leakyRelu, sigmoid, silu, softplus, tanh } from '@tensorgrad/nn';
import { expectClose, sample, sigmoid as naiveSigmoid } from '../helpers.js';

const xs = [-3, -1.5, -0.25, 0, 0.5, 2, 25];
const x = tensor(xs, { dtype: 'float64' });

describe('the activation functions against naive references', () => {
  it.each([
    ['leakyRelu default 0.01', (t: Tensor) => leakyRelu(t), (v: number) => (v > 0 ? v : 0.01 * v)],
    ['leakyRelu 0.2', (t: Tensor) => leakyRelu(t, 0.2), (v: number) => (v > 0 ? v : 0.2 * v)],
    ['elu default 1', (t: Tensor) => elu(t), (v: number) => (v > 0 ? v : Math.exp(v) - 1)],
    ['elu 0.7', (t: Tensor) => elu(t, 0.7), (v: number) => (v > 0 ? v : 0.7 * (Math.exp(v) - 1))],
    [
      'softplus defaults (1, 20)',
      (t: Tensor) => softplus(t),
      (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v))),
    ],
    [
      'softplus (2, 4)',
      (t: Tensor) => softplus(t, 2, 4),
      (v: number) => (2 * v > 4 ? v : Math.log1p(Math.exp(2 * v)) / 2),
    ],
    ['silu', (t: Tensor) => silu(t), (v: number) => v * naiveSigmoid(v)],
    ['tanh', (t: Tensor) => tanh(t), Math.tanh],
    ['sigmoid', (t: Tensor) => sigmoid(t), naiveSigmoid],
  ])('%s', (_name, f, naive) => {
    expectClose(f(x), xs.map(naive), 1e-15, 1e-15);
  });
});

describe('against PyTorch', () => {
  it('values (torch 1.13, float64)', () => {
    // x = torch.tensor([-3.0, -1.5, -0.25, 0.0, 0.5, 2.0, 25.0], dtype=torch.float64)
    // F.silu(x)
    expectClose(
      F.silu(x),
      [
        -0.14227761953270035, -0.2736382857095345, -0.10945587477855048, 0, 0.3112296656009273,
        1.7615941559557646, 24.9999999996528,
      ],
      1e-15,
      1e-15,
    );
    // F.softplus(x, 2, 4)
    expectClose(
      F.softplus(x, 2, 4),
      [
        0.0012378425688652247, 0.02429367578687103, 0.23703849209005334, 0.34657359027997264,
        0.6566308437591114, 2.0090749639589047, 25,
      ],
      1e-15,
      1e-15,
    );
    // F.elu(x, 0.7)
    expectClose(
      F.elu(x, 0.7),
      [-0.6651490521424952, -0.5438088878960992, -0.15483945185001657, 0, 0.5, 2, 25],
      1e-15,
      1e-15,
    );
    // torch.sigmoid(x)
    expectClose(
      F.sigmoid(x),
      [
        0.04742587317756678, 0.18242552380635635, 0.43782349911420193, 0.5, 0.6224593312018546,
        0.8807970779778823, 0.999999999986112,
      ],
      1e-15,
      1e-15,
    );
  });

  it('gradients at 0 follow torch: leaky slope, elu alpha, softplus 1/2, silu 1/2', () => {
    const at0 = (f: (t: Tensor) => Tensor): number => {
      const z = tensor([0], { dtype: 'float64', requiresGrad: true });
      f(z).sum().backward();
      return z.grad!.item();
    };
    expect(at0((t) => F.leakyRelu(t, 0.2))).toBe(0.2);
    expect(at0((t) => F.elu(t, 0.7))).toBe(0.7);
    expect(at0((t) => F.softplus(t))).toBe(0.5);
    expect(at0((t) => F.silu(t))).toBe(0.5);
    expect(at0((t) => F.tanh(t))).toBe(1);
    expect(at0((t) => F.sigmoid(t))).toBe(0.25);
  });
});

describe('float64 gradchecks and gradgradchecks', () => {
  it.each([
    ['leakyRelu', (t: Tensor) => F.leakyRelu(t, 0.3)],
    ['elu', (t: Tensor) => F.elu(t, 1.3)],
    ['softplus', (t: Tensor) => F.softplus(t, 1.5, 2)],
    ['silu', (t: Tensor) => F.silu(t)],
    ['tanh', (t: Tensor) => F.tanh(t)],
    ['sigmoid', (t: Tensor) => F.sigmoid(t)],
  ])('%s', (_name, f) => {
    // Offset away from the kinks at 0 (and softplus's jump at βx = threshold, x = 4/3).
    const input = sample([2, 3], 13).mul(2).add(0.05).detach().requiresGrad_();
    const first = gradcheck(f, [input]);
    expect(first.ok, first.message).toBe(true);
    expect(first.checked).toBe(6);
    const second = gradgradcheck(f, [input]);
    expect(second.ok, second.message).toBe(true);
  });
});
