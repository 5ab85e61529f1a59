/** `PEG`, the positional encoding generator: a residual depthwise convolution. */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Module } from '@tensorgrad/nn';

/**
 * `scalable_vit.PEG(dim, kernel_size = 3)`: `proj(x) + x`. Unlike the other blocks it adds its
 * own residual, so the transformer calls it as `x = peg(x)`.
 */
export class PEG extends Module {
  readonly proj: Conv2d;

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
