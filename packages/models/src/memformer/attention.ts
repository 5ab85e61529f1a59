/**
 * The building blocks of Memformer's layers, ported from `memformer/memformer.py`:
 * `Residual`, `PreNorm`, `FeedForward` and `Attention` (with biases, optional causal mask,
 * relative position bias, query/key padding masks and an explicit attention mask).
 */
import { Tensor, cat, ones } from '@tensorgrad/autograd';
import { GELU, LayerNorm, Linear, Module, Sequential, rearrange } from '@tensorgrad/nn';
import type { RelativePositionBias } from './relative-position-bias.js';

/**
 * A module that maps `x` (plus keyword options) to a tensor shaped like `x`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const sublayer: memformer.Sublayer<undefined> = new memformer.FeedForward(8);
 * if (new memformer.Residual(sublayer).forward(randn([1, 3, 8])).shape.join() !== '1,3,8') throw new Error('shape');
 * ```
 */
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
 * import { memformer } from '@tensorgrad/models';
 * if (memformer.maxNegValue('float32') !== -3.4028234663852886e38) throw new Error('-finfo(float32).max');
 * if (Math.fround(memformer.maxNegValue('float32')) !== memformer.maxNegValue('float32')) throw new Error('a float32 value');
 * if (memformer.maxNegValue('float64') !== -Number.MAX_VALUE) throw new Error('-finfo(float64).max');
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
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const block = new memformer.Residual(new memformer.PreNorm(8, new memformer.FeedForward(8)));
 * if (block.forward(randn([2, 5, 8])).shape.join() !== '2,5,8') throw new Error('shape');
 * ```
 */
export class Residual<Options> extends Module {
  /**
   * The wrapped sublayer.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const ff = new memformer.FeedForward(4);
   * if (new memformer.Residual(ff).fn !== ff) throw new Error('wrapped');
   * ```
   */
  readonly fn: Sublayer<Options>;

  /**
   * @param fn - the sublayer whose output is added to its input.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const ff = new memformer.FeedForward(4);
   * if (new memformer.Residual(ff).fn !== ff) throw new Error('wraps fn');
   * ```
   */
  constructor(fn: Sublayer<Options>) {
    super();
    this.fn = fn;
  }

  /**
   * `fn(x, options) + x`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const ff = new memformer.FeedForward(4);
   * const x = randn([1, 2, 4]);
   * const y = new memformer.Residual(ff).forward(x);
   * if (Number(y.sub(x).sub(ff.forward(x)).abs().max().item()) > 1e-6) throw new Error('fn(x) + x');
   * ```
   */
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
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const block = new memformer.PreNorm(8, new memformer.FeedForward(8));
 * if (block.forward(randn([2, 5, 8])).shape.join() !== '2,5,8') throw new Error('shape');
 * if (Object.keys(block.stateDict())[0] !== 'fn.net.0.weight') throw new Error('fn.* before norm.*');
 * ```
 */
export class PreNorm<Options> extends Module {
  /**
   * The wrapped sublayer.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const ff = new memformer.FeedForward(4);
   * if (new memformer.PreNorm(4, ff).fn !== ff) throw new Error('wrapped');
   * ```
   */
  readonly fn: Sublayer<Options>;
  /**
   * LayerNorm over the last dimension (eps 1e-5).
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.PreNorm(4, new memformer.FeedForward(4)).norm.eps !== 1e-5) throw new Error('eps');
   * ```
   */
  readonly norm: LayerNorm;

  /**
   * @param dim - feature size normalised.
   * @param fn - the sublayer applied to the normalised input.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const block = new memformer.PreNorm(4, new memformer.FeedForward(4));
   * if (block.norm.normalizedShape.join() !== '4') throw new Error('normalises dim');
   * ```
   */
  constructor(dim: number, fn: Sublayer<Options>) {
    super();
    this.fn = fn;
    this.norm = new LayerNorm(dim);
  }

  /**
   * `fn(norm(x), options)`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const attn = new memformer.PreNorm(8, new memformer.Attention(8, { heads: 2 }));
   * const y = attn.forward(randn([1, 3, 8]), { context: randn([1, 2, 8]) }); // the context is not normalised
   * if (y.shape.join() !== '1,3,8') throw new Error('shape');
   * ```
   */
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
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const ff = new memformer.FeedForward(8, 2);
 * if (ff.forward(randn([2, 5, 8])).shape.join() !== '2,5,8') throw new Error('shape');
 * if (Object.keys(ff.stateDict()).join() !== 'net.0.weight,net.0.bias,net.2.weight,net.2.bias') throw new Error('keys');
 * ```
 */
export class FeedForward extends Module {
  /**
   * `Sequential(Linear, GELU, Linear)`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.FeedForward(4).net.length !== 3) throw new Error('Linear, GELU, Linear');
   * ```
   */
  readonly net: Sequential;

  /**
   * @param dim - input and output size.
   * @param mult - hidden size multiplier. Default 4.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.FeedForward(4, 2).net.get(0)!.constructor.name !== 'Linear') throw new Error('Linear first');
   * ```
   */
  constructor(dim: number, mult = 4) {
    super();
    this.net = new Sequential(new Linear(dim, dim * mult), new GELU(), new Linear(dim * mult, dim));
  }

  /**
   * Applies the two-layer perceptron to the last dimension.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.FeedForward(4).forward(randn([3, 4])).shape.join() !== '3,4') throw new Error('shape');
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.net.forward(x);
  }
}

/**
 * Keyword arguments of {@link Attention.forward} (the Python ones, camelCase).
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const attn = new memformer.Attention(8, { heads: 2 });
 * const options: memformer.AttentionOptions = {
 *   context: randn([1, 2, 8]),
 *   attendSelf: true, // keys and values: the 3 queries, then the 2 context tokens
 *   mask: ones([1, 3, 5], { dtype: 'bool' }),
 *   posEmb: undefined,
 * };
 * if (attn.forward(randn([1, 3, 8]), options).shape.join() !== '1,3,8') throw new Error('shape');
 * ```
 */
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

/**
 * Constructor options of {@link Attention}.
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const options: memformer.AttentionConstructorOptions = { heads: 4, causal: true };
 * const attn = new memformer.Attention(8, options);
 * if (!attn.causal || attn.scale !== 2 ** -0.5) throw new Error('4 heads of width 2');
 * ```
 */
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
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const attn = new memformer.Attention(8, { heads: 2 });
 * if (attn.forward(randn([2, 5, 8]), { context: randn([2, 3, 8]) }).shape.join() !== '2,5,8') throw new Error('shape');
 * ```
 */
export class Attention extends Module {
  /**
   * Query projection `Linear(dim, dim)`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8).toQ.bias === null) throw new Error('with a bias');
   * ```
   */
  readonly toQ: Linear;
  /**
   * Key and value projection `Linear(dim, 2 * dim)`, keys first.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8).toKv.outFeatures !== 16) throw new Error('2 · dim');
   * ```
   */
  readonly toKv: Linear;
  /**
   * Output projection `Linear(dim, dim)`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8).toOut.inFeatures !== 8) throw new Error('dim → dim');
   * ```
   */
  readonly toOut: Linear;
  /**
   * `dimHead ** -0.5`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8, { heads: 2 }).scale !== 0.5) throw new Error('(8 / 2) ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8).heads !== 8) throw new Error('default 8');
   * ```
   */
  readonly heads: number;
  /**
   * Whether future keys are masked.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Attention(8).causal || !new memformer.Attention(8, { causal: true }).causal) throw new Error('causal');
   * ```
   */
  readonly causal: boolean;

  /**
   * @param dim - model width.
   * @param options - heads and causality.
   * @throws if `heads` does not divide `dim`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * let error: unknown;
   * try { new memformer.Attention(8, { heads: 3 }); } catch (e) { error = e; }
   * if (!(error instanceof Error) || !error.message.includes('divisible')) throw new Error('heads must divide dim');
   * ```
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
   * @example
   * ```ts
   * import { randn, tensor } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const attn = new memformer.Attention(8, { heads: 2, causal: true });
   * const x = randn([1, 3, 8]);
   * const full = attn.forward(x);
   * const first = attn.forward(x.slice(1, 0, 1)); // causal: token 0 sees only itself
   * if (Number(full.slice(1, 0, 1).sub(first).abs().max().item()) > 1e-5) throw new Error('no peeking ahead');
   * const padded = attn.forward(x, { queryMask: tensor([[true, true, false]]) });
   * if (padded.shape.join() !== '1,3,8') throw new Error('shape');
   * ```
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
