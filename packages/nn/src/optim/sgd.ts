/** `SGD`: stochastic gradient descent with optional momentum, as `torch.optim.SGD`. */
import type { Tensor } from '@tensorgrad/autograd';
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
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Parameter, SGD } from '@tensorgrad/nn';
 * const p = new Parameter(tensor([0]));
 * const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 2; i++) {
 *   opt.zeroGrad();
 *   p.mul(-1).sum().backward(); // gradient -1
 *   opt.step();
 * }
 * if (Math.abs(Number(p.item()) - 0.29) > 1e-6) throw new Error(`0.1 + 0.1 · 1.9 = ${Number(p.item())}`);
 * ```
 */
export class SGD extends Optimizer<SGDOptions> {
  /**
   * Create the optimiser over `params` (or parameter groups); options override PyTorch's defaults (lr 1e-3).
   */
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

  protected override get stateEntries(): Readonly<Record<string, 'tensor' | 'number'>> {
    return { momentumBuffer: 'tensor' };
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
    param: Tensor,
    grad: Tensor,
    group: ParamGroup<SGDOptions>,
    state: ParamState,
  ): Update {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let g = maximize ? grad.neg() : grad;
    if (weightDecay !== 0) g = g.add(param.mul(weightDecay));
    if (momentum === 0) return { param: param.sub(g.mul(lr)), state: {} };
    const previous = state['momentumBuffer'] as Tensor | undefined;
    // The first buffer is a copy of the gradient (not momentum · 0 + (1 − dampening) · g).
    const buffer =
      previous === undefined ? g.clone() : previous.mul(momentum).add(g.mul(1 - dampening));
    const direction = nesterov ? g.add(buffer.mul(momentum)) : buffer;
    return { param: param.sub(direction.mul(lr)), state: { momentumBuffer: buffer } };
  }
}
