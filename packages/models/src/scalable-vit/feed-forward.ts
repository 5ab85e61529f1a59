/** ScalableViT's `FeedForward`: 1x1 convolutions, its own `ChanLayerNorm` first. */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Dropout, GELU, Module, Sequential } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';

/**
 * `scalable_vit.FeedForward(dim, expansion_factor = 4, dropout = 0.)`. The norm sits inside
 * `net` (as `net.0`), so the keys are `net.0.g`, `net.1.weight`, `net.4.weight`. The caller adds
 * the residual.
 */
export class FeedForward extends Module {
  readonly net: Sequential;

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
