/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler`: the base class and the interface
 * shared with the combinators ({@link SequentialLR}, {@link ChainedScheduler}).
 *
 * Each scheduler has PyTorch's two forms: the *chainable* `getLr()`, which derives the next
 * rate from the group's current `lr` (so several schedulers can act on one optimiser), and
 * the closed form used when a step is given an explicit epoch.
 */
import { closestName } from '../module/options.js';

/** What a scheduler needs from an optimiser: groups with a mutable learning rate. */
export interface ScheduledOptimizer {
  /** The parameter groups. */
  readonly paramGroups: { lr: number; initialLr?: number }[];
}

/**
 * A scheduler's position, as plain JSON data (numbers and arrays), so that a checkpoint can
 * store it as text.
 */
export type SchedulerStateDict = Readonly<Record<string, unknown>>;

/** A learning-rate schedule stepped once per epoch (or iteration). */
export interface Scheduler {
  /** Advance by one step and write the new rates into the optimiser. */
  step(): void;
  /** The rates set by the last step, one per group. */
  getLastLr(): number[];
  /** The schedule's position (JSON data), for checkpoints. */
  stateDict(): SchedulerStateDict;
  /** Restore a position saved by {@link stateDict}; checks it first and changes nothing when it does not fit. */
  loadStateDict(state: SchedulerStateDict): void;
}

/**
 * The position of an {@link LRScheduler} (PyTorch's `last_epoch`, `_step_count`, `_last_lr`,
 * `base_lrs`). The hyper-parameters (`stepSize`, `tMax`, ...) are not part of it: they come
 * from the constructor.
 */
export type LRSchedulerStateDict = {
  lastEpoch: number;
  stepCount: number;
  lastLr: number[];
  baseLrs: number[];
};

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
  #baseLrs: readonly number[];
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
    this.#baseLrs = optimizer.paramGroups.map((group, i) => {
      if (group.initialLr === undefined) {
        throw new Error(
          `${this.constructor.name}: group ${i} has no initialLr; expected one when resuming with lastEpoch=${lastEpoch}`,
        );
      }
      return group.initialLr;
    });
    this.lastEpoch = lastEpoch;
  }

  /** Each group's initial learning rate. */
  get baseLrs(): readonly number[] {
    return this.#baseLrs;
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
  stateDict(): LRSchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      stepCount: this.stepCount,
      lastLr: this.getLastLr(),
      baseLrs: [...this.#baseLrs],
    };
  }

  /**
   * Restore a position saved by {@link stateDict}. The groups' current rates are the optimiser's
   * (restored by its own `loadStateDict`). Checked first: a state of another shape, with unknown
   * keys or non-numbers, throws naming the key and changes nothing.
   * @example
   * ```ts
   * import { Linear, SGD, StepLR } from '@tensorgrad/nn';
   * const sched = new StepLR(new SGD(new Linear(2, 2).parameters(), { lr: 1 }), 10);
   * let message = '';
   * try { sched.loadStateDict({ ...sched.stateDict(), last_epoch: 3 }); } catch (e) { message = (e as Error).message; }
   * if (!message.includes("unknown key 'last_epoch'; did you mean 'lastEpoch'?")) throw new Error(message);
   * ```
   */
  loadStateDict(state: SchedulerStateDict): void {
    const groups = this.optimizer.paramGroups.length;
    const spec = {
      lastEpoch: (v: unknown) => Number.isInteger(v) && (v as number) >= -1,
      stepCount: (v: unknown) => Number.isInteger(v) && (v as number) >= 0,
      lastLr: (v: unknown) => isNumberList(v, groups),
      baseLrs: (v: unknown) => isNumberList(v, groups),
    };
    const expected = {
      lastEpoch: 'an integer >= -1',
      stepCount: 'an integer >= 0',
      lastLr: `${groups} finite numbers (one per group)`,
      baseLrs: `${groups} finite numbers (one per group)`,
    };
    const problems = stateProblems(state, spec, expected);
    if (problems.length > 0) throw loadError(this.constructor.name, problems);
    const valid = state as LRSchedulerStateDict;
    this.lastEpoch = valid.lastEpoch;
    this.stepCount = valid.stepCount;
    this.#lastLr = [...valid.lastLr];
    this.#baseLrs = [...valid.baseLrs];
  }

  /** The groups' current learning rates. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}

/**
 * Every problem of a scheduler state against `spec` (one check per key), in words: not an
 * object, unknown keys (with the closest valid name), missing keys, values of the wrong kind.
 */
export function stateProblems(
  state: unknown,
  spec: Record<string, (value: unknown) => boolean>,
  expected: Record<string, string>,
): string[] {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    return [
      `expected the object of stateDict(), got ${state === null ? 'null' : Array.isArray(state) ? 'an array' : typeof state}`,
    ];
  }
  const names = Object.keys(spec);
  const problems: string[] = [];
  for (const key of Object.keys(state)) {
    if (Object.hasOwn(spec, key)) continue;
    const suggestion = closestName(key, names);
    problems.push(
      `unknown key '${key}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    );
  }
  const values = state as Record<string, unknown>;
  for (const key of names) {
    if (!(key in values)) problems.push(`missing key '${key}'`);
    else if (!spec[key]!(values[key])) {
      problems.push(`'${key}' is ${show(values[key])}, expected ${expected[key]}`);
    }
  }
  return problems;
}

/** The error of a scheduler's `loadStateDict` that refuses `problems`. */
export function loadError(owner: string, problems: readonly string[]): Error {
  return new Error(
    `${owner}.loadStateDict: the state does not fit, nothing was loaded:\n  ${problems.join('\n  ')}`,
  );
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

function isNumberList(value: unknown, length: number): boolean {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  );
}
