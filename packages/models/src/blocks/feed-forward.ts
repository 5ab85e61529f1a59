/**
 * The pre-norm MLP block that `learnable_memory_vit.py`, `ats_vit.py` and `cross_vit.py` each
 * define, identically, as `FeedForward`: written once here, re-exported by each network file.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Dropout, GELU, LayerNorm, Linear, Module, Sequential } from '@tensorgrad/nn';

/** Pre-norm MLP block; keys `net.0` (norm), `net.1` and `net.4` (linears), as in PyTorch. */
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

  /** `[..., dim]` → `[..., dim]`. */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}
