/** `ChanLayerNorm`: layer normalisation over the channel axis of a channels-first feature map. */
import { Tensor, ones, zeros } from '@tensorgrad/autograd';
import { Module, Parameter } from '@tensorgrad/nn';

/** `scalable_vit.ChanLayerNorm(dim, eps = 1e-5)`: normalises `[b, c, h, w]` over `c`. */
export class ChanLayerNorm extends Module {
  readonly eps: number;
  /** Gain `[1, dim, 1, 1]`. */
  readonly g: Parameter;
  /** Bias `[1, dim, 1, 1]`. */
  readonly b: Parameter;

  constructor(dim: number, eps = 1e-5) {
    super();
    this.eps = eps;
    this.g = new Parameter(ones([1, dim, 1, 1]));
    this.b = new Parameter(zeros([1, dim, 1, 1]));
  }

  /** `[b, dim, h, w]` → the same shape, normalised over `dim`. */
  forward(x: Tensor): Tensor {
    const variance = x.var(1, { unbiased: false, keepdim: true });
    const mean = x.mean(1, true);
    // The reference's order (divide by the root, then scale), so the float32 rounding matches.
    return x.sub(mean).div(variance.add(this.eps).sqrt()).mul(this.g).add(this.b);
  }
}
