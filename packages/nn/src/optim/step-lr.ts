/** `StepLR`: decay by `gamma` every `stepSize` epochs. */
import { LRScheduler } from './lr-scheduler.js';
import type { ScheduledOptimizer } from './lr-scheduler.js';

/**
 * lr = initialLr · gamma^⌊epoch / stepSize⌋ (as `torch.optim.lr_scheduler.StepLR`).
 * @example
 * ```ts
 * import { Linear, SGD, StepLR } from '@tensorgrad/nn';
 * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
 * const sched = new StepLR(opt, 30, 0.1); // ×0.1 every 30 epochs
 * for (let epoch = 0; epoch < 30; epoch++) sched.step();
 * if (Math.abs(sched.getLastLr()[0]! - 0.1) > 1e-12) throw new Error(`lr ${sched.getLastLr()}`);
 * ```
 */
export class StepLR extends LRScheduler {
  /** Schedule `optimizer`: ×`gamma` every `stepSize` steps (`lastEpoch` to resume). */
  constructor(
    optimizer: ScheduledOptimizer,
    readonly stepSize: number,
    readonly gamma = 0.1,
    lastEpoch = -1,
  ) {
    // Checked before super(), which already records the optimizer's initial lr.
    if (!(Number.isInteger(stepSize) && stepSize > 0))
      throw new Error(`StepLR: stepSize must be a positive integer, got ${String(stepSize)}`);
    if (typeof gamma !== 'number' || !Number.isFinite(gamma)) {
      throw new Error(
        `StepLR: gamma must be a finite number, got ${typeof gamma === 'object' ? JSON.stringify(gamma) : String(gamma)}` +
          ' (the arguments are positional, as in PyTorch: new StepLR(opt, stepSize, gamma))',
      );
    }
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  protected getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.currentLrs().map((lr) => lr * this.gamma);
  }

  protected closedFormLr(): number[] {
    return this.baseLrs.map(
      (base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize),
    );
  }
}
