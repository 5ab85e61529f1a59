/** `LinearLR`: a linear ramp of the learning-rate factor, typically a warm-up. */
import { LRScheduler } from './lr-scheduler.js';
import type { ScheduledOptimizer } from './lr-scheduler.js';

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** Factor at epoch 0 (default 1/3). */
  startFactor?: number;
  /** Factor from `totalIters` on (default 1). */
  endFactor?: number;
  /** Length of the ramp in steps (default 5). */
  totalIters?: number;
}

/**
 * lr = initialLr · (start + (end − start) · min(epoch, totalIters) / totalIters)
 * (as `torch.optim.lr_scheduler.LinearLR`).
 * @example
 * ```ts
 * import { Linear, LinearLR, SGD } from '@tensorgrad/nn';
 * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 100 });
 * if (Math.abs(warmup.getLastLr()[0]! - 0.1) > 1e-12) throw new Error('starts at 0.1 · lr');
 * for (let i = 0; i < 100; i++) warmup.step();
 * if (Math.abs(opt.paramGroups[0]!.lr - 1) > 1e-9) throw new Error('ends at lr');
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  readonly startFactor: number;
  /** Factor at the end of the ramp. */
  readonly endFactor: number;
  /** Length of the ramp. */
  readonly totalIters: number;

  /** Schedule `optimizer` with a linear ramp of the factor (`lastEpoch` to resume). */
  constructor(optimizer: ScheduledOptimizer, options: LinearLROptions = {}, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (!(this.startFactor > 0 && this.startFactor <= 1)) {
      throw new Error(`LinearLR: startFactor must be in (0, 1], got ${this.startFactor}`);
    }
    if (!(this.endFactor >= 0 && this.endFactor <= 1)) {
      throw new Error(`LinearLR: endFactor must be in [0, 1], got ${this.endFactor}`);
    }
    this.initialStep();
  }

  protected getLr(): number[] {
    const { startFactor: start, endFactor: end, totalIters } = this;
    if (this.lastEpoch === 0) return this.currentLrs().map((lr) => lr * start);
    if (this.lastEpoch > totalIters) return this.currentLrs();
    // The ratio of consecutive factors, so that the rule composes with other schedulers.
    const ratio = 1 + (end - start) / (totalIters * start + (this.lastEpoch - 1) * (end - start));
    return this.currentLrs().map((lr) => lr * ratio);
  }

  protected closedFormLr(): number[] {
    const progress = Math.min(this.totalIters, this.lastEpoch) / this.totalIters;
    return this.baseLrs.map(
      (base) => base * (this.startFactor + (this.endFactor - this.startFactor) * progress),
    );
  }
}
