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
 * const peg = new PEG(16);
 * peg.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
 * ```
 */
export class PEG extends Module {
  /** Depthwise convolution `[dim, 1, k, k]`. */
  readonly proj: Conv2d;

  /**
   * @param dim - channels (one filter each).
   * @param kernelSize - odd kernel size. Default 3.
   */
  constructor(dim: number, kernelSize = 3) {
    super();
    this.proj = new Conv2d(dim, dim, kernelSize, {
      padding: Math.floor(kernelSize / 2),
      groups: dim,
      stride: 1,
    });
  }

  /** `[b, dim, h, w]` → `proj(x) + x`, same shape. */
  forward(x: Tensor): Tensor {
    return this.proj.forward(x).add(x);
  }
}
