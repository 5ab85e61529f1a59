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
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const ff = new scalableVit.FeedForward(4, 2);
 * if (ff.forward(randn([2, 4, 3, 3])).shape.join() !== '2,4,3,3') throw new Error('shape');
 * const keys = Object.keys(ff.stateDict()).join();
 * if (keys !== 'net.0.g,net.0.b,net.1.weight,net.1.bias,net.4.weight,net.4.bias') throw new Error(`indices kept: ${keys}`);
 * ```
 */
export class FeedForward extends Module {
  /**
   * `Sequential(ChanLayerNorm, Conv2d, GELU, Dropout, Conv2d, Dropout)`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.FeedForward(4).net.length !== 6) throw new Error('six entries');
   * ```
   */
  readonly net: Sequential;

  /**
   * @param dim - channels in and out.
   * @param expansionFactor - hidden channels = `dim * expansionFactor`. Default 4.
   * @param dropout - dropout probability after the GELU and at the output. Default 0.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const ff = new scalableVit.FeedForward(4, 3, 0.1);
   * if (ff.stateDict()['net.1.weight']!.shape.join() !== '12,4,1,1') throw new Error('1x1, 4 → 12');
   * ```
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

  /**
   * `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.FeedForward(4).forward(randn([1, 4, 2, 2])).shape.join() !== '1,4,2,2') throw new Error('shape');
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}
