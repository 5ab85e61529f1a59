/**
 * End-to-end: small networks must learn toy tasks (loss down 10×) with SGD and with AdamW.
 * Seeds are fixed, so these runs are deterministic; each takes well under 10 s.
 */
import { describe, expect, it } from 'vitest';
import { tensor, tidy } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { AdamW, Conv2d, F, GELU, Linear, Module, ReLU, SGD, Sequential } from '@tensorgrad/nn';
import type { Optimizer, OptimizerOptions } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';

/** XOR of the quadrants: label 1 when x·y > 0. Not linearly separable. */
function xorData(n: number, g: Generator): { x: Tensor; y: Tensor } {
  const points: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = [g.uniform() * 2 - 1, g.uniform() * 2 - 1];
    points.push(p);
    labels.push(p[0]! * p[1]! > 0 ? 1 : 0);
  }
  return { x: tensor(points), y: tensor(labels, { dtype: 'int32' }) };
}

/** 6×6 images holding a horizontal (label 0) or vertical (label 1) bar at a random position, plus noise. */
function barData(n: number, g: Generator): { x: Tensor; y: Tensor } {
  const pixels: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const vertical = i % 2;
    const at = Math.floor(g.uniform() * 6);
    for (let r = 0; r < 6; r++)
      for (let c = 0; c < 6; c++)
        pixels.push(((vertical ? c : r) === at ? 1 : 0) + 0.1 * g.normal());
    labels.push(vertical);
  }
  return { x: tensor(pixels, { shape: [n, 1, 6, 6] }), y: tensor(labels, { dtype: 'int32' }) };
}

class ConvNet extends Module {
  readonly features: Sequential;
  readonly head: Linear;
  constructor(g: Generator) {
    super();
    this.features = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1, generator: g }),
      new ReLU(),
      new Conv2d(4, 8, 3, { stride: 2, padding: 1, generator: g }),
      new ReLU(),
    );
    this.head = new Linear(8 * 3 * 3, 2, { generator: g });
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.features.forward(x).flatten(1));
  }
}

/** Full-batch training; returns the first and the last loss. */
function train<O extends OptimizerOptions>(
  model: { forward(x: Tensor): Tensor } & Module,
  data: { x: Tensor; y: Tensor },
  optimizer: Optimizer<O>,
  steps: number,
): { first: number; last: number } {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    tidy(() => {
      optimizer.zeroGrad();
      const loss = F.crossEntropy(model.forward(data.x), data.y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item() as number);
    });
  }
  return { first: losses[0]!, last: losses[losses.length - 1]! };
}

describe('training small networks', () => {
  const mlp = (g: Generator) =>
    new Sequential(
      new Linear(2, 16, { generator: g }),
      new GELU(),
      new Linear(16, 2, { generator: g }),
    );

  it('an MLP learns XOR with SGD (momentum)', () => {
    const g = new Generator(0);
    const model = mlp(g);
    const { first, last } = train(
      model,
      xorData(64, g),
      new SGD(model.parameters(), { lr: 0.2, momentum: 0.9 }),
      150,
    );
    expect(last).toBeLessThan(first / 10);
  });

  it('an MLP learns XOR with AdamW', () => {
    const g = new Generator(1);
    const model = mlp(g);
    const { first, last } = train(
      model,
      xorData(64, g),
      new AdamW(model.parameters(), { lr: 0.05 }),
      120,
    );
    expect(last).toBeLessThan(first / 10);
  });

  it('a conv net tells horizontal from vertical bars with SGD', () => {
    const g = new Generator(2);
    const model = new ConvNet(g);
    const { first, last } = train(
      model,
      barData(16, g),
      new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 }),
      40,
    );
    expect(last).toBeLessThan(first / 10);
  });

  it('a conv net tells horizontal from vertical bars with AdamW', () => {
    const g = new Generator(3);
    const model = new ConvNet(g);
    const { first, last } = train(
      model,
      barData(16, g),
      new AdamW(model.parameters(), { lr: 0.02 }),
      40,
    );
    expect(last).toBeLessThan(first / 10);
  });
});
