/**
 * ScalableViT's `FeedForward`: a pointwise (1x1 convolution) perceptron on a feature map, with
 * its own `ChanLayerNorm` in front.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Dropout, GELU, Module, Sequential } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';

/**
 * `scalable_vit.FeedForward(dim, expansion_factor = 4, dropout = 0.)`:
 * `ChanLayerNorm → Conv2d 1x1 (dim → dim·factor) → GELU (exact, erf) → Dropout → Conv2d 1x1 → Dropout`.
 *
 * The norm sits inside `net` (as `net.0`), so the state-dict keys are `net.0.g`, `net.1.weight`,
 * `net.4.weight`: the GELU and dropouts keep their indices although they hold no parameters.
 * The caller adds the residual.
 *
 * @example
 * ```ts
 * const ff = new FeedForward(16, 2);
 * ff.forward(randn([2, 16, 8, 8])).shape; // [2, 16, 8, 8]
 * ```
 */
export class FeedForward extends Module {
  /** `Sequential(ChanLayerNorm, Conv2d, GELU, Dropout, Conv2d, Dropout)`. */
  readonly net: Sequential;

  /**
   * @param dim - channels in and out.
   * @param expansionFactor - hidden channels = `dim * expansionFactor`. Default 4.
   * @param dropout - dropout probability after the GELU and at the output. Default 0.
   */
  constructor(dim: number, expansionFactor = 4, dropout = 0) {
    super();
    const innerDim = dim * expansionFactor;
    this.net = new Sequential(
      new ChanLayerNorm(dim),
      new Conv2d(dim, innerDim, 1),
      new GELU(),
      new Dropout(dropout),
      new Conv2d(innerDim, dim, 1),
      new Dropout(dropout),
    );
  }

  /** `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual). */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}
