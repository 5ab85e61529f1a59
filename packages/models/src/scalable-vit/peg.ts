/**
 * `PEG`, the positional encoding generator: a depthwise convolution whose output is added back
 * to its input, giving the tokens a position-dependent signal without a position table.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Module } from '@tensorgrad/nn';

/**
 * `scalable_vit.PEG(dim, kernel_size = 3)`: `proj(x) + x`, where `proj` is a depthwise
 * (`groups = dim`) `kernelSize` convolution with "same" padding (`kernelSize // 2`) and a bias.
 *
 * Unlike the other blocks it adds its own residual, so the transformer calls it as `x = peg(x)`.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const peg = new scalableVit.PEG(4);
 * if (peg.forward(randn([2, 4, 3, 3])).shape.join() !== '2,4,3,3') throw new Error('shape');
 * if (peg.proj.weight.shape.join() !== '4,1,3,3') throw new Error('depthwise');
 * ```
 */
export class PEG extends Module {
  /**
   * Depthwise convolution `[dim, 1, k, k]`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.PEG(4).proj.options.groups !== 4) throw new Error('depthwise');
   * ```
   */
  readonly proj: Conv2d;

  /**
   * @param dim - channels (one filter each).
   * @param kernelSize - odd kernel size. Default 3.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.PEG(4, 5).proj.weight.shape.join() !== '4,1,5,5') throw new Error('depthwise 5x5');
   * ```
   */
  constructor(dim: number, kernelSize = 3) {
    super();
    this.proj = new Conv2d(dim, dim, kernelSize, {
      padding: Math.floor(kernelSize / 2),
      groups: dim,
      stride: 1,
    });
  }

  /**
   * `[b, dim, h, w]` → `proj(x) + x`, same shape.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { init } from '@tensorgrad/nn';
   * import { scalableVit } from '@tensorgrad/models';
   * const peg = new scalableVit.PEG(2);
   * init.zeros_(peg.proj.weight);
   * init.zeros_(peg.proj.bias!);
   * const x = randn([1, 2, 3, 3]);
   * if (peg.forward(x).sub(x).abs().max().item() !== 0) throw new Error('proj(x) + x with proj = 0');
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.proj.forward(x).add(x);
  }
}
