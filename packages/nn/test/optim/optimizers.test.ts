import { describe, expect, it } from 'vitest';
import { memory, tensor, tidy } from '@tensorgrad/autograd';
import { Tensor } from '@tensorgrad/autograd';
import { Adam, AdamW, Parameter, SGD } from '@tensorgrad/nn';
import type { AdamOptions, Optimizer, OptimizerOptions, SGDOptions } from '@tensorgrad/nn';
import { expectClose, numbers } from '../helpers.js';

/**
 * The toy loss Σ (½ c p² + d p), whose gradient c·p + d is computed by autograd; the references
 * below apply PyTorch's documented update formulas to plain numbers.
 */
const c = [1.5, 0.5, 2];
const d = [0.25, -1, 0];
const p0 = [1, -2, 0.5];

function lossOf(p: Tensor): Tensor {
  const cs = tensor(c, { dtype: 'float64' });
  const ds = tensor(d, { dtype: 'float64' });
  return p.square().mul(cs).mul(0.5).add(p.mul(ds)).sum();
}

function run<O extends OptimizerOptions>(
  make: (params: Parameter[]) => Optimizer<O>,
  steps: number,
): number[][] {
  const p = new Parameter(tensor(p0, { dtype: 'float64' }));
  const opt = make([p]);
  const trajectory: number[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    lossOf(p).backward();
    opt.step();
    trajectory.push(numbers(p));
  }
  return trajectory;
}

function sgdReference(o: SGDOptions, steps: number): number[][] {
  let p = [...p0];
  let buf: number[] | null = null;
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    let g = p.map((v, i) => c[i]! * v + d[i]!);
    if (o.maximize) g = g.map((v) => -v);
    g = g.map((v, i) => v + o.weightDecay * p[i]!);
    if (o.momentum !== 0) {
      const previous = buf as number[] | null;
      buf =
        previous === null
          ? [...g]
          : previous.map((b, i) => o.momentum * b + (1 - o.dampening) * g[i]!);
      const b = buf;
      g = o.nesterov ? g.map((v, i) => v + o.momentum * b[i]!) : [...b];
    }
    p = p.map((v, i) => v - o.lr * g[i]!);
    out.push(p);
  }
  return out;
}

function adamReference(o: AdamOptions, decoupled: boolean, steps: number): number[][] {
  let p = [...p0];
  let m = [0, 0, 0];
  let v = [0, 0, 0];
  let vMax = [0, 0, 0];
  const [b1, b2] = o.betas;
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    let g = p.map((x, i) => c[i]! * x + d[i]!);
    if (o.maximize) g = g.map((x) => -x);
    if (decoupled) p = p.map((x) => x * (1 - o.lr * o.weightDecay));
    else g = g.map((x, i) => x + o.weightDecay * p[i]!);
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]!);
    v = v.map((x, i) => b2 * x + (1 - b2) * g[i]! ** 2);
    vMax = vMax.map((x, i) => Math.max(x, v[i]!));
    const second = o.amsgrad ? vMax : v;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    p = p.map(
      (x, i) => x - (o.lr / bc1) * (m[i]! / (Math.sqrt(second[i]!) / Math.sqrt(bc2) + o.eps)),
    );
    out.push(p);
  }
  return out;
}

const sgdDefaults: SGDOptions = {
  lr: 0.1,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
};
const adamDefaults: AdamOptions = {
  lr: 0.1,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

describe('SGD', () => {
  it('plain SGD on p0 = 1, grad = p, lr = 0.1 gives 0.9, 0.81, 0.729', () => {
    const p = new Parameter(tensor([1], { dtype: 'float64' }));
    const opt = new SGD([p], { lr: 0.1 });
    const values: number[] = [];
    for (let s = 0; s < 3; s++) {
      opt.zeroGrad();
      p.square().mul(0.5).sum().backward();
      opt.step();
      values.push(numbers(p)[0]!);
    }
    expectClose(tensor(values), [0.9, 0.81, 0.729], 1e-7);
  });

  it('momentum 0.9 on the same problem gives 0.9, 0.72, 0.486 (buffer = g, then 0.9·b + g)', () => {
    const p = new Parameter(tensor([1], { dtype: 'float64' }));
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    const values: number[] = [];
    for (let s = 0; s < 3; s++) {
      opt.zeroGrad();
      p.square().mul(0.5).sum().backward();
      opt.step();
      values.push(numbers(p)[0]!);
    }
    expectClose(tensor(values, { dtype: 'float64' }), [0.9, 0.72, 0.486], 1e-14);
  });

  it.each([
    { name: 'weight decay', o: { weightDecay: 0.1 } },
    { name: 'momentum + dampening', o: { momentum: 0.8, dampening: 0.3 } },
    { name: 'nesterov + weight decay', o: { momentum: 0.9, nesterov: true, weightDecay: 0.05 } },
    { name: 'maximize', o: { momentum: 0.5, maximize: true } },
  ])('follows the PyTorch formulas for 3 steps: $name', ({ o }) => {
    const options = { ...sgdDefaults, ...o };
    run((params) => new SGD(params, options), 3).forEach((got, s) =>
      expectClose(tensor(got, { dtype: 'float64' }), sgdReference(options, 3)[s]!, 1e-14),
    );
  });

  it('rejects nesterov without momentum', () => {
    expect(() => new SGD([new Parameter(tensor([1]))], { nesterov: true })).toThrow(
      'SGD: nesterov needs momentum > 0 and dampening 0, got momentum 0, dampening 0',
    );
  });
});

describe('Adam and AdamW', () => {
  it('the first Adam step moves every coordinate by lr (bias correction)', () => {
    const [first] = run((params) => new Adam(params, { lr: 0.1 }), 1);
    expectClose(
      tensor(first!, { dtype: 'float64' }),
      p0.map((v, i) => v - 0.1 * Math.sign(c[i]! * v + d[i]!)),
      1e-8,
    );
  });

  it.each([
    { name: 'Adam', decoupled: false, o: {} },
    { name: 'Adam + L2 weight decay', decoupled: false, o: { weightDecay: 0.1 } },
    { name: 'Adam amsgrad', decoupled: false, o: { amsgrad: true, betas: [0.5, 0.9] as const } },
    { name: 'AdamW', decoupled: true, o: { weightDecay: 0.1 } },
    {
      name: 'AdamW amsgrad maximize',
      decoupled: true,
      o: { weightDecay: 0.2, amsgrad: true, maximize: true },
    },
  ])('follows the PyTorch formulas for 3 steps: $name', ({ decoupled, o }) => {
    const options = { ...adamDefaults, ...o };
    const got = run(
      (params) => (decoupled ? new AdamW(params, options) : new Adam(params, options)),
      3,
    );
    const want = adamReference(options, decoupled, 3);
    got.forEach((g, s) => expectClose(tensor(g, { dtype: 'float64' }), want[s]!, 1e-14, 1e-12));
  });

  it('AdamW defaults to weightDecay 0.01, Adam to 0', () => {
    const p = [new Parameter(tensor([1]))];
    expect(new AdamW(p).paramGroups[0]!.weightDecay).toBe(0.01);
    expect(new Adam(p).paramGroups[0]!.weightDecay).toBe(0);
  });
});

describe('Optimizer', () => {
  it('uses per-group options and skips parameters without gradients', () => {
    const a = new Parameter(tensor([1], { dtype: 'float64' }));
    const b = new Parameter(tensor([1], { dtype: 'float64' }));
    const idle = new Parameter(tensor([5], { dtype: 'float64' }));
    const opt = new SGD([{ params: [a] }, { params: [b, idle], lr: 0.5 }], { lr: 0.1 });
    a.add(b).sum().backward();
    opt.step();
    expect(numbers(a)).toEqual([0.9]);
    expect(numbers(b)).toEqual([0.5]);
    expect(numbers(idle)).toEqual([5]);
    expect(() => new SGD([a, a])).toThrow(
      'SGD: a parameter appears twice (again in group 0); expected each once',
    );
  });

  it('saves and restores its state, so a resumed run continues identically', () => {
    const make = (params: Parameter[]) => new AdamW(params, { lr: 0.05, amsgrad: true });
    const reference = run(make, 4);
    const p = new Parameter(tensor(p0, { dtype: 'float64' }));
    const first = make([p]);
    for (let s = 0; s < 2; s++) {
      first.zeroGrad();
      lossOf(p).backward();
      first.step();
    }
    const saved = first.stateDict();
    expect(Object.keys(saved.state[0]!)).toEqual(['step', 'expAvg', 'expAvgSq', 'maxExpAvgSq']);
    expect(saved.paramGroups[0]!.params).toEqual([0]);
    const q = new Parameter(tensor(numbers(p), { dtype: 'float64' }));
    const second = make([q]);
    second.loadStateDict(saved);
    for (let s = 0; s < 2; s++) {
      second.zeroGrad();
      lossOf(q).backward();
      second.step();
    }
    expectClose(q, reference[3]!, 1e-15);
  });

  it('refuses a state dict of another layout, loading nothing', () => {
    const p = new Parameter(tensor([1, 2], { dtype: 'float64' }));
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    const wrongGroupSize = {
      state: { 0: { momentumBuffer: tensor([1, 2], { dtype: 'float64' }) } },
      paramGroups: [{ lr: 1, params: [0, 1] }],
    };
    expect(() => opt.loadStateDict(wrongGroupSize)).toThrow(
      /group 0 has 2 parameters in the state dict, 1 in the optimiser/,
    );
    const wrongEntries = {
      state: {
        0: { momentumBuffer: tensor([1, 2, 3]) },
        3: { momentumBuffer: tensor([1]) },
      },
      paramGroups: [{ lr: 1, params: [0] }],
    };
    expect(() => opt.loadStateDict(wrongEntries)).toThrow(
      /state entry 'momentumBuffer' of parameter 0 is \[3\] float32, parameter 0 is \[2\] float64/,
    );
    expect(() => opt.loadStateDict(wrongEntries)).toThrow(
      /state for parameter 3, but paramGroups list only 0/,
    );
    expect(opt.paramGroups[0]!.lr).toBe(0.1);
  });

  it('does not leak: inside tidy, steps replace parameters and state without growing memory', () => {
    const p = new Parameter(tensor(p0, { dtype: 'float64' }));
    const opt = new Adam([p], { lr: 0.1, amsgrad: true });
    const trainStep = (): void =>
      tidy(() => {
        opt.zeroGrad();
        lossOf(p).backward();
        opt.step();
      });
    trainStep();
    const before = memory();
    for (let s = 0; s < 5; s++) trainStep();
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.buffers).toBe(before.buffers);
    expect(p.isDisposed).toBe(false);
    // The state survives the tidy scopes it was created in.
    const state = opt.stateDict().state[0]!;
    expect(state['expAvg']).toBeInstanceOf(Tensor);
    expect((state['expAvg'] as Tensor).isDisposed).toBe(false);
  });
});
