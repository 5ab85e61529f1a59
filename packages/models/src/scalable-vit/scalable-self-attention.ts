/**
 * `ScalableSelfAttention` (SSA): global attention whose keys and values come from a feature map
 * shrunk by a strided convolution, so its cost falls by `reductionFactor²`.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Dropout, Module, Sequential, Softmax, rearrange } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';

/**
 * Constructor options of {@link ScalableSelfAttention} (the Python kwargs, camelCase).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const options: scalableVit.ScalableSelfAttentionOptions = { heads: 2, dimKey: 4, dimValue: 2, dropout: 0, reductionFactor: 2 };
 * const ssa = new scalableVit.ScalableSelfAttention(8, options);
 * if (ssa.toK.weight.shape.join() !== '8,8,2,2') throw new Error('stride-2 key convolution');
 * if (ssa.forward(randn([1, 8, 4, 4])).shape.join() !== '1,8,4,4') throw new Error('shape');
 * ```
 */
export interface ScalableSelfAttentionOptions {
  /** Number of heads. Default 8. */
  heads?: number;
  /** Query/key size per head. Default 32. */
  dimKey?: number;
  /** Value size per head. Default 32. */
  dimValue?: number;
  /** Dropout on the attention weights and the output. Default 0. */
  dropout?: number;
  /** Kernel and stride of the key/value convolutions. Default 1 (no reduction). */
  reductionFactor?: number;
}

/**
 * `scalable_vit.ScalableSelfAttention`: `to_out(attention(q, k, v))` where, after the block's
 * own `ChanLayerNorm`, `q` is a 1x1 convolution of every pixel and `k`, `v` are convolutions
 * with kernel = stride = `reductionFactor` (no padding, so sizes floor). Every pixel attends to
 * every reduced pixel. No bias on `q`, `k`, `v`; scale `dimKey ** -0.5`. The caller adds the
 * residual.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const ssa = new scalableVit.ScalableSelfAttention(8, { heads: 2, dimKey: 4, dimValue: 4, reductionFactor: 2 });
 * if (ssa.forward(randn([2, 8, 4, 6])).shape.join() !== '2,8,4,6') throw new Error('shape');
 * ```
 */
export class ScalableSelfAttention extends Module {
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { heads: 2 }).heads !== 2) throw new Error('heads');
   * ```
   */
  readonly heads: number;
  /**
   * `dimKey ** -0.5`, applied to the logits.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { dimKey: 4 }).scale !== 0.5) throw new Error('4 ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Kernel and stride of `toK` / `toV`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { reductionFactor: 2 }).reductionFactor !== 2) throw new Error('stored');
   * ```
   */
  readonly reductionFactor: number;
  /**
   * Softmax over the keys.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8).attend.dim !== -1) throw new Error('last axis');
   * ```
   */
  readonly attend: Softmax;
  /**
   * Dropout on the attention weights.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { dropout: 0.1 }).dropout.p !== 0.1) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * Pre-normalisation of the input.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (!(new scalableVit.ScalableSelfAttention(8).norm instanceof scalableVit.ChanLayerNorm)) throw new Error('ChanLayerNorm');
   * ```
   */
  readonly norm: ChanLayerNorm;
  /**
   * 1x1 convolution `dim → heads·dimKey`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { heads: 2, dimKey: 4 }).toQ.weight.shape.join() !== '8,8,1,1') throw new Error('1x1');
   * ```
   */
  readonly toQ: Conv2d;
  /**
   * `reductionFactor` convolution `dim → heads·dimKey`, stride `reductionFactor`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { heads: 2, dimKey: 4, reductionFactor: 2 }).toK.weight.shape.join() !== '8,8,2,2') throw new Error('2x2');
   * ```
   */
  readonly toK: Conv2d;
  /**
   * `reductionFactor` convolution `dim → heads·dimValue`, stride `reductionFactor`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8, { heads: 2, dimValue: 3, reductionFactor: 2 }).toV.weight.shape.join() !== '6,8,2,2') throw new Error('2 · 3 values');
   * ```
   */
  readonly toV: Conv2d;
  /**
   * `Sequential(Conv2d 1x1 heads·dimValue → dim, Dropout)`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.ScalableSelfAttention(8).toOut.length !== 2) throw new Error('Conv2d, Dropout');
   * ```
   */
  readonly toOut: Sequential;

  /**
   * @param dim - channels of the feature map.
   * @param options - heads, key/value sizes, dropout and reduction factor.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const ssa = new scalableVit.ScalableSelfAttention(8);
   * if (ssa.heads !== 8 || ssa.reductionFactor !== 1 || ssa.scale !== 32 ** -0.5) throw new Error('defaults');
   * ```
   */
  constructor(dim: number, options: ScalableSelfAttentionOptions = {}) {
    super();
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

  /**
   * `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * const ssa = new scalableVit.ScalableSelfAttention(4, { heads: 1, dimKey: 4, dimValue: 4, reductionFactor: 3 });
   * if (ssa.forward(randn([1, 4, 5, 5])).shape.join() !== '1,4,5,5') throw new Error('keys from a floored 1x1 map');
   * ```
   */
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
