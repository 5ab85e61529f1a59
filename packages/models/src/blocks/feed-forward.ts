/**
 * The pre-norm MLP block that `learnable_memory_vit.py`, `ats_vit.py` and `cross_vit.py` each
 * define, identically, as `FeedForward`. It is written once here; each network file re-exports
 * it under its Python name, so `learnableMemoryVit.FeedForward`, `atsVit.FeedForward` and
 * `crossVit.FeedForward` still read like their originals.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Dropout, GELU, LayerNorm, Linear, Module, Sequential } from '@tensorgrad/nn';

/**
 * Pre-norm MLP block: LayerNorm → Linear → GELU (exact erf form) → Dropout → Linear → Dropout.
 * State-dict keys `net.0` (norm), `net.1` and `net.4` (the two linears), as in PyTorch.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const ff = new crossVit.FeedForward(16, 32);
 * if (ff.forward(randn([2, 5, 16])).shape.join() !== '2,5,16') throw new Error('shape');
 * if (Object.keys(ff.stateDict()).join() !== 'net.0.weight,net.0.bias,net.1.weight,net.1.bias,net.4.weight,net.4.bias')
 *   throw new Error('keys');
 * ```
 */
export class FeedForward extends Module {
  readonly net: Sequential;

  constructor(dim: number, hiddenDim: number, dropout = 0) {
    super();
    this.net = new Sequential(
      new LayerNorm(dim),
      new Linear(dim, hiddenDim),
      new GELU(),
      new Dropout(dropout),
      new Linear(hiddenDim, dim),
      new Dropout(dropout),
    );
  }

  /**
   * The block applied to the last axis of `x` (`[..., dim]` → `[..., dim]`).
   *
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.FeedForward(8, 16).forward(randn([3, 8])).shape.join() !== '3,8') throw new Error('shape');
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}
