/** `SGD`: stochastic gradient descent with optional momentum, as `torch.optim.SGD`. */
import type { Tensor as RawTensor } from '@tensorgrad/tensor';
import { Optimizer } from './optimizer.js';
import type {
  OptimizerOptions,
  ParamGroup,
  ParamState,
  ParamsArgument,
  Update,
} from './optimizer.js';

/** Options of {@link SGD} (PyTorch's keyword arguments, camelCase). */
export interface SGDOptions extends OptimizerOptions {
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening of the momentum's gradient term (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Ascend instead of descend (default false). */
  maximize: boolean;
}

/**
 * Stochastic gradient descent with PyTorch's update rule:
 *
 * ```
 * g = ∇ + weightDecay · p
 * b = g                               (first step)
 * b = momentum · b + (1 − dampening) · g   (later steps)
 * g = nesterov ? g + momentum · b : b      (when momentum ≠ 0)
 * p = p − lr · g
 * ```
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsArgument<SGDOptions>, options: Partial<SGDOptions> = {}) {
    super(params, {
      lr: 1e-3,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      ...options,
    });
  }

  protected validate(group: ParamGroup<SGDOptions>): void {
    if (!(group.lr >= 0)) throw new Error(`SGD: lr must be >= 0, got ${group.lr}`);
    if (!(group.momentum >= 0))
      throw new Error(`SGD: momentum must be >= 0, got ${group.momentum}`);
    if (!(group.weightDecay >= 0))
      throw new Error(`SGD: weightDecay must be >= 0, got ${group.weightDecay}`);
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new Error(
        `SGD: nesterov needs momentum > 0 and dampening 0, got momentum ${group.momentum}, dampening ${group.dampening}`,
      );
    }
  }

  protected update(
    param: RawTensor,
    grad: RawTensor,
    group: ParamGroup<SGDOptions>,
    state: ParamState,
  ): Update {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    if (momentum === 0) return { param: param.sub(g.mul(lr)), state: {} };
    const previous = state['momentumBuffer'] as RawTensor | undefined;
    // The first buffer is a copy of the gradient (not momentum · 0 + (1 − dampening) · g).
    const buffer =
      previous === undefined ? g.clone() : previous.mul(momentum).add(g.mul(1 - dampening));
    const direction = nesterov ? g.add(buffer.mul(momentum)) : buffer;
    return { param: param.sub(direction.mul(lr)), state: { momentumBuffer: buffer } };
  }
}
