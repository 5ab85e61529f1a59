/**
 * `ChanLayerNorm`: layer normalisation over the channel axis of a channels-first feature map,
 * the normalisation every ScalableViT block applies before its convolutions.
 */
import { Tensor, ones, zeros } from '@tensorgrad/autograd';
import { Module, Parameter } from '@tensorgrad/nn';

/**
 * `scalable_vit.ChanLayerNorm(dim, eps = 1e-5)`: normalises `[b, c, h, w]` over `c` at every
 * pixel, `(x - mean) / sqrt(var + eps) * g + b`, with `g` and `b` shaped `[1, c, 1, 1]`.
 *
 * The variance is the biased one (`unbiased = False`), as in `nn.LayerNorm`; the expression is
 * kept in the reference's order (divide by the root, then scale) so the float32 rounding matches.
 *
 * @example
 * ```ts
 * const norm = new ChanLayerNorm(16);
 * norm.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
 * ```
 */
export class ChanLayerNorm extends Module {
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Per-channel gain `[1, dim, 1, 1]`, initialised to 1. */
  readonly g: Parameter;
  /** Per-channel bias `[1, dim, 1, 1]`, initialised to 0. */
  readonly b: Parameter;

  /**
   * @param dim - number of channels.
   * @param eps - numerical floor of the variance. Default 1e-5.
   */
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
    return x.sub(mean).div(variance.add(this.eps).sqrt()).mul(this.g).add(this.b);
  }
}
