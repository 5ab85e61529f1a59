/**
 * `Parameter`: a tensor that a {@link Module} registers as one of its learnable weights.
 */
import { Tensor } from '@tensorgrad/autograd';

/**
 * A leaf tensor that requires grad by default and that a {@link Module} picks up as a parameter
 * when assigned to one of its properties (as `torch.nn.Parameter`).
 *
 * The parameter takes over `data`: it wraps the same numbers, so no copy is made.
 *
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { Linear, Parameter } from '@tensorgrad/nn';
 * const w = new Parameter(zeros([3, 4]));
 * if (!w.requiresGrad) throw new Error('trainable by default');
 * const fc = new Linear(4, 3);
 * if (!(fc.weight instanceof Parameter)) throw new Error('layers register Parameters');
 * ```
 */
export class Parameter extends Tensor {
  /**
   * @param data - the initial value (its graph, if any, is dropped).
   * @param requiresGrad - whether optimisers and `backward()` should treat it as trainable.
   */
  constructor(data: Tensor, requiresGrad = true) {
    super(data.value, requiresGrad);
  }
}
