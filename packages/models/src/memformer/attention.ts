/**
 * The building blocks of Memformer's layers, ported from `memformer/memformer.py`:
 * `Residual`, `PreNorm`, `FeedForward` and `Attention` (with biases, optional causal mask,
 * relative position bias, query/key padding masks and an explicit attention mask).
 */
import { Tensor, cat, ones } from '@tensorgrad/autograd';
import { GELU, LayerNorm, Linear, Module, Sequential, rearrange } from '@tensorgrad/nn';
import type { RelativePositionBias } from './relative-position-bias.js';

/** A module that maps `x` (plus keyword options) to a tensor shaped like `x`. */
export interface Sublayer<Options> extends Module {
  /** Applies the sublayer. */
  forward(x: Tensor, options?: Options): Tensor;
}

/**
 * The most negative finite value of `dtype`, as `-torch.finfo(dtype).max`.
 *
 * The reference masks logits with this finite number rather than `-inf`, so a query row whose
 * every key is masked becomes a uniform average over all keys instead of NaN.
 *
 * @example
 * ```ts
 * maxNegValue('float32'); // -3.4028234663852886e38
 * ```
 */
export function maxNegValue(dtype: string): number {
  return dtype === 'float64' ? -Number.MAX_VALUE : -3.4028234663852886e38;
}

/**
 * `Residual(fn)`: `fn(x, ...) + x`.
 *
 * @example
 * ```ts
 * new Residual(new PreNorm(32, new FeedForward(32))).forward(randn([2, 5, 32])).shape; // [2, 5, 32]
 * ```
 */
export class Residual<Options> extends Module {
  /** The wrapped sublayer. */
  readonly fn: Sublayer<Options>;

  /** @param fn - the sublayer whose output is added to its input. */
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
 * `PreNorm(dim, fn)`: `fn(LayerNorm(x), ...)`. Only `x` is normalised, never a context passed in
 * the options (the memory for the encoder, the encoder output for the decoder).
 *
 * `fn` is declared before `norm` because that is the order of the Python attributes, which
 * fixes the state-dict order (`fn.*` before `norm.*`).
 *
 * @example
 * ```ts
 * new PreNorm(32, new FeedForward(32)).forward(randn([2, 5, 32])).shape; // [2, 5, 32]
 * ```
 */
export class PreNorm<Options> extends Module {
  /** The wrapped sublayer. */
  readonly fn: Sublayer<Options>;
  /** LayerNorm over the last dimension (eps 1e-5). */
  readonly norm: LayerNorm;

  /**
   * @param dim - feature size normalised.
   * @param fn - the sublayer applied to the normalised input.
   */
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

/**
 * `FeedForward(dim, mult = 4)`: `Linear(dim, dim * mult) → GELU (exact, erf) → Linear(dim * mult, dim)`,
 * held in `net` as in the reference (`net.0`, `net.2`).
 *
 * @example
 * ```ts
 * new FeedForward(32).forward(randn([2, 5, 32])).shape; // [2, 5, 32]
 * ```
 */
export class FeedForward extends Module {
  /** `Sequential(Linear, GELU, Linear)`. */
  readonly net: Sequential;

  /**
   * @param dim - input and output size.
   * @param mult - hidden size multiplier. Default 4.
   */
  constructor(dim: number, mult = 4) {
    super();
    this.net = new Sequential(new Linear(dim, dim * mult), new GELU(), new Linear(dim * mult, dim));
  }

  /** Applies the two-layer perceptron to the last dimension. */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/** Keyword arguments of {@link Attention.forward} (the Python ones, camelCase). */
export interface AttentionOptions {
  /** Keys and values come from here instead of `x` (cross-attention). */
  context?: Tensor;
  /** Relative position bias added to the logits (self-attention only in Memformer). */
  posEmb?: RelativePositionBias;
  /** Explicit `[b, i, j]` boolean mask, true = may attend. */
  mask?: Tensor;
  /** `[b, i]` boolean padding mask of the queries (true = real token). */
  queryMask?: Tensor;
  /** `[b, j]` boolean padding mask of the keys. */
  kvMask?: Tensor;
  /** Keys and values are `cat(x, context)` (the memory update: each slot also sees itself). */
  attendSelf?: boolean;
}

/** Constructor options of {@link Attention}. */
export interface AttentionConstructorOptions {
  /** Number of heads; must divide `dim`. Default 8. */
  heads?: number;
  /** Mask future keys (decoder self-attention). Default false. */
  causal?: boolean;
}

/**
 * `memformer.Attention`: multi-head attention whose projections all have biases.
 *
 * `toKv` projects to `2 * dim` and is split into keys then values. Masks are applied in the
 * reference's order (causal, then query/key padding, then the explicit mask), each filling the
 * logits with {@link maxNegValue}.
 *
 * @example
 * ```ts
 * const attn = new Attention(32, { heads: 4 });
 * attn.forward(randn([2, 5, 32]), { context: randn([2, 3, 32]) }).shape; // [2, 5, 32]
 * ```
 */
export class Attention extends Module {
  /** Query projection `Linear(dim, dim)`. */
  readonly toQ: Linear;
  /** Key and value projection `Linear(dim, 2 * dim)`, keys first. */
  readonly toKv: Linear;
  /** Output projection `Linear(dim, dim)`. */
  readonly toOut: Linear;
  /** `dimHead ** -0.5`. */
  readonly scale: number;
  /** Number of heads. */
  readonly heads: number;
  /** Whether future keys are masked. */
  readonly causal: boolean;

  /**
   * @param dim - model width.
   * @param options - heads and causality.
   * @throws if `heads` does not divide `dim`.
   */
  constructor(dim: number, { heads = 8, causal = false }: AttentionConstructorOptions = {}) {
    super();
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

  /**
   * @param x - queries `[b, n, dim]` (and keys/values unless `context` is given).
   * @param options - see {@link AttentionOptions}.
   * @returns `[b, n, dim]`.
   */
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
