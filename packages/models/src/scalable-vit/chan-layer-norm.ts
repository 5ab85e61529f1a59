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
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const norm = new scalableVit.ChanLayerNorm(4);
 * if (norm.forward(randn([2, 4, 3, 3])).shape.join() !== '2,4,3,3') throw new Error('shape');
 * if (norm.g.shape.join() !== '1,4,1,1') throw new Error('per-channel gain');
 * ```
 */
export class ChanLayerNorm extends Module {
  /**
   * Added to the variance before the square root.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ChanLayerNorm(4).eps !== 1e-5) throw new Error('default');
   * ```
   */
  readonly eps: number;
  /**
   * Per-channel gain `[1, dim, 1, 1]`, initialised to 1.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ChanLayerNorm(2).g.data().join() !== '1,1') throw new Error('ones');
   * ```
   */
  readonly g: Parameter;
  /**
   * Per-channel bias `[1, dim, 1, 1]`, initialised to 0.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ChanLayerNorm(2).b.data().join() !== '0,0') throw new Error('zeros');
   * ```
   */
  readonly b: Parameter;

  /**
   * @param dim - number of channels.
   * @param eps - numerical floor of the variance. Default 1e-5.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const norm = new scalableVit.ChanLayerNorm(3, 1e-6);
   * if (norm.eps !== 1e-6 || Object.keys(norm.stateDict()).join() !== 'g,b') throw new Error('g and b');
   * ```
   */
  constructor(dim: number, eps = 1e-5) {
    super();
    this.eps = eps;
    this.g = new Parameter(ones([1, dim, 1, 1]));
    this.b = new Parameter(zeros([1, dim, 1, 1]));
  }

  /**
   * `[b, dim, h, w]` → the same shape, normalised over `dim`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * const y = new scalableVit.ChanLayerNorm(8).forward(randn([1, 8, 2, 2]));
   * if (Number(y.mean(1).abs().max().item()) > 1e-5) throw new Error('zero mean over the channels of every pixel');
   * ```
   */
  forward(x: Tensor): Tensor {
    const variance = x.var(1, { unbiased: false, keepdim: true });
    const mean = x.mean(1, true);
    return x.sub(mean).div(variance.add(this.eps).sqrt()).mul(this.g).add(this.b);
  }
}
