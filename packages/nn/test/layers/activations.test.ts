import { describe, expect, it } from 'vitest';
import { gradcheck, tensor } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { Dropout, F, GELU, Identity, ReLU, Softmax } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { expectClose, naiveGelu, numbers, sample } from '../helpers.js';

describe('GELU, ReLU, Softmax, Identity', () => {
  const xs = [-3, -1.5, -0.5, 0, 0.25, 1, 2.5];
  const x = tensor(xs, { dtype: 'float64' });

  it('GELU is the exact erf form by default (nn.GELU())', () => {
    expectClose(new GELU().forward(x), xs.map(naiveGelu), 1e-12);
    // The tanh approximation differs by more than 1e-4 at x = -1.5: the parity fixtures can tell.
    const tanhForm = xs.map(
      (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
    );
    expectClose(new GELU({ approximate: 'tanh' }).forward(x), tanhForm, 1e-12);
    expect(Math.abs(tanhForm[1]! - naiveGelu(-1.5))).toBeGreaterThan(1e-4);
  });

  it('ReLU, Softmax and Identity', () => {
    expectClose(
      new ReLU().forward(x),
      xs.map((v) => Math.max(v, 0)),
      0,
    );
    const logits = tensor(
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      { dtype: 'float64' },
    );
    const e = [1, 2, 3].map((v) => Math.exp(v));
    const z = e.reduce((a, b) => a + b, 0);
    expectClose(
      new Softmax(-1).forward(logits),
      [...e.map((v) => v / z), 1 / 3, 1 / 3, 1 / 3],
      1e-15,
    );
    expectClose(
      F.logSoftmax(logits, 1),
      [...e.map((v) => Math.log(v / z)), -Math.log(3), -Math.log(3), -Math.log(3)],
      1e-14,
    );
    expect(new Identity().forward(x)).toBe(x);
  });
});

describe('Dropout', () => {
  it('is the identity in eval mode and for p = 0', () => {
    const x = sample([4, 4]);
    expect(new Dropout(0.5).eval().forward(x)).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('zeroes about p of the elements, scales the rest by 1/(1-p), and is reproducible from a seed', () => {
    const x = tensor(new Array(4000).fill(2), { shape: [40, 100] });
    const y = numbers(new Dropout(0.25, { generator: new Generator(7) }).forward(x));
    const zeros = y.filter((v) => v === 0).length;
    expect(y.every((v) => v === 0 || Math.abs(v - 2 / 0.75) < 1e-6)).toBe(true);
    expect(Math.abs(zeros / 4000 - 0.25)).toBeLessThan(0.03);
    expect(numbers(new Dropout(0.25, { generator: new Generator(7) }).forward(x))).toEqual(y);
    expect(numbers(new Dropout(0.25, { generator: new Generator(8) }).forward(x))).not.toEqual(y);
  });

  it('drops everything at p = 1 and rejects p outside [0, 1]', () => {
    expect(numbers(new Dropout(1).forward(tensor([1, 2])))).toEqual([0, 0]);
    expect(() => new Dropout(1.5)).toThrow('Dropout: p must be in [0, 1], got 1.5');
  });

  it('passes the gradient through the kept elements only, with the same scale', () => {
    const x = tensor([1, 1, 1, 1, 1, 1, 1, 1], { requiresGrad: true });
    const y = F.dropout(x, 0.5, true, { generator: new Generator(3) });
    y.sum().backward();
    expect(numbers(x.grad!)).toEqual(numbers(y));
  });
});

describe('gradients of the parameter-free layers (float64 gradcheck w.r.t. the input)', () => {
  it.each([
    ['GELU exact', (x: Tensor) => new GELU().forward(x)],
    ['GELU tanh', (x: Tensor) => new GELU({ approximate: 'tanh' }).forward(x)],
    ['ReLU', (x: Tensor) => new ReLU().forward(x)],
    ['Softmax', (x: Tensor) => new Softmax(1).forward(x)],
    ['logSoftmax', (x: Tensor) => F.logSoftmax(x, 0)],
    // A fresh generator per call gives the same mask at every evaluation gradcheck makes.
    ['Dropout', (x: Tensor) => new Dropout(0.3, { generator: new Generator(5) }).forward(x)],
    ['layerNorm without affine', (x: Tensor) => F.layerNorm(x, [3])],
  ])('%s', (_, fn) => {
    // Offset away from 0 so that ReLU's kink is not inside a finite-difference step.
    const x = sample([2, 3], 11, true).add(0.05).detach().requiresGrad_();
    const report = gradcheck(fn, [x]);
    expect(report.ok, report.message).toBe(true);
    expect(report.checked).toBe(6);
  });
});
