/** `Adam`, as `torch.optim.Adam`. */
import { type Tensor, zerosLike } from '@tensorgrad/autograd';
import { Optimizer } from './optimizer.js';
import type {
  OptimizerOptions,
  ParamGroup,
  ParamState,
  ParamsArgument,
  Update,
} from './optimizer.js';

/** Options of {@link Adam} and {@link AdamW} (PyTorch's keyword arguments, camelCase). */
export interface AdamOptions extends OptimizerOptions {
  /** Decay rates of the first and second moment estimates (default [0.9, 0.999]). */
  betas: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad; default false). */
  amsgrad: boolean;
  /** Ascend instead of descend (default false). */
  maximize: boolean;
}

/** The default options of Adam. */
export const ADAM_DEFAULTS: AdamOptions = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

/**
 * Adam with PyTorch's update rule (t = step count, from 1):
 *
 * ```
 * g = ∇ + weightDecay · p                  (Adam; AdamW instead does p = p · (1 − lr · weightDecay))
 * m = m + (1 − β1)(g − m)
 * v = β2 v + (1 − β2) g²
 * v̂ = amsgrad ? max(v̂, v) : v
 * p = p − lr / (1 − β1ᵗ) · m / (√v̂ / √(1 − β2ᵗ) + eps)
 * ```
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Adam, Linear } from '@tensorgrad/nn';
 * const model = new Linear(3, 1);
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * const before = model.bias!.item();
 * model.forward(randn([4, 3])).sum().backward();
 * opt.step();
 * if (Math.abs(Math.abs(model.bias!.item() - before) - 1e-3) > 1e-6) throw new Error('first step moves by lr');
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  /**
   * Create the optimiser over `params` (or parameter groups); options override {@link ADAM_DEFAULTS}.
   */
  constructor(params: ParamsArgument<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...ADAM_DEFAULTS, ...options });
  }

  /** Whether weight decay shrinks the parameter directly (AdamW) instead of adding to the gradient. */
  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  protected override get stateEntries(): Readonly<Record<string, 'tensor' | 'number'>> {
    return { step: 'number', expAvg: 'tensor', expAvgSq: 'tensor', maxExpAvgSq: 'tensor' };
  }

  protected validate(group: ParamGroup<AdamOptions>): void {
    const name = this.constructor.name;
    if (!(group.lr >= 0)) throw new Error(`${name}: lr must be >= 0, got ${group.lr}`);
    if (!(group.eps >= 0)) throw new Error(`${name}: eps must be >= 0, got ${group.eps}`);
    const [beta1, beta2] = group.betas;
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
      throw new Error(`${name}: betas must be in [0, 1), got [${beta1}, ${beta2}]`);
    }
    if (!(group.weightDecay >= 0))
      throw new Error(`${name}: weightDecay must be >= 0, got ${group.weightDecay}`);
  }

  protected update(
    param: Tensor,
    grad: Tensor,
    group: ParamGroup<AdamOptions>,
    state: ParamState,
  ): Update {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = betas;
    const step = ((state['step'] as number | undefined) ?? 0) + 1;
    let g = maximize ? grad.neg() : grad;
    let p = param;
    if (weightDecay !== 0) {
      if (this.decoupledWeightDecay) p = p.mul(1 - lr * weightDecay);
      else g = g.add(p.mul(weightDecay));
    }
    const m0 = (state['expAvg'] as Tensor | undefined) ?? zerosLike(param);
    const v0 = (state['expAvgSq'] as Tensor | undefined) ?? zerosLike(param);
    // PyTorch: exp_avg.lerp_(grad, 1 - beta1); exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2).
    const m = m0.add(g.sub(m0).mul(1 - beta1));
    const v = v0.mul(beta2).add(g.mul(g).mul(1 - beta2));
    const next: ParamState = { step, expAvg: m, expAvgSq: v };
    let second = v;
    if (amsgrad) {
      const previousMax = state['maxExpAvgSq'] as Tensor | undefined;
      second = previousMax === undefined ? v.clone() : previousMax.maximum(v);
      next['maxExpAvgSq'] = second;
    }
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2 = 1 - beta2 ** step;
    const denominator = second.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
    return { param: p.sub(m.div(denominator).mul(lr / biasCorrection1)), state: next };
  }
}
