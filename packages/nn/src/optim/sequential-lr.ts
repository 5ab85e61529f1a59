/** `SequentialLR` and `ChainedScheduler`: combining schedulers. */
import { loadError, stateProblems } from './lr-scheduler.js';
import type {
  LRScheduler,
  ScheduledOptimizer,
  Scheduler,
  SchedulerStateDict,
} from './lr-scheduler.js';

/**
 * Run `schedulers[0]` until `milestones[0]`, then `schedulers[1]` (restarted at its epoch 0),
 * and so on (as `torch.optim.lr_scheduler.SequentialLR`). The usual warm-up then decay:
 * @example
 * ```ts
 * import { CosineAnnealingLR, Linear, LinearLR, SGD, SequentialLR } from '@tensorgrad/nn';
 * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
 * const warmup = new LinearLR(opt, { startFactor: 0.01, totalIters: 10 });
 * const decay = new CosineAnnealingLR(opt, 90);
 * const sched = new SequentialLR(opt, [warmup, decay], [10]);
 * for (let epoch = 0; epoch < 10; epoch++) sched.step();
 * if (Math.abs(sched.getLastLr()[0]! - 1) > 1e-9) throw new Error('decay starts from the full rate');
 * ```
 */
export class SequentialLR implements Scheduler {
  /** Steps taken (0 after construction). */
  lastEpoch = 0;
  #lastLr: number[];

  /** Combine `schedulers`, switching at each of the `schedulers.length - 1` `milestones`. */
  constructor(
    readonly optimizer: ScheduledOptimizer,
    readonly schedulers: readonly LRScheduler[],
    readonly milestones: readonly number[],
  ) {
    if (schedulers.length === 0 || milestones.length !== schedulers.length - 1) {
      throw new Error(
        `SequentialLR: got ${schedulers.length} schedulers and ${milestones.length} milestones; expected one milestone fewer than schedulers`,
      );
    }
    for (const s of schedulers) {
      if (s.optimizer !== optimizer)
        throw new Error('SequentialLR: every scheduler must drive the same optimizer');
    }
    // As PyTorch: undo the initial steps the schedulers took when constructed, then redo only the first one's.
    for (const group of optimizer.paramGroups) group.lr = group.initialLr ?? group.lr;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!.initialStep();
    this.#lastLr = schedulers[0]!.getLastLr();
  }

  /**
   * Advance the scheduler active at the new epoch (restarting it at a milestone).
   * @example
   * ```ts
   * import { Linear, SGD, SequentialLR, StepLR } from '@tensorgrad/nn';
   * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
   * const sched = new SequentialLR(opt, [new StepLR(opt, 1, 0.5), new StepLR(opt, 10)], [1]);
   * sched.step(); // milestone: the second scheduler restarts at its epoch 0
   * if (opt.paramGroups[0]!.lr !== 1) throw new Error(`lr ${opt.paramGroups[0]!.lr}`);
   * ```
   */
  step(): void {
    this.lastEpoch++;
    const index = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[index]!;
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.#lastLr = scheduler.getLastLr();
  }

  /** The rates set by the last step. */
  getLastLr(): number[] {
    return [...this.#lastLr];
  }

  /** The position of the sequence and of each scheduler in it (as PyTorch's `_schedulers`). */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      lastLr: this.getLastLr(),
      schedulers: this.schedulers.map((s) => s.stateDict()),
    };
  }

  /** Restore a position saved by {@link stateDict}: all of it, or nothing when a part does not fit. */
  loadStateDict(state: SchedulerStateDict): void {
    const problems = stateProblems(
      state,
      {
        lastEpoch: (v) => Number.isInteger(v) && (v as number) >= 0,
        lastLr: (v) => Array.isArray(v) && v.every((x) => typeof x === 'number'),
        schedulers: (v) => Array.isArray(v) && v.length === this.schedulers.length,
      },
      {
        lastEpoch: 'an integer >= 0',
        lastLr: 'an array of numbers',
        schedulers: `the states of ${this.schedulers.length} schedulers`,
      },
    );
    if (problems.length > 0) throw loadError('SequentialLR', problems);
    loadAll('SequentialLR', this.schedulers, state['schedulers'] as SchedulerStateDict[]);
    this.lastEpoch = state['lastEpoch'] as number;
    this.#lastLr = [...(state['lastLr'] as number[])];
  }
}

/**
 * Step every scheduler at once, so that their factors multiply (as
 * `torch.optim.lr_scheduler.ChainedScheduler`).
 * @example
 * ```ts
 * import { ChainedScheduler, Linear, LinearLR, SGD, StepLR } from '@tensorgrad/nn';
 * const opt = new SGD(new Linear(2, 2).parameters(), { lr: 1 });
 * const sched = new ChainedScheduler([new LinearLR(opt, { totalIters: 5 }), new StepLR(opt, 10, 0.5)]);
 * if (Math.abs(sched.getLastLr()[0]! - 1 / 3) > 1e-12) throw new Error('starts at the warm-up factor');
 * ```
 */
export class ChainedScheduler implements Scheduler {
  /** Combine `schedulers` (at least one), stepped together. */
  constructor(readonly schedulers: readonly Scheduler[]) {
    if (schedulers.length === 0)
      throw new Error('ChainedScheduler: got no schedulers; expected at least one');
  }

  /** Step each scheduler in order. */
  step(): void {
    for (const s of this.schedulers) s.step();
  }

  /** The rates after the last scheduler's step. */
  getLastLr(): number[] {
    return this.schedulers[this.schedulers.length - 1]!.getLastLr();
  }

  /** The position of each scheduler. */
  stateDict(): SchedulerStateDict {
    return { schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restore a position saved by {@link stateDict}: all of it, or nothing when a part does not fit. */
  loadStateDict(state: SchedulerStateDict): void {
    const problems = stateProblems(
      state,
      { schedulers: (v) => Array.isArray(v) && v.length === this.schedulers.length },
      { schedulers: `the states of ${this.schedulers.length} schedulers` },
    );
    if (problems.length > 0) throw loadError('ChainedScheduler', problems);
    loadAll('ChainedScheduler', this.schedulers, state['schedulers'] as SchedulerStateDict[]);
  }
}

/**
 * Load `states[i]` into `schedulers[i]`, all or nothing: when one refuses its state, the ones
 * loaded before it get their previous state back (a state from `stateDict()` always loads).
 */
function loadAll(
  owner: string,
  schedulers: readonly Scheduler[],
  states: readonly SchedulerStateDict[],
): void {
  const previous = schedulers.map((s) => s.stateDict());
  let i = 0;
  try {
    for (; i < schedulers.length; i++) schedulers[i]!.loadStateDict(states[i]!);
  } catch (error) {
    for (let j = 0; j < i; j++) schedulers[j]!.loadStateDict(previous[j]!);
    throw new Error(
      `${owner}.loadStateDict: scheduler ${i} refused its state, nothing was loaded: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
