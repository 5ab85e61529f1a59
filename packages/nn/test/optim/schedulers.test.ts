import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import {
  ChainedScheduler,
  CosineAnnealingLR,
  LinearLR,
  Parameter,
  SGD,
  SequentialLR,
  StepLR,
} from '@tensorgrad/nn';
import type { Scheduler } from '@tensorgrad/nn';

function optimizer(lr = 1): SGD {
  return new SGD([new Parameter(tensor([0]))], { lr });
}

/** The learning rate after construction, then after each of `steps` steps. */
function schedule(opt: SGD, scheduler: Scheduler, steps: number): number[] {
  const lrs = [opt.paramGroups[0]!.lr];
  for (let s = 0; s < steps; s++) {
    scheduler.step();
    lrs.push(opt.paramGroups[0]!.lr);
  }
  return lrs;
}

function expectRates(got: number[], want: number[]): void {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g, `step ${i}`).toBeCloseTo(want[i]!, 12));
}

const cosine = (t: number, tMax: number): number => (1 + Math.cos((Math.PI * t) / tMax)) / 2;

describe('LR schedulers (values from PyTorch formulas)', () => {
  it('StepLR halves every 2 steps', () => {
    const opt = optimizer();
    expectRates(schedule(opt, new StepLR(opt, 2, 0.5), 5), [1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it('LinearLR ramps from startFactor to endFactor over totalIters, then stays', () => {
    const opt = optimizer();
    expectRates(
      schedule(opt, new LinearLR(opt, { startFactor: 0.25, totalIters: 4 }), 5),
      [0.25, 0.4375, 0.625, 0.8125, 1, 1],
    );
  });

  it('CosineAnnealingLR follows the half cosine to etaMin, and climbs back past tMax as PyTorch', () => {
    const opt = optimizer(2);
    const want = [0, 1, 2, 3, 4, 5].map((t) => 0.1 + (2 - 0.1) * cosine(t, 4));
    expectRates(schedule(opt, new CosineAnnealingLR(opt, 4, 0.1), 5), want);
  });

  it('SequentialLR: linear warm-up, then cosine restarted at the milestone', () => {
    const opt = optimizer();
    const warmup = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    const decay = new CosineAnnealingLR(opt, 4);
    const sched = new SequentialLR(opt, [warmup, decay], [2]);
    expectRates(schedule(opt, sched, 5), [0.5, 0.75, 1, cosine(1, 4), cosine(2, 4), cosine(3, 4)]);
    expect(sched.getLastLr()[0]).toBeCloseTo(cosine(3, 4), 12);
  });

  it('ChainedScheduler multiplies the factors of its schedulers', () => {
    const opt = optimizer();
    const sched = new ChainedScheduler([
      new StepLR(opt, 2, 0.5),
      new LinearLR(opt, { startFactor: 0.5, totalIters: 2 }),
    ]);
    expectRates(schedule(opt, sched, 4), [0.5, 0.75, 0.5, 0.5, 0.25]);
  });

  it('rejects an options object where PyTorch takes positional numbers, before touching the optimizer', () => {
    const opt = optimizer();
    const before = JSON.stringify(opt.paramGroups);
    expect(() => new StepLR(opt, 2, { gamma: 0.5 } as unknown as number)).toThrow(
      'StepLR: gamma must be a finite number, got {"gamma":0.5} (the arguments are positional, as in PyTorch: new StepLR(opt, stepSize, gamma))',
    );
    expect(() => new CosineAnnealingLR(opt, 10, NaN)).toThrow(
      'CosineAnnealingLR: etaMin must be a finite number, got NaN',
    );
    expect(JSON.stringify(opt.paramGroups)).toBe(before);
  });

  it('rejects mismatched milestones', () => {
    const opt = optimizer();
    expect(() => new SequentialLR(opt, [new StepLR(opt, 1)], [3])).toThrow(
      'SequentialLR: got 1 schedulers and 1 milestones; expected one milestone fewer than schedulers',
    );
  });
});
