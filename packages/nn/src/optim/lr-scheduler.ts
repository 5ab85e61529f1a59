/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler`: the base class and the interface
 * shared with the combinators ({@link SequentialLR}, {@link ChainedScheduler}).
 *
 * Each scheduler has PyTorch's two forms: the *chainable* `getLr()`, which derives the next
 * rate from the group's current `lr` (so several schedulers can act on one optimiser), and
 * the closed form used when a step is given an explicit epoch.
 */

/** What a scheduler needs from an optimiser: groups with a mutable learning rate. */
export interface ScheduledOptimizer {
  /** The parameter groups. */
  readonly paramGroups: { lr: number; initialLr?: number }[];
}

/** A learning-rate schedule stepped once per epoch (or iteration). */
export interface Scheduler {
  /** Advance by one step and write the new rates into the optimiser. */
  step(): void;
  /** The rates set by the last step, one per group. */
  getLastLr(): number[];
}

/**
 * Base class of the single schedulers. Subclasses call {@link initialStep} at the end of their
 * constructor (it cannot run here: a subclass's fields are not set until `super()` returns).
 * @example
 * ```ts
 * import { LRScheduler, Linear, SGD, type ScheduledOptimizer } from '@tensorgrad/nn';
 * class HalvingLR extends LRScheduler {
 *   constructor(optimizer: ScheduledOptimizer) {
 *     super(optimizer);
 *     this.initialStep();
 *   }
 *   protected getLr(): number[] {
 *     return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2));
 *   }
 *   protected closedFormLr(): number[] {
 *     return this.baseLrs.map((lr) => lr / 2 ** this.lastEpoch);
 *   }
 * }
 * const sched = new HalvingLR(new SGD(new Linear(2, 2).parameters(), { lr: 1 }));
 * sched.step();
 * sched.step(3);
 * if (sched.getLastLr()[0] !== 0.125) throw new Error(`lr ${sched.getLastLr()}`);
 * ```
 */
export abstract class LRScheduler implements Scheduler {
  /** Index of the last step taken (-1 before the initial step). */
  lastEpoch: number;
  /** Each group's initial learning rate. */
  readonly baseLrs: readonly number[];
  /** Steps taken since construction (the initial step counts as one). */
  protected stepCount = 0;
  #lastLr: number[] = [];

  /**
   * @param lastEpoch - -1 to start fresh (records each group's `initialLr` unless already set); a resumed schedule
   *   gives the last epoch and needs `initialLr` already set.
   */
  protected constructor(
    readonly optimizer: ScheduledOptimizer,
    lastEpoch = -1,
  ) {
    // Only the first scheduler of an optimiser records initialLr (PyTorch's setdefault), so that
    // schedulers built one after another on the same optimiser share the true initial rate.
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    }
    this.baseLrs = optimizer.paramGroups.map((group, i) => {
      if (group.initialLr === undefined) {
        throw new Error(
          `${this.constructor.name}: group ${i} has no initialLr; expected one when resuming with lastEpoch=${lastEpoch}`,
        );
      }
      return group.initialLr;
    });
    this.lastEpoch = lastEpoch;
  }

  /** The chainable form: the rates for `lastEpoch`, computed from the groups' current rates. */
  protected abstract getLr(): number[];

  /** The closed form: the rates for `lastEpoch` computed from `baseLrs` alone. */
  protected abstract closedFormLr(): number[];

  /** Take the step that sets the rates of epoch 0 (PyTorch's `_initial_step`). */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** Advance one step, or jump to `epoch` (using the closed form), and set the groups' rates. */
  step(epoch?: number): void {
    this.stepCount++;
    let rates: number[];
    if (epoch === undefined) {
      this.lastEpoch++;
      rates = this.getLr();
    } else {
      this.lastEpoch = epoch;
      rates = this.closedFormLr();
    }
    this.optimizer.paramGroups.forEach((group, i) => (group.lr = rates[i]!));
    this.#lastLr = rates;
  }

  /** The rates set by the last step. */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /** The schedule's position, for checkpoints. */
  stateDict(): { lastEpoch: number; stepCount: number; lastLr: number[] } {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, lastLr: this.getLastLr() };
  }

  /** Restore a position saved by {@link stateDict}. */
  loadStateDict(state: { lastEpoch: number; stepCount: number; lastLr: number[] }): void {
    this.lastEpoch = state.lastEpoch;
    this.stepCount = state.stepCount;
    this.#lastLr = [...state.lastLr];
  }

  /** The groups' current learning rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
