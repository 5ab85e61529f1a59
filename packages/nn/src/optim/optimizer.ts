/**
 * `Optimizer`: the part every optimiser shares — parameter groups, per-parameter state, the
 * leak-free update loop, and state dicts. Subclasses only write the update rule.
 *
 * Memory: `step()` may run inside a user's `tidy`. Each update is computed in its own `tidy`,
 * which also copies the new values into the parameters (`assign` writes in place, so the Tensor
 * objects that models hold stay the same) and then frees them; the new state tensors are
 * `keep`-ed (they must outlive any scope), while the ones they replace are disposed.
 */
import { Tensor, keep, noGrad, tidy } from '@tensorgrad/autograd';
import { sameShape, shapeString } from '@tensorgrad/tensor';
import { closestName } from '../module/options.js';

/** Hyper-parameters every optimiser has. */
export interface OptimizerOptions {
  /** Learning rate. */
  lr: number;
}

/** One parameter's optimiser state: tensors (momentum, moments) and numbers (step count). */
export type ParamState = Record<string, Tensor | number>;

/**
 * A parameter group: parameters that share hyper-parameters (as PyTorch's `param_groups` entries).
 */
export type ParamGroup<O extends OptimizerOptions> = O & {
  /** The parameters of the group. */
  params: Tensor[];
  /** The learning rate before any scheduler changed it (set by the first LR scheduler). */
  initialLr?: number;
};

/**
 * A group as given to the constructor: parameters plus hyper-parameters overriding the defaults.
 * @example
 * ```ts
 * import { Linear, SGD, type ParamGroupSpec, type SGDOptions } from '@tensorgrad/nn';
 * const model = new Linear(2, 2);
 * const groups: ParamGroupSpec<SGDOptions>[] = [{ params: [model.weight] }, { params: [model.bias!], lr: 1 }];
 * const opt = new SGD(groups, { lr: 0.1 });
 * if (opt.paramGroups.map((g) => g.lr).join() !== '0.1,1') throw new Error('per-group lr');
 * ```
 */
export type ParamGroupSpec<O extends OptimizerOptions> = Partial<O> & { params: Iterable<Tensor> };

/**
 * What optimiser constructors accept: parameters, or groups of parameters with their own options.
 */
export type ParamsArgument<O extends OptimizerOptions> =
  Iterable<Tensor> | readonly ParamGroupSpec<O>[];

/**
 * An optimiser's state, as PyTorch's: state by parameter index (counted across groups) and the groups' options.
 * @example
 * ```ts
 * import { Linear, SGD, type OptimizerStateDict } from '@tensorgrad/nn';
 * const saved: OptimizerStateDict = new SGD(new Linear(2, 2).parameters(), { lr: 0.1 }).stateDict();
 * if (saved.paramGroups[0]!.params.join() !== '0,1' || saved.paramGroups[0]!['lr'] !== 0.1) throw new Error('layout');
 * ```
 */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed by the parameter's index. */
  state: Record<number, ParamState>;
  /** Each group's hyper-parameters, with `params` = the indices of its parameters. */
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/**
 * The result of one parameter's update rule.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import type { Tensor } from '@tensorgrad/autograd';
 * import { Optimizer, Parameter, type OptimizerOptions, type ParamGroup, type ParamsArgument, type Update } from '@tensorgrad/nn';
 * class SignSGD extends Optimizer<OptimizerOptions> {
 *   constructor(params: ParamsArgument<OptimizerOptions>, lr: number) {
 *     super(params, { lr });
 *   }
 *   protected validate(): void {}
 *   protected update(param: Tensor, grad: Tensor, group: ParamGroup<OptimizerOptions>): Update {
 *     return { param: param.sub(grad.sign().mul(group.lr)), state: {} };
 *   }
 * }
 * const p = new Parameter(ones([2]));
 * const opt = new SignSGD([p], 0.5);
 * p.mul(10).sum().backward();
 * opt.step();
 * if ([...p.data()].join() !== '0.5,0.5') throw new Error(`got ${p.toArray()}`);
 * ```
 */
export interface Update {
  /** The parameter's new value. */
  param: Tensor;
  /** Its new state. */
  state: ParamState;
}

/**
 * Base class of the optimisers.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Linear, SGD, mseLoss } from '@tensorgrad/nn';
 * const model = new Linear(2, 1);
 * const opt = new SGD(model.parameters(), { lr: 0.1 });
 * const x = randn([8, 2]);
 * const y = randn([8, 1]);
 * const first = mseLoss(model.forward(x), y);
 * first.backward();
 * opt.step();
 * opt.zeroGrad();
 * if (mseLoss(model.forward(x), y).item() >= first.item()) throw new Error('the loss went down');
 * ```
 */
export abstract class Optimizer<O extends OptimizerOptions> {
  /** The parameter groups, whose options (e.g. `lr`) may be changed between steps. */
  readonly paramGroups: ParamGroup<O>[];
  readonly #state = new Map<Tensor, ParamState>();

  /**
   * @param params - parameters, or groups `{ params, ...options }` overriding `defaults`.
   * @param defaults - the options of groups that do not set their own.
   */
  protected constructor(
    params: ParamsArgument<O>,
    readonly defaults: O,
  ) {
    const name = this.constructor.name;
    const specs: ParamGroupSpec<O>[] = isGroupList(params)
      ? [...params]
      : [{ params } as ParamGroupSpec<O>];
    const seen = new Set<Tensor>();
    this.paramGroups = specs.map((spec, g) => {
      const group = { ...defaults, ...spec, params: [...spec.params] } as ParamGroup<O>;
      for (const p of group.params) {
        if (seen.has(p))
          throw new Error(
            `${name}: a parameter appears twice (again in group ${g}); expected each once`,
          );
        seen.add(p);
        if (p.dtype !== 'float32' && p.dtype !== 'float64') {
          throw new Error(
            `${name}: can only optimise float tensors, got a parameter of dtype ${p.dtype}`,
          );
        }
      }
      this.validate(group);
      return group;
    });
    if (seen.size === 0)
      throw new Error(`${name}: got an empty parameter list; expected at least one parameter`);
  }

  /** Throw if a group's options are invalid (each subclass checks its own). */
  protected abstract validate(group: ParamGroup<O>): void;

  /**
   * The update rule for one parameter (run under `noGrad`). Temporaries are freed by the caller.
   * @param state - the parameter's state from the previous step (`{}` the first time); not to be modified.
   */
  protected abstract update(
    param: Tensor,
    grad: Tensor,
    group: ParamGroup<O>,
    state: ParamState,
  ): Update;

  /** Update every parameter that has a gradient, without recording a graph. */
  step(): void {
    noGrad(() => {
      for (const group of this.paramGroups) {
        for (const p of group.params) {
          if (p.grad === null) continue;
          const grad = p.grad;
          const previous = this.#state.get(p) ?? {};
          const state = tidy(() => {
            const next = this.update(p.detach(), grad, group, previous);
            p.assign(next.param);
            return next.state;
          });
          this.#replaceState(p, state);
        }
      }
    });
  }

  /** Clear the gradients of every parameter. */
  zeroGrad(): void {
    for (const group of this.paramGroups) for (const p of group.params) p.zeroGrad();
  }

  /** Install `next` as `p`'s state: keep its tensors, dispose the previous ones it does not reuse. */
  #replaceState(p: Tensor, next: ParamState): void {
    const nextTensors = new Set(
      Object.values(next).filter((v): v is Tensor => v instanceof Tensor),
    );
    for (const t of nextTensors) keep(t);
    for (const v of Object.values(this.#state.get(p) ?? {})) {
      if (v instanceof Tensor && !nextTensors.has(v)) v.dispose();
    }
    this.#state.set(p, next);
  }

  /**
   * The per-parameter state and the groups' options (PyTorch's layout). The tensors are the
   * optimiser's own (no copy): do not dispose them.
   */
  stateDict(): OptimizerStateDict {
    const state: Record<number, ParamState> = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const { params, ...options } = group;
      const indices = params.map((p) => {
        const s = this.#state.get(p);
        if (s !== undefined) state[index] = { ...s };
        return index++;
      });
      return { ...options, params: indices };
    });
    return { state, paramGroups };
  }

  /**
   * The per-parameter state entries this optimiser keeps, and whether each is a tensor or a
   * number; `null` (the default, for optimisers written outside this package) accepts any
   * entry name. {@link loadStateDict} refuses names not listed here.
   */
  protected get stateEntries(): Readonly<Record<string, 'tensor' | 'number'>> | null {
    return null;
  }

  /**
   * Check that `stateDict` fits this optimiser — what {@link loadStateDict} checks — without
   * loading anything: its layout, the number and sizes of the parameter groups, the groups'
   * options (names, types and ranges), and every state entry (name, and a Tensor of the
   * parameter's shape and dtype, or a number). Every problem is reported in one error.
   * @example
   * ```ts
   * import { Adam, Linear } from '@tensorgrad/nn';
   * const opt: Adam = new Adam(new Linear(2, 2).parameters()); // `asserts` methods need a declared type
   * let message = '';
   * try { opt.validateStateDict({ state: {}, paramGroups: [] }); } catch (e) { message = (e as Error).message; }
   * if (!message.includes('1 parameter group in the optimiser, 0 in the state dict')) throw new Error(message);
   * ```
   */
  validateStateDict(stateDict: unknown): asserts stateDict is OptimizerStateDict {
    const problems = this.#stateDictProblems(stateDict);
    if (problems.length > 0) {
      throw new Error(
        `${this.constructor.name}.loadStateDict: the state dict does not fit, nothing was loaded ` +
          `(${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
      );
    }
  }

  /**
   * Restore a state saved by {@link Optimizer.stateDict} from an optimiser over parameters of the
   * same shapes, in the same group layout (PyTorch's `load_state_dict`: saved parameter indices
   * map to this optimiser's parameters in group order, and the groups' options are overwritten).
   * All or nothing: {@link validateStateDict} runs first and reports every problem in one error.
   * The state tensors are copied.
   *
   * A state dict that went through `JSON.stringify` has lost its tensors (they became plain
   * objects): save optimisers with `saveCheckpoint` / `checkpointToBytes` instead.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { Adam, Linear } from '@tensorgrad/nn';
   * const model = new Linear(2, 1);
   * const opt = new Adam(model.parameters());
   * model.forward(randn([4, 2])).sum().backward();
   * opt.step();
   * let message = '';
   * try { opt.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict()))); } catch (e) { message = (e as Error).message; }
   * if (!message.includes("state entry 'expAvg' of parameter 0 is a plain object, expected a Tensor")) throw new Error(message);
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    this.validateStateDict(stateDict);
    const params = this.paramGroups.flatMap((g) => g.params);
    const savedIndices = stateDict.paramGroups.flatMap((g) => g.params);
    const states = params.map((_, i) => stateDict.state[savedIndices[i]!]);
    // Copy every tensor before replacing any state, so that a failure while copying changes nothing.
    const copies = states.map((saved) => {
      if (saved === undefined) return undefined;
      const copy: ParamState = {};
      for (const [field, v] of Object.entries(saved))
        copy[field] = v instanceof Tensor ? v.clone() : v;
      return copy;
    });
    params.forEach((p, i) => {
      // Replacing with an empty state disposes the old tensors; then a missing entry means "no state yet".
      this.#replaceState(p, copies[i] ?? {});
      if (copies[i] === undefined) this.#state.delete(p);
    });
    stateDict.paramGroups.forEach((saved, i) => {
      // Options are plain data (numbers, booleans, tuples); `params` keeps this optimiser's own tensors.
      const group = this.paramGroups[i] as unknown as Record<string, unknown>;
      for (const [option, value] of Object.entries(saved))
        if (option !== 'params') group[option] = Array.isArray(value) ? [...value] : value;
    });
  }

  /** Every reason why `stateDict` cannot be loaded, in words. */
  #stateDictProblems(stateDict: unknown): string[] {
    if (!isPlainObject(stateDict)) {
      return [
        `expected the { state, paramGroups } object of stateDict(), got ${describe(stateDict)}`,
      ];
    }
    const problems: string[] = [];
    for (const key of Object.keys(stateDict)) {
      if (key === 'state' || key === 'paramGroups') continue;
      const suggestion = closestName(key, ['state', 'paramGroups']);
      problems.push(
        `unknown key '${key}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (expected state and paramGroups)`,
      );
    }
    const { state, paramGroups } = stateDict as Record<string, unknown>;
    if (!Array.isArray(paramGroups)) {
      problems.push(`paramGroups is ${describe(paramGroups)}, expected an array of groups`);
    }
    if (!isPlainObject(state)) {
      problems.push(`state is ${describe(state)}, expected an object of per-parameter states`);
    }
    if (problems.length > 0) return problems;
    const groups = paramGroups as unknown[];
    if (groups.length !== this.paramGroups.length) {
      return [
        `${count(this.paramGroups.length, 'parameter group')} in the optimiser, ${groups.length} in the state dict`,
      ];
    }

    // PyTorch's id_map: the saved indices of each group, in order, name this optimiser's parameters.
    const byIndex = new Map<string, Tensor>();
    groups.forEach((group, i) => problems.push(...this.#groupProblems(group, i, byIndex)));
    for (const [key, entries] of Object.entries(state as Record<string, unknown>)) {
      const p = byIndex.get(key);
      if (p === undefined) {
        // With a broken group the indices are incomplete; its own problem is reported already.
        const total = this.paramGroups.reduce((n, g) => n + g.params.length, 0);
        if (byIndex.size === total) {
          problems.push(
            `state for parameter ${key}, but paramGroups list only ${[...byIndex.keys()].join(', ')}`,
          );
        }
        continue;
      }
      problems.push(...this.#entryProblems(key, p, entries));
    }
    return problems;
  }

  /** Problems of saved group `i`; records its parameters' saved indices in `byIndex`. */
  #groupProblems(group: unknown, i: number, byIndex: Map<string, Tensor>): string[] {
    if (!isPlainObject(group))
      return [`paramGroups[${i}] is ${describe(group)}, expected an object`];
    const problems: string[] = [];
    const { params: indices, ...options } = group;
    const own = this.paramGroups[i]!;
    if (!Array.isArray(indices) || !indices.every((k) => Number.isInteger(k) && k >= 0)) {
      problems.push(`paramGroups[${i}].params is ${describe(indices)}, expected parameter indices`);
    } else if (indices.length !== own.params.length) {
      problems.push(
        `group ${i} has ${count(indices.length, 'parameter')} in the state dict, ${own.params.length} in the optimiser`,
      );
    } else {
      indices.forEach((k, j) => {
        if (byIndex.has(String(k)))
          problems.push(`parameter index ${k} appears twice in paramGroups`);
        byIndex.set(String(k), own.params[j]!);
      });
    }
    const known = [...Object.keys(this.defaults), 'initialLr'];
    for (const [option, value] of Object.entries(options)) {
      if (!known.includes(option)) {
        const suggestion = closestName(option, known);
        problems.push(
          `unknown option '${option}' in paramGroups[${i}]${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
        );
        continue;
      }
      const expected =
        option === 'initialLr' ? 0 : (this.defaults as Record<string, unknown>)[option];
      if (!sameKind(value, expected)) {
        problems.push(
          `option '${option}' of paramGroups[${i}] is ${describe(value)}, expected ${kindOf(expected)}`,
        );
      }
    }
    if (problems.length === 0) {
      try {
        this.validate({ ...own, ...options, params: own.params } as ParamGroup<O>);
      } catch (error) {
        problems.push(`paramGroups[${i}]: ${(error as Error).message}`);
      }
    }
    return problems;
  }

  /** Problems of the state saved for parameter `key` (this optimiser's `p`). */
  #entryProblems(key: string, p: Tensor, entries: unknown): string[] {
    if (!isPlainObject(entries))
      return [`state for parameter ${key} is ${describe(entries)}, expected an object`];
    const problems: string[] = [];
    const spec = this.stateEntries;
    for (const [field, v] of Object.entries(entries)) {
      const where = `state entry '${field}' of parameter ${key}`;
      const kind = spec === null ? (typeof v === 'number' ? 'number' : 'tensor') : spec[field];
      if (kind === undefined) {
        const names = Object.keys(spec!);
        const suggestion = closestName(field, names);
        problems.push(
          `unknown ${where}${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`} (${this.constructor.name} keeps ${names.join(', ')})`,
        );
      } else if (kind === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v))
          problems.push(`${where} is ${describe(v)}, expected a finite number`);
      } else if (!(v instanceof Tensor)) {
        problems.push(
          `${where} is ${describe(v)}, expected a Tensor` +
            (isPlainObject(v)
              ? ' (a state dict that went through JSON.stringify has lost its tensors: save it with saveCheckpoint or checkpointToBytes, or keep the object itself)'
              : ''),
        );
      } else if (v.isDisposed) {
        problems.push(`${where} is a disposed Tensor`);
      } else if (!sameShape(v.shape, p.shape) || v.dtype !== p.dtype) {
        problems.push(
          `${where} is ${shapeString(v.shape)} ${v.dtype}, parameter ${key} is ${shapeString(p.shape)} ${p.dtype}`,
        );
      }
    }
    return problems;
  }
}

/** Whether `value` is a plain `{}` object (not an array, a Tensor or another class instance). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether a loaded option `value` has the kind of the default `expected` (a tuple: its length). */
function sameKind(value: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(value) &&
      value.length === expected.length &&
      value.every((v, i) => typeof v === typeof expected[i])
    );
  }
  return typeof value === typeof expected && !(typeof value === 'number' && Number.isNaN(value));
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Tensor) return 'a Tensor';
  if (isPlainObject(value)) return 'a plain object';
  if (typeof value === 'object') return `a ${value.constructor.name}`;
  return `a ${typeof value} (${String(value)})`;
}

/** The kind of a default option value, in words: `a number`, `an array of 2 numbers`. */
function kindOf(expected: unknown): string {
  if (!Array.isArray(expected)) return `a ${typeof expected}`;
  return `an array of ${expected.length} ${typeof expected[0]}s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function isGroupList<O extends OptimizerOptions>(
  params: ParamsArgument<O>,
): params is readonly ParamGroupSpec<O>[] {
  return (
    Array.isArray(params) &&
    params.length > 0 &&
    typeof params[0] === 'object' &&
    'params' in params[0]
  );
}
