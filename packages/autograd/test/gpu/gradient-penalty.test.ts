/**
 * A training step whose loss contains the norm of an input gradient (a WGAN-GP style gradient
 * penalty): the input gradient is taken with `createGraph`, so the penalty's own gradient
 * reaches the weights through a second-order backward. Run on the cpu and, where one can be
 * created, on the gpu backend; the two agree.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  Generator,
  type Tensor,
  gpuAvailability,
  grad,
  gradients,
  memory,
  noGrad,
  randn,
  setBackend,
  tidy,
} from '@tensorgrad/autograd';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
if (!gpu.available && requireGl)
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend: ${gpu.reason}`);

interface Run {
  readonly losses: number[];
  readonly grads: number[][];
  readonly penaltyMatters: boolean;
}

/** Five steps of SGD on `mean(f(x)²) + λ mean((|∇ₓ f(x)| - 1)²)` for a two-layer tanh MLP. */
function train(): Run {
  const gen = new Generator(11);
  const x = randn([6, 3], { generator: gen });
  const w1 = randn([3, 5], { generator: gen, requiresGrad: true });
  const w2 = randn([5, 1], { generator: gen, requiresGrad: true });
  const params = [w1, w2];
  const f = (input: Tensor) => input.matmul(w1).tanh().matmul(w2);

  const lossOf = (lambda: number): Tensor => {
    // ∇ₓ f(x), kept differentiable so that the penalty's gradient reaches w1 and w2.
    const dx = grad((input: Tensor) => f(input).sum(), { createGraph: true })(x);
    const penalty = dx.square().sum(-1).sqrt().sub(1).square().mean();
    return f(x).square().mean().add(penalty.mul(lambda));
  };

  // The penalty must change the weights' gradient: it is differentiated through the backward.
  const gradWith = (lambda: number): number[] =>
    tidy(() => {
      lossOf(lambda).backward();
      const g = [...(w1.grad as Tensor).data()];
      for (const p of params) p.zeroGrad();
      return g;
    });
  const without = gradWith(0);
  const withPenalty = gradWith(10);
  const penaltyMatters = without.some((v, i) => Math.abs(v - (withPenalty[i] as number)) > 1e-3);

  const losses: number[] = [];
  let grads: number[][] = [];
  for (let step = 0; step < 5; step++) {
    tidy(() => {
      const loss = lossOf(10);
      loss.backward();
      losses.push(loss.item() as number);
      grads = params.map((p) => [...(p.grad as Tensor).data()]);
      noGrad(() => {
        for (const p of params) {
          p.assign(p.sub((p.grad as Tensor).mul(0.02)));
          p.zeroGrad();
        }
      });
    });
  }
  return { losses, grads, penaltyMatters };
}

describe('a training step with a gradient penalty', () => {
  afterAll(() => setBackend('cpu'));

  let cpu: Run | undefined;
  test('cpu: the penalty reaches the weights and the loss goes down, without leaks', () => {
    setBackend('cpu');
    const before = memory().tensors;
    cpu = train();
    expect(cpu.penaltyMatters).toBe(true);
    expect(cpu.losses[4]).toBeLessThan(cpu.losses[0] as number);
    // Only the inputs and the two weights survive the steps.
    expect(memory().tensors - before).toBeLessThanOrEqual(3);
  });

  test.skipIf(!gpu.available)(
    `gpu (gpu.js mode ${gpu.mode}): the same step agrees with the cpu`,
    () => {
      setBackend('gpu');
      const run = train();
      expect(run.penaltyMatters).toBe(true);
      expect(run.losses[4]).toBeLessThan(run.losses[0] as number);
      run.losses.forEach((l, i) => expect(l).toBeCloseTo(cpu!.losses[i] as number, 3));
      run.grads.flat().forEach((g, i) => {
        const c = cpu!.grads.flat()[i] as number;
        expect(Math.abs(g - c)).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(c));
      });
    },
  );
});

test('the same penalty written with gradients() and an input that requires grad', () => {
  const gen = new Generator(3);
  const w = randn([3, 1], { generator: gen, requiresGrad: true });
  const input = randn([4, 3], { generator: gen, requiresGrad: true });
  const out = input.matmul(w).tanh();
  const [dx] = gradients(out.sum(), [input], { createGraph: true });
  dx!.square().sum().backward();
  // d/dw Σ (1 - tanh²(x·w))² w² is nonzero for random inputs.
  expect(Math.max(...[...(w.grad as Tensor).data()].map(Math.abs))).toBeGreaterThan(1e-3);
});
