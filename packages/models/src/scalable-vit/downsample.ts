/** `Downsample`: the strided convolution between two ScalableViT stages. */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Module } from '@tensorgrad/nn';

/**
 * `scalable_vit.Downsample(dim_in, dim_out)`: a 3x3 convolution with stride 2 and padding 1,
 * halving the feature map (`h → floor((h - 1) / 2) + 1`) while changing the width.
 *
 * @example
 * ```ts
 * const down = new Downsample(16, 32);
 * down.forward(randn([2, 16, 8, 12])).shape; // [2, 32, 4, 6]
 * ```
 */
export class Downsample extends Module {
  /** `Conv2d(dimIn, dimOut, 3, stride 2, padding 1)`. */
  readonly conv: Conv2d;

  /**
   * @param dimIn - channels of the input.
   * @param dimOut - channels of the output.
   */
  constructor(dimIn: number, dimOut: number) {
    super();
    this.conv = new Conv2d(dimIn, dimOut, 3, { stride: 2, padding: 1 });
  }

  /** `[b, dimIn, h, w]` → `[b, dimOut, ceil(h / 2), ceil(w / 2)]`. */
  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}
