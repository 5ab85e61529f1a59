/**
 * `InteractiveWindowedSelfAttention` (IWSA): attention inside non-overlapping windows, plus a
 * 3x3 convolution of the values (the "local interactive module") that crosses window borders.
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

/** Options of {@link InteractiveWindowedSelfAttention} (defaults: 8 heads, key/value sizes 32). */
export interface InteractiveWindowedSelfAttentionOptions {
  /** Side of the square windows; `null` = one window covering the whole feature map. */
  windowSize: number | null;
  heads?: number;
  dimKey?: number;
  dimValue?: number;
  dropout?: number;
}

const IWSA_OPTIONS: OptionSpec<InteractiveWindowedSelfAttentionOptions> = {
  windowSize: 'required',
  heads: 'optional',
  dimKey: 'optional',
  dimValue: 'optional',
  dropout: 'optional',
};

/**
 * `scalable_vit.InteractiveWindowedSelfAttention`: attention within `windowSize` squares, plus
 * `localInteractiveModule(v)` on the whole (unwindowed) `v` map. The caller adds the residual.
 */
export class InteractiveWindowedSelfAttention extends Module {
  readonly heads: number;
  readonly scale: number;
  readonly windowSize: number | null;
  readonly attend: Softmax;
  readonly dropout: Dropout;
  readonly norm: ChanLayerNorm;
  readonly localInteractiveModule: Conv2d;
  readonly toQ: Conv2d;
  readonly toK: Conv2d;
  readonly toV: Conv2d;
  readonly toOut: Sequential;

  constructor(dim: number, options: InteractiveWindowedSelfAttentionOptions) {
    super();
    checkOptions('InteractiveWindowedSelfAttention', options, IWSA_OPTIONS, {
      windowSize: 'the side of the square windows, or null for one window over the whole map',
    });
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

  /** `[b, dim, h, w]` → `[b, dim, h, w]` (without the residual); windows must tile the map. */
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
