/**
 * `ScalableSelfAttention` (SSA): global attention whose keys and values come from a feature map
 * shrunk by a strided convolution, so its cost falls by `reductionFactor²`.
 */
import type { Tensor } from '@tensorgrad/autograd';
import {
  Conv2d,
  Dropout,
  Module,
  Sequential,
  Softmax,
  checkOptions,
  rearrange,
  type OptionSpec,
} from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';

/** Options of {@link ScalableSelfAttention} (defaults: 8 heads, sizes 32, no reduction). */
export interface ScalableSelfAttentionOptions {
  heads?: number;
  dimKey?: number;
  dimValue?: number;
  dropout?: number;
  /** Kernel and stride of the key/value convolutions. */
  reductionFactor?: number;
}

const SSA_OPTIONS: OptionSpec<ScalableSelfAttentionOptions> = {
  heads: 'optional',
  dimKey: 'optional',
  dimValue: 'optional',
  dropout: 'optional',
  reductionFactor: 'optional',
};

/**
 * `scalable_vit.ScalableSelfAttention`: every pixel attends to every pixel of the map reduced by
 * `reductionFactor` (no padding, so sizes floor). The caller adds the residual.
 */
export class ScalableSelfAttention extends Module {
  readonly heads: number;
  readonly scale: number;
  /** Not in the reference: kept to check the feature map is at least this large. */
  readonly reductionFactor: number;
  readonly attend: Softmax;
  readonly dropout: Dropout;
  readonly norm: ChanLayerNorm;
  readonly toQ: Conv2d;
  readonly toK: Conv2d;
  readonly toV: Conv2d;
  readonly toOut: Sequential;

  constructor(dim: number, options: ScalableSelfAttentionOptions = {}) {
    super();
    checkOptions('ScalableSelfAttention', options, SSA_OPTIONS);
    const { heads = 8, dimKey = 32, dimValue = 32, dropout = 0, reductionFactor = 1 } = options;
    this.heads = heads;
    this.scale = dimKey ** -0.5;
    this.reductionFactor = reductionFactor;
    this.attend = new Softmax(-1);
    this.dropout = new Dropout(dropout);

    this.norm = new ChanLayerNorm(dim);
    this.toQ = new Conv2d(dim, dimKey * heads, 1, { bias: false });
    const reduce = { stride: reductionFactor, bias: false };
    this.toK = new Conv2d(dim, dimKey * heads, reductionFactor, reduce);
    this.toV = new Conv2d(dim, dimValue * heads, reductionFactor, reduce);

    this.toOut = new Sequential(new Conv2d(dimValue * heads, dim, 1), new Dropout(dropout));
  }

  /** `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual). */
  forward(input: Tensor): Tensor {
    const [height, width] = input.shape.slice(-2) as [number, number];
    const { heads, reductionFactor } = this;
    if (height < reductionFactor || width < reductionFactor) {
      throw new Error(
        `ScalableSelfAttention: the ${height}x${width} feature map is smaller than the reduction factor ${reductionFactor}`,
      );
    }

    const x = this.norm.forward(input);
    // The reference's pattern is 'b (h d) ... -> b h (...) d'; the inputs are always 4-D here.
    const splitHeads = (t: Tensor): Tensor =>
      rearrange(t, 'b (h d) x y -> b h (x y) d', { h: heads });
    const q = splitHeads(this.toQ.forward(x));
    const k = splitHeads(this.toK.forward(x));
    const v = splitHeads(this.toV.forward(x));

    const dots = q.matmul(k.transpose(-1, -2)).mul(this.scale);
    const attn = this.dropout.forward(this.attend.forward(dots));
    const out = attn.matmul(v);

    const merged = rearrange(out, 'b h (x y) d -> b (h d) x y', { x: height, y: width });
    return this.toOut.forward(merged);
  }
}
