/**
 * `Optimizer`: the part every optimiser shares — parameter groups, per-parameter state, the
 * leak-free update loop, and state dicts. Subclasses only write the update rule.
 *
 * Memory: `step()` may run inside a user's `tidy`. Each update is computed in its own `tidy`,
 * and the new parameter values and state tensors are `keep`-ed (they must outlive any scope),
 * while the values they replace are disposed. Parameters change through `assign`, so the
 * Tensor objects that models hold stay the same.
 */
import { Tensor, keep, noGrad, tidy } from '@tensorgrad/autograd';
import { sameShape, shapeString } from '@tensorgrad/tensor';

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
 * if (Number(mseLoss(model.forward(x), y).item()) >= Number(first.item())) throw new Error('the loss went down');
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
          const next = tidy(() => this.update(p.detach(), grad, group, previous));
          this.#replaceState(p, next.state);
          keep(next.param);
          p.assign(next.param);
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
   * Restore a state saved by {@link Optimizer.stateDict} from an optimiser over parameters of the same
   * shapes, in the same group layout. All or nothing: every problem is reported in one error.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const name = this.constructor.name;
    const problems: string[] = [];
    const params = this.paramGroups.flatMap((g) => g.params);
    if (stateDict.paramGroups.length !== this.paramGroups.length) {
      problems.push(
        `${stateDict.paramGroups.length} parameter groups in the state dict, ${this.paramGroups.length} in the optimiser`,
      );
    } else {
      stateDict.paramGroups.forEach((g, i) => {
        const expected = this.paramGroups[i]!.params.length;
        if (g.params.length !== expected) {
          problems.push(
            `group ${i} has ${g.params.length} parameters in the state dict, ${expected} in the optimiser`,
          );
        }
      });
    }
    for (const [key, s] of Object.entries(stateDict.state)) {
      const p = params[Number(key)];
      if (p === undefined) {
        problems.push(
          `state for parameter ${key}, but the optimiser has ${params.length} parameters`,
        );
        continue;
      }
      for (const [field, v] of Object.entries(s)) {
        if (typeof v === 'number' || typeof v === 'boolean') continue;
        if (!(v instanceof Tensor)) {
          problems.push(
            `state ${key}.${field} is ${v === null ? 'null' : typeof v === 'object' ? `a ${(v as object).constructor.name}` : typeof v}, expected a Tensor or a number ` +
              `(a state dict that went through JSON has lost its tensors; save it with saveSafetensors or keep the object)`,
          );
          continue;
        }
        if (!sameShape(v.shape, p.shape) || v.dtype !== p.dtype) {
          problems.push(
            `state ${key}.${field} is ${shapeString(v.shape)} ${v.dtype}, parameter ${key} is ${shapeString(p.shape)} ${p.dtype}`,
          );
        }
      }
    }
    if (problems.length > 0) {
      throw new Error(
        `${name}.loadStateDict: the state dict does not fit, nothing was loaded:\n  ${problems.join('\n  ')}`,
      );
    }
    params.forEach((p, i) => {
      const saved = stateDict.state[i];
      const copy: ParamState = {};
      for (const [field, v] of Object.entries(saved ?? {})) {
        copy[field] = v instanceof Tensor ? v.clone() : v;
      }
      // Replacing with an empty state disposes the old tensors; then a missing entry means "no state yet".
      this.#replaceState(p, copy);
      if (saved === undefined) this.#state.delete(p);
    });
    stateDict.paramGroups.forEach((saved, i) => {
      // Options are plain data (numbers, booleans, tuples); `params` keeps this optimiser's own tensors.
      const group = this.paramGroups[i] as unknown as Record<string, unknown>;
      for (const [option, value] of Object.entries(saved))
        if (option !== 'params') group[option] = value;
    });
  }
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
