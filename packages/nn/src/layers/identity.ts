/** `Identity`: a placeholder layer. */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';

/**
 * Returns its input unchanged (as `torch.nn.Identity`), for optional stages of a model.
 * @example
 * const project = needsProjection ? new Linear(64, 32) : new Identity();
 */
export class Identity extends Module {
  /** The input itself. */
  forward(input: Tensor): Tensor {
    return input;
  }
}
