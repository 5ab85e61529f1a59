/**
 * The activation modules LeakyReLU, ELU, Softplus, SiLU, Tanh, Sigmoid, LogSoftmax: PyTorch's
 * defaults, the same numbers as their functions (checked against naive references and torch
 * there), no state, gradients, and errors.
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, gradcheck, tensor } from '@tensorgrad/autograd';
import {
  ELU,
  F,
  LeakyReLU,
  LogSoftmax,
  type Module,
  Sequential,
  SiLU,
  Sigmoid,
  Softplus,
  Tanh,
} from '@tensorgrad/nn';
import { expectClose, naiveLogSoftmax, numbers, sample } from '../helpers.js';

const xs = [-3, -1.5, -0.25, 0, 0.5, 2, 25];
const x = tensor(xs, { dtype: 'float64' });

describe('activation modules', () => {
  it('have PyTorch defaults: LeakyReLU 0.01, ELU 1, Softplus (1, 20)', () => {
    expect(new LeakyReLU().negativeSlope).toBe(0.01);
    expect(new ELU().alpha).toBe(1);
    expect([new Softplus().beta, new Softplus().threshold]).toEqual([1, 20]);
    expectClose(new LeakyReLU().forward(x), numbers(F.leakyRelu(x, 0.01)), 0);
    expectClose(new ELU().forward(x), numbers(F.elu(x, 1)), 0);
    expectClose(new Softplus().forward(x), numbers(F.softplus(x, 1, 20)), 0);
  });

  it('compute their function with the given hyperparameters', () => {
    // torch: nn.LeakyReLU(0.2)(x), nn.ELU(0.7)(x), nn.Softplus(2, 4)(x)
    expectClose(
      new LeakyReLU(0.2).forward(x),
      [-0.6000000000000001, -0.30000000000000004, -0.05, 0, 0.5, 2, 25],
      1e-15,
    );
    expectClose(
      new ELU(0.7).forward(x),
      [-0.6651490521424952, -0.5438088878960992, -0.15483945185001657, 0, 0.5, 2, 25],
      1e-15,
    );
    expectClose(
      new Softplus(2, 4).forward(x),
      [
        0.0012378425688652247, 0.02429367578687103, 0.23703849209005334, 0.34657359027997264,
        0.6566308437591114, 2.0090749639589047, 25,
      ],
      1e-15,
    );
    expectClose(new SiLU().forward(x), numbers(F.silu(x)), 0);
    expectClose(new Tanh().forward(x), xs.map(Math.tanh), 1e-15);
    expectClose(
      new Sigmoid().forward(x),
      xs.map((v) => 1 / (1 + Math.exp(-v))),
      1e-15,
    );
  });

  it('LogSoftmax(dim) is the stable log-softmax along dim, negative dims included', () => {
    const logits = tensor(
      [
        [1, 2, 3],
        [1000, 0, -1000],
      ],
      { dtype: 'float64' },
    );
    const expected = [...naiveLogSoftmax([1, 2, 3]), ...naiveLogSoftmax([1000, 0, -1000])];
    expectClose(new LogSoftmax(1).forward(logits), expected, 1e-13);
    expectClose(new LogSoftmax(-1).forward(logits), expected, 1e-13);
    const columns = new LogSoftmax(0).forward(logits);
    const byColumn = [0, 1, 2].map((c) => naiveLogSoftmax([[1, 2, 3][c]!, [1000, 0, -1000][c]!]));
    expectClose(
      columns,
      [0, 1].flatMap((r) => byColumn.map((col) => col[r]!)),
      1e-13,
    );
    expectClose(columns.exp().sum(0), [1, 1, 1], 1e-12);
  });

  it('hold no parameters or buffers, and chain in Sequential', () => {
    const modules: Module[] = [
      new LeakyReLU(0.1),
      new ELU(),
      new Softplus(),
      new SiLU(),
      new Tanh(),
      new Sigmoid(),
      new LogSoftmax(1),
    ];
    for (const m of modules) expect(Object.keys(m.stateDict())).toEqual([]);
    const chain = new Sequential(
      new LeakyReLU(0.1),
      new Tanh(),
      new Softplus(),
      new LogSoftmax(-1),
    );
    const y = chain.forward(sample([2, 3], 5));
    expect(y.shape).toEqual([2, 3]);
    expectClose(y.exp().sum(1), [1, 1], 1e-12);
  });

  it('pass float64 gradchecks', () => {
    const input = sample([2, 3], 17, true).add(0.05).detach().requiresGrad_();
    for (const m of [
      new LeakyReLU(0.3),
      new ELU(1.2),
      new Softplus(1.5, 20),
      new SiLU(),
      new Tanh(),
      new Sigmoid(),
      new LogSoftmax(1),
    ]) {
      const report = gradcheck((t: Tensor) => m.forward(t), [input]);
      expect(report.ok, `${m.constructor.name}: ${report.message}`).toBe(true);
      expect(report.checked).toBe(6);
    }
  });

  it('propagate NaN and keep size-0 shapes', () => {
    const withNaN = tensor([NaN, 1], { dtype: 'float64' });
    for (const m of [
      new LeakyReLU(),
      new ELU(),
      new Softplus(),
      new SiLU(),
      new Tanh(),
      new Sigmoid(),
    ]) {
      expect(Number.isNaN(numbers(m.forward(withNaN))[0])).toBe(true);
      expect(m.forward(tensor([], { dtype: 'float64' }).reshape(0, 4)).shape).toEqual([0, 4]);
    }
  });

  it('reject a hyperparameter that is not a number (a JavaScript caller passing options)', () => {
    expect(() => new LeakyReLU({ negativeSlope: 0.2 } as unknown as number)).toThrow(
      'LeakyReLU: expected negativeSlope to be a number, got {"negativeSlope":0.2}',
    );
    expect(() => new ELU('1' as unknown as number)).toThrow(
      'ELU: expected alpha to be a number, got 1',
    );
    expect(() => new Softplus(1, null as unknown as number)).toThrow(
      'Softplus: expected threshold to be a number, got null',
    );
    expect(() => new LogSoftmax(0.5)).toThrow('LogSoftmax: expected dim to be an integer, got 0.5');
    expect(() => new LogSoftmax(2).forward(tensor([[1, 2]]))).toThrow(
      'logSoftmax: axis 2 is out of range for a tensor of 2 dims (expected -2 <= axis < 2)',
    );
  });
});
