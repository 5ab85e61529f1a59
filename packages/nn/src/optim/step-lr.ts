/** `StepLR`: decay by `gamma` every `stepSize` epochs. */
import { LRScheduler } from './lr-scheduler.js';
import type { ScheduledOptimizer } from './lr-scheduler.js';

/**
 * lr = initialLr · gamma^⌊epoch / stepSize⌋ (as `torch.optim.lr_scheduler.StepLR`).
 * @example
 * const sched = new StepLR(opt, 30, 0.1); // ×0.1 every 30 epochs
 */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: ScheduledOptimizer,
    readonly stepSize: number,
    readonly gamma = 0.1,
    lastEpoch = -1,
  ) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(stepSize) && stepSize > 0))
      throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
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
