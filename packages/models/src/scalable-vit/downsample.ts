/** `Downsample`: the strided convolution between two ScalableViT stages. */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Module } from '@tensorgrad/nn';

/**
 * `scalable_vit.Downsample(dim_in, dim_out)`: a 3x3 convolution with stride 2 and padding 1,
 * halving the feature map (`h → floor((h - 1) / 2) + 1`) while changing the width.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const down = new scalableVit.Downsample(4, 8);
 * if (down.forward(randn([2, 4, 8, 12])).shape.join() !== '2,8,4,6') throw new Error('halved, wider');
 * ```
 */
export class Downsample extends Module {
  /**
   * `Conv2d(dimIn, dimOut, 3, stride 2, padding 1)`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.Downsample(4, 8).conv.options.stride !== 2) throw new Error('stride 2');
   * ```
   */
  readonly conv: Conv2d;

  /**
   * @param dimIn - channels of the input.
   * @param dimOut - channels of the output.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.Downsample(4, 8).conv.weight.shape.join() !== '8,4,3,3') throw new Error('3x3 kernel');
   * ```
   */
  constructor(dimIn: number, dimOut: number) {
    super();
    this.conv = new Conv2d(dimIn, dimOut, 3, { stride: 2, padding: 1 });
  }

  /**
   * `[b, dimIn, h, w]` → `[b, dimOut, ceil(h / 2), ceil(w / 2)]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.Downsample(2, 2).forward(randn([1, 2, 5, 3])).shape.join() !== '1,2,3,2') throw new Error('ceil(h / 2)');
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}
