/** `CosineAnnealingLR`: a half-cosine from the initial rate down to `etaMin`. */
import { LRScheduler } from './lr-scheduler.js';
import type { ScheduledOptimizer } from './lr-scheduler.js';

/**
 * lr = etaMin + (initialLr − etaMin) · (1 + cos(π · epoch / tMax)) / 2
 * (as `torch.optim.lr_scheduler.CosineAnnealingLR`, including its recursive form, which past
 * `tMax` climbs back up instead of staying at `etaMin`).
 * @example
 * ```ts
 * import { CosineAnnealingLR, Linear, SGD } from '@tensorgrad/nn';
 * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
 * const sched = new CosineAnnealingLR(opt, 100, 1e-5);
 * for (let epoch = 0; epoch < 50; epoch++) sched.step();
 * if (Math.abs(opt.paramGroups[0]!.lr - (1 + 1e-5) / 2) > 1e-9) throw new Error('halfway');
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /**
   * Schedule `optimizer` over a half-cosine of `tMax` steps down to `etaMin` (`lastEpoch` to resume).
   */
  constructor(
    optimizer: ScheduledOptimizer,
    readonly tMax: number,
    readonly etaMin = 0,
    lastEpoch = -1,
  ) {
    // Checked before super(), which already records the optimizer's initial lr.
    if (typeof tMax !== 'number' || !(tMax > 0))
      throw new Error(`CosineAnnealingLR: tMax must be a positive number, got ${String(tMax)}`);
    if (typeof etaMin !== 'number' || !Number.isFinite(etaMin)) {
      throw new Error(
        `CosineAnnealingLR: etaMin must be a finite number, got ${String(etaMin)}` +
          ' (the arguments are positional, as in PyTorch: new CosineAnnealingLR(opt, tMax, etaMin))',
      );
    }
    super(optimizer, lastEpoch);
    this.initialStep();
  }

  protected getLr(): number[] {
    const { lastEpoch: t, tMax, etaMin } = this;
    const current = this.currentLrs();
    if (t === 0) return current;
    if (this.stepCount === 1 && t > 0) return this.closedFormLr();
    if (pythonMod(t - 1 - tMax, 2 * tMax) === 0) {
      return current.map(
        (lr, i) => lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2,
      );
    }
    const ratio = (1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax));
    return current.map((lr) => ratio * (lr - etaMin) + etaMin);
  }

  protected closedFormLr(): number[] {
    const factor = (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax)) / 2;
    return this.baseLrs.map((base) => this.etaMin + (base - this.etaMin) * factor);
  }
}

/** Python's `%`: the result has the divisor's sign (PyTorch's formula relies on it). */
function pythonMod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
