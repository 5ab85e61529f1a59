/** `Downsample`: the strided convolution between two ScalableViT stages. */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Module } from '@tensorgrad/nn';

/** `scalable_vit.Downsample(dim_in, dim_out)`: 3x3, stride 2, padding 1 (`h → ceil(h / 2)`). */
export class Downsample extends Module {
  readonly conv: Conv2d;

  constructor(dimIn: number, dimOut: number) {
    super();
    this.conv = new Conv2d(dimIn, dimOut, 3, { stride: 2, padding: 1 });
  }

  /** `[b, dimIn, h, w]` → `[b, dimOut, ceil(h / 2), ceil(w / 2)]`. */
  forward(x: Tensor): Tensor {
    return this.conv.forward(x);
  }
}
