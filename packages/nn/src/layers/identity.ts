/** `Identity`: a placeholder layer. */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';

/**
 * Returns its input unchanged (as `torch.nn.Identity`), for optional stages of a model.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Identity, Linear } from '@tensorgrad/nn';
 * const needsProjection = false;
 * const project = needsProjection ? new Linear(64, 32) : new Identity();
 * const x = randn([2, 64]);
 * if (project.forward(x) !== x) throw new Error('identity returns its input');
 * ```
 */
export class Identity extends Module {
  /** The input itself. */
  forward(input: Tensor): Tensor {
    return input;
  }
}
