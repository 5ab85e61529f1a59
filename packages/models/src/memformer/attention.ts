/**
 * Memformer's building blocks, from `memformer/memformer.py`: `Residual`, `PreNorm`,
 * `FeedForward` and `Attention`.
 */
import { Tensor, cat, ones } from '@tensorgrad/autograd';
import {
  GELU,
  LayerNorm,
  Linear,
  Module,
  Sequential,
  checkOptions,
  rearrange,
  type OptionSpec,
} from '@tensorgrad/nn';
import type { RelativePositionBias } from './relative-position-bias.js';

/** A module that maps `x` (plus keyword options) to a tensor shaped like `x`. */
export interface Sublayer<Options> extends Module {
  forward(x: Tensor, options?: Options): Tensor;
}

/**
 * `-torch.finfo(dtype).max`: the reference masks logits with this finite number rather than
 * `-inf`, so a fully masked query row becomes a uniform average instead of NaN.
 */
export function maxNegValue(dtype: string): number {
  return dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38;
}

/** `Residual(fn)`: `fn(x, ...) + x`. */
export class Residual<Options> extends Module {
  readonly fn: Sublayer<Options>;

  constructor(fn: Sublayer<Options>) {
    super();
    this.fn = fn;
  }

  /** `fn(x, options) + x`. */
  forward(x: Tensor, options?: Options): Tensor {
    return this.fn.forward(x, options).add(x);
  }
}

/**
 * `PreNorm(dim, fn)`: `fn(LayerNorm(x), ...)`; a context passed in the options is not normalised.
 * `fn` is assigned before `norm`, as in Python, so the keys list `fn.*` before `norm.*`.
 */
export class PreNorm<Options> extends Module {
  readonly fn: Sublayer<Options>;
  readonly norm: LayerNorm;

  constructor(dim: number, fn: Sublayer<Options>) {
    super();
    this.fn = fn;
    this.norm = new LayerNorm(dim);
  }

  /** `fn(norm(x), options)`. */
  forward(x: Tensor, options?: Options): Tensor {
    return this.fn.forward(this.norm.forward(x), options);
  }
}

/** `FeedForward(dim, mult = 4)`: Linear → GELU → Linear, keys `net.0`, `net.2`. */
export class FeedForward extends Module {
  readonly net: Sequential;

  constructor(dim: number, mult = 4) {
    super();
    this.net = new Sequential(new Linear(dim, dim * mult), new GELU(), new Linear(dim * mult, dim));
  }

  /** `[..., dim]` → `[..., dim]`. */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Keyword arguments of {@link Attention.forward} (the Python ones, camelCase). */
export interface AttentionOptions {
  /** Keys and values come from here instead of `x` (cross-attention). */
  context?: Tensor;
  posEmb?: RelativePositionBias;
  /** Explicit `[b, i, j]` bool mask, true = may attend. */
  mask?: Tensor;
  /** `[b, i]` bool padding mask of the queries (true = real token). */
  queryMask?: Tensor;
  /** `[b, j]` bool padding mask of the keys. */
  kvMask?: Tensor;
  /** Keys and values are `cat(x, context)` (the memory update: each slot also sees itself). */
  attendSelf?: boolean;
}

/** Options of {@link Attention} (defaults: 8 heads, which must divide `dim`; not causal). */
export interface AttentionConstructorOptions {
  heads?: number;
  causal?: boolean;
}

const ATTENTION_OPTIONS: OptionSpec<AttentionConstructorOptions> = {
  heads: 'optional',
  causal: 'optional',
};

/** `memformer.Attention`: multi-head attention whose projections all have biases. */
export class Attention extends Module {
  readonly toQ: Linear;
  readonly toKv: Linear;
  readonly toOut: Linear;
  readonly scale: number;
  readonly heads: number;
  readonly causal: boolean;

  constructor(dim: number, options: AttentionConstructorOptions = {}) {
    super();
    checkOptions('Attention', options, ATTENTION_OPTIONS);
    const { heads = 8, causal = false } = options;
    if (!Number.isInteger(heads) || heads < 1 || dim % heads !== 0) {
      throw new Error(
        `Attention: dimension must be divisible by number of heads (dim ${dim}, heads ${heads})`,
      );
    }
    const dimHead = dim / heads;
    this.scale = dimHead ** -0.5;
    this.heads = heads;
    this.causal = causal;
    this.toQ = new Linear(dim, dim);
    this.toKv = new Linear(dim, dim * 2);
    this.toOut = new Linear(dim, dim);
  }

  /** `[b, n, dim]` queries (and keys/values, without `context`) → `[b, n, dim]`. */
  forward(x: Tensor, options: AttentionOptions = {}): Tensor {
    const { context, posEmb, mask, attendSelf = false } = options;
    let { queryMask, kvMask } = options;
    const [b, n] = x.shape as [number, number, number];
    const h = this.heads;

    let kvInput = context ?? x;
    if (attendSelf) {
      if (context === undefined) throw new Error('Attention: attendSelf needs a context');
      kvInput = cat([x, context], 1);
    }

    const q = this.toQ.forward(x);
    const [k, v] = this.toKv.forward(kvInput).chunk(2, -1) as [Tensor, Tensor];
    const [qh, kh, vh] = [q, k, v].map((t) => rearrange(t, 'b n (h d) -> b h n d', { h })) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    let dots = qh.matmul(kh.mT).mul(this.scale);

    if (posEmb !== undefined) {
      const [i, j] = dots.shape.slice(-2) as [number, number];
      dots = dots.add(posEmb.forward(i, j));
    }

    // Masks apply in the reference's order: causal, query/key padding, then the explicit mask.
    const maskValue = maxNegValue(dots.dtype);

    if (this.causal) {
      const causalMask = ones([n, n], { dtype: 'bool' }).triu(1);
      dots = dots.maskedFill(causalMask, maskValue);
    }

    if (queryMask !== undefined || kvMask !== undefined) {
      queryMask ??= ones([b, n], { dtype: 'bool' });
      if (context !== undefined) {
        kvMask ??= ones([b, context.shape[1] as number], { dtype: 'bool' });
      } else {
        kvMask ??= queryMask;
      }
      const seqMask = rearrange(queryMask, 'b i -> b () i ()').logicalAnd(
        rearrange(kvMask, 'b j -> b () () j'),
      );
      dots = dots.maskedFill(seqMask.logicalNot(), maskValue);
    }

    if (mask !== undefined) {
      dots = dots.maskedFill(rearrange(mask, 'b i j -> b () i j').logicalNot(), maskValue);
    }

    const attn = dots.softmax(-1);
    const out = rearrange(attn.matmul(vh), 'b h n d -> b n (h d)');
    return this.toOut.forward(out);
  }
}
