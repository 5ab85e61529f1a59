/** `AdamW`: Adam with decoupled weight decay, as `torch.optim.AdamW`. */
import { ADAM_DEFAULTS, Adam } from './adam.js';
import type { AdamOptions } from './adam.js';
import type { ParamsArgument } from './optimizer.js';

/**
 * Adam whose weight decay shrinks the parameters directly, p = p · (1 − lr · weightDecay),
 * before the Adam step, instead of adding an L2 term to the gradient (Loshchilov & Hutter).
 * The default `weightDecay` is 0.01, PyTorch's.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import { AdamW, Parameter } from '@tensorgrad/nn';
 * const p = new Parameter(ones([2]));
 * const opt = new AdamW([p], { lr: 1e-3, weightDecay: 0.05 });
 * p.mul(0).sum().backward(); // zero gradient: only the decay acts
 * opt.step();
 * if (Math.abs(p.data()[0]! - (1 - 1e-3 * 0.05)) > 1e-7) throw new Error('decoupled decay');
 * ```
 */
export class AdamW extends Adam {
  /** Create the optimiser over `params` (or parameter groups); `weightDecay` defaults to 0.01. */
  constructor(params: ParamsArgument<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...ADAM_DEFAULTS, weightDecay: 1e-2, ...options });
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}
