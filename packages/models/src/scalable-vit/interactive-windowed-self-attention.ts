/**
 * `InteractiveWindowedSelfAttention` (IWSA): attention inside non-overlapping windows, plus a
 * 3x3 convolution of the values (the "local interactive module") that lets windows exchange
 * information.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, Dropout, Module, Sequential, Softmax, rearrange } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';

/**
 * Constructor options of {@link InteractiveWindowedSelfAttention} (the Python kwargs, camelCase).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const options: scalableVit.InteractiveWindowedSelfAttentionOptions = { windowSize: null, heads: 2, dimKey: 4, dimValue: 4, dropout: 0 };
 * const iwsa = new scalableVit.InteractiveWindowedSelfAttention(8, options); // one window: the whole map
 * if (iwsa.forward(randn([1, 8, 3, 5])).shape.join() !== '1,8,3,5') throw new Error('shape');
 * ```
 */
export interface InteractiveWindowedSelfAttentionOptions {
  /** Side of the square windows; `null` = one window covering the whole feature map. */
  windowSize: number | null;
  /** Number of heads. Default 8. */
  heads?: number;
  /** Query/key size per head. Default 32. */
  dimKey?: number;
  /** Value size per head. Default 32. */
  dimValue?: number;
  /** Dropout on the attention weights and the output. Default 0. */
  dropout?: number;
}

/**
 * `scalable_vit.InteractiveWindowedSelfAttention`: after the block's `ChanLayerNorm`, 1x1
 * convolutions (no bias) give `q`, `k`, `v`; the map is cut into `windowSize` squares
 * (`'b (h d) (x w1) (y w2) -> (b x y) h (w1 w2) d'`), each attends within itself, the windows are
 * put back, and `localInteractiveModule(v)` is added before `toOut`. The caller adds the residual.
 *
 * The local interactive 3x3 convolution acts on the whole `v` map *before* it is windowed, so it
 * sees across window borders: that is the "interactive" part.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const iwsa = new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, heads: 2, dimKey: 4, dimValue: 4 });
 * if (iwsa.forward(randn([2, 8, 4, 6])).shape.join() !== '2,8,4,6') throw new Error('shape');
 * ```
 */
export class InteractiveWindowedSelfAttention extends Module {
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2 }).heads !== 8) throw new Error('default 8');
   * ```
   */
  readonly heads: number;
  /**
   * `dimKey ** -0.5`, applied to the logits.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, dimKey: 16 }).scale !== 0.25) throw new Error('16 ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Side of the windows, or `null` for one window over the whole map.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: null }).windowSize !== null) throw new Error('whole map');
   * ```
   */
  readonly windowSize: number | null;
  /**
   * Softmax over the keys of a window.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2 }).attend.dim !== -1) throw new Error('last axis');
   * ```
   */
  readonly attend: Softmax;
  /**
   * Dropout on the attention weights.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, dropout: 0.1 }).dropout.p !== 0.1) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * Pre-normalisation of the input.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (!(new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2 }).norm instanceof scalableVit.ChanLayerNorm)) throw new Error('ChanLayerNorm');
   * ```
   */
  readonly norm: ChanLayerNorm;
  /**
   * 3x3 convolution (padding 1, with bias) of `v`, added to the attention output.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, heads: 2, dimValue: 4 }).localInteractiveModule.options.padding !== 1) throw new Error('3x3, padding 1');
   * ```
   */
  readonly localInteractiveModule: Conv2d;
  /**
   * 1x1 convolution `dim → heads·dimKey`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, heads: 2, dimKey: 4 }).toQ.weight.shape.join() !== '8,8,1,1') throw new Error('1x1');
   * ```
   */
  readonly toQ: Conv2d;
  /**
   * 1x1 convolution `dim → heads·dimKey`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, heads: 2, dimKey: 4 }).toK.bias !== null) throw new Error('no bias');
   * ```
   */
  readonly toK: Conv2d;
  /**
   * 1x1 convolution `dim → heads·dimValue`, no bias.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2, heads: 2, dimValue: 3 }).toV.outChannels !== 6) throw new Error('heads · dimValue');
   * ```
   */
  readonly toV: Conv2d;
  /**
   * `Sequential(Conv2d 1x1 heads·dimValue → dim, Dropout)`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * if (new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 2 }).toOut.length !== 2) throw new Error('Conv2d, Dropout');
   * ```
   */
  readonly toOut: Sequential;

  /**
   * @param dim - channels of the feature map.
   * @param options - window size, heads, key/value sizes and dropout.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const iwsa = new scalableVit.InteractiveWindowedSelfAttention(8, { windowSize: 4, heads: 2, dimKey: 4, dimValue: 6 });
   * if (iwsa.localInteractiveModule.weight.shape.join() !== '12,12,3,3') throw new Error('3x3 over heads · dimValue');
   * ```
   */
  constructor(dim: number, options: InteractiveWindowedSelfAttentionOptions) {
    super();
    const { windowSize, heads = 8, dimKey = 32, dimValue = 32, dropout = 0 } = options;
    this.heads = heads;
    this.scale = dimKey ** -0.5;
    this.windowSize = windowSize;
    this.attend = new Softmax(-1);
    this.dropout = new Dropout(dropout);

    this.norm = new ChanLayerNorm(dim);
    this.localInteractiveModule = new Conv2d(dimValue * heads, dimValue * heads, 3, { padding: 1 });

    this.toQ = new Conv2d(dim, dimKey * heads, 1, { bias: false });
    this.toK = new Conv2d(dim, dimKey * heads, 1, { bias: false });
    this.toV = new Conv2d(dim, dimValue * heads, 1, { bias: false });

    this.toOut = new Sequential(new Conv2d(dimValue * heads, dim, 1), new Dropout(dropout));
  }

  /**
   * `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual); the window size must divide `h` and `w`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * const iwsa = new scalableVit.InteractiveWindowedSelfAttention(4, { windowSize: 2, heads: 1, dimKey: 4, dimValue: 4 });
   * let error: unknown;
   * try { iwsa.forward(randn([1, 4, 3, 3])); } catch (e) { error = e; }
   * if (error === undefined) throw new Error('a window of 2 does not divide 3');
   * ```
   */
  forward(input: Tensor): Tensor {
    const [height, width] = input.shape.slice(-2) as [number, number];
    const heads = this.heads;
    const wszH = this.windowSize ?? height;
    const wszW = this.windowSize ?? width;
    if (height % wszH !== 0 || width % wszW !== 0) {
      throw new Error(
        `InteractiveWindowedSelfAttention: height (${height}) or width (${width}) of feature map is not divisible by the window size (${wszH}, ${wszW})`,
      );
    }

    const x = this.norm.forward(input);
    const q = this.toQ.forward(x);
    const k = this.toK.forward(x);
    const v = this.toV.forward(x);

    const localOut = this.localInteractiveModule.forward(v);

    const toWindows = (t: Tensor): Tensor =>
      rearrange(t, 'b (h d) (x w1) (y w2) -> (b x y) h (w1 w2) d', {
        h: heads,
        w1: wszH,
        w2: wszW,
      });
    const dots = toWindows(q).matmul(toWindows(k).transpose(-1, -2)).mul(this.scale);
    const attn = this.dropout.forward(this.attend.forward(dots));
    const out = attn.matmul(toWindows(v));

    const merged = rearrange(out, '(b x y) h (w1 w2) d -> b (h d) (x w1) (y w2)', {
      x: height / wszH,
      y: width / wszW,
      w1: wszH,
      w2: wszW,
    });
    return this.toOut.forward(merged.add(localOut));
  }
}
