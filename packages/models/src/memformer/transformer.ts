/**
 * Memformer's encoder and decoder stacks and the `TransformerWrapper` that embeds tokens,
 * runs a stack and applies the final LayerNorm (and, for the decoder, the logits layer).
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Embedding, Identity, LayerNorm, Linear, Module, ModuleList } from '@tensorgrad/nn';
import { Attention, FeedForward, PreNorm, Residual, type AttentionOptions } from './attention.js';
import { RelativePositionBias } from './relative-position-bias.js';

/**
 * One layer: `[self-attention, cross-attention, feed-forward]`, each `Residual(PreNorm(...))`.
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const layer: memformer.Layer = new memformer.Encoder(8, 1, 2).layers.get(0)!;
 * if (layer.length !== 3) throw new Error('[self-attention, cross-attention, feed-forward]');
 * ```
 */
export type Layer = ModuleList<Residual<AttentionOptions> | Residual<undefined>>;

/** Builds the three residual pre-norm sublayers of one encoder or decoder layer. */
function makeLayer(dim: number, heads: number, causal: boolean): Layer {
  return new ModuleList<Residual<AttentionOptions> | Residual<undefined>>([
    new Residual(new PreNorm(dim, new Attention(dim, { heads, causal }))),
    new Residual(new PreNorm(dim, new Attention(dim, { heads }))),
    new Residual(new PreNorm<undefined>(dim, new FeedForward(dim))),
  ]);
}

/** The three sublayers of a layer, typed for their call. */
function sublayers(
  layer: Layer | null,
): [Residual<AttentionOptions>, Residual<AttentionOptions>, Residual<undefined>] {
  // makeLayer never leaves holes; the ModuleList type allows them in general.
  if (layer === null) throw new Error('Memformer: a layer of the stack is missing');
  const [selfAttn, crossAttn, ff] = [...layer] as [unknown, unknown, unknown];
  return [
    selfAttn as Residual<AttentionOptions>,
    crossAttn as Residual<AttentionOptions>,
    ff as Residual<undefined>,
  ];
}

/**
 * Keyword arguments of {@link Encoder.forward}.
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const options: memformer.EncoderOptions = { context: randn([1, 2, 8]), srcMask: ones([1, 3], { dtype: 'bool' }) };
 * if (new memformer.Encoder(8, 1, 2).forward(randn([1, 3, 8]), options).shape.join() !== '1,3,8') throw new Error('shape');
 * ```
 */
export interface EncoderOptions {
  /** The memory `[b, numMemorySlots, dim]` that cross-attention reads (unmasked). */
  context?: Tensor;
  /** `[b, n]` boolean padding mask of the source (true = real token). */
  srcMask?: Tensor;
}

/**
 * `memformer.Encoder`: `depth` layers of self-attention with the (non-causal) relative position
 * bias, cross-attention to the memory, and a feed-forward block.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const enc = new memformer.Encoder(8, 2, 2); // dim, depth, heads
 * if (enc.forward(randn([2, 6, 8]), { context: randn([2, 4, 8]) }).shape.join() !== '2,6,8') throw new Error('shape');
 * ```
 */
export class Encoder extends Module {
  /**
   * Relative position bias shared by every layer's self-attention.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Encoder(8, 1, 2).relPosEmb.causal) throw new Error('encoder buckets');
   * ```
   */
  readonly relPosEmb: RelativePositionBias;
  /**
   * `layers[i] = [selfAttn, crossAttn, ff]`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Encoder(8, 2, 2).layers.get(1)!.length !== 3) throw new Error('three sublayers');
   * ```
   */
  readonly layers: ModuleList<Layer>;

  /**
   * @param dim - model width.
   * @param depth - number of layers.
   * @param heads - attention heads. Default 8.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const enc = new memformer.Encoder(8, 1, 2);
   * if (enc.relPosEmb.causal || enc.layers.length !== 1) throw new Error('non-causal bias, 1 layer');
   * ```
   */
  constructor(dim: number, depth: number, heads = 8) {
    super();
    this.relPosEmb = new RelativePositionBias({ heads });
    this.layers = new ModuleList(Array.from({ length: depth }, () => makeLayer(dim, heads, false)));
  }

  /**
   * @param x - embedded source `[b, n, dim]`.
   * @param options - memory and source mask.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Encoder(8, 1, 2).forward(randn([1, 3, 8])).shape.join() !== '1,3,8') throw new Error('no memory: self-attention only');
   * ```
   */
  forward(x: Tensor, { context, srcMask }: EncoderOptions = {}): Tensor {
    for (const layer of this.layers) {
      const [selfAttn, crossAttn, ff] = sublayers(layer);
      // The key mask of the self-attention defaults to the query mask (see Attention).
      x = selfAttn.forward(x, { posEmb: this.relPosEmb, queryMask: srcMask });
      x = crossAttn.forward(x, { context });
      x = ff.forward(x);
    }
    return x;
  }
}

/**
 * Keyword arguments of {@link Decoder.forward}, named as in the reference.
 *
 * The names are the reference's, and Memformer fills them crosswise on purpose: `srcMask` is
 * the decoder's own (target) padding mask, `tgtMask` the encoder's (source) one.
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const options: memformer.DecoderOptions = {
 *   context: randn([1, 4, 8]),
 *   srcMask: ones([1, 3], { dtype: 'bool' }), // the decoder's own tokens
 *   tgtMask: ones([1, 4], { dtype: 'bool' }), // the encoder output's tokens
 * };
 * if (new memformer.Decoder(8, 1, 2).forward(randn([1, 3, 8]), options).shape.join() !== '1,3,8') throw new Error('shape');
 * ```
 */
export interface DecoderOptions {
  /** The encoder output `[b, m, dim]` that cross-attention reads. */
  context?: Tensor;
  /** `[b, n]` mask of the decoder's own tokens: queries of both attentions, keys of self-attention. */
  srcMask?: Tensor;
  /** `[b, m]` mask of the context's tokens: keys of cross-attention. */
  tgtMask?: Tensor;
}

/**
 * `memformer.Decoder`: `depth` layers of causal self-attention with the causal relative
 * position bias, cross-attention to the encoder output, and a feed-forward block.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const dec = new memformer.Decoder(8, 2, 2);
 * if (dec.forward(randn([2, 5, 8]), { context: randn([2, 6, 8]) }).shape.join() !== '2,5,8') throw new Error('shape');
 * ```
 */
export class Decoder extends Module {
  /**
   * Causal relative position bias shared by every layer's self-attention.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (!new memformer.Decoder(8, 1, 2).relPosEmb.causal) throw new Error('causal buckets');
   * ```
   */
  readonly relPosEmb: RelativePositionBias;
  /**
   * `layers[i] = [selfAttn, crossAttn, ff]`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * if (new memformer.Decoder(8, 2, 2).layers.length !== 2) throw new Error('depth layers');
   * ```
   */
  readonly layers: ModuleList<Layer>;

  /**
   * @param dim - model width.
   * @param depth - number of layers.
   * @param heads - attention heads. Default 8.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const dec = new memformer.Decoder(8, 2, 2);
   * if (!dec.relPosEmb.causal || dec.layers.length !== 2) throw new Error('causal bias, 2 layers');
   * ```
   */
  constructor(dim: number, depth: number, heads = 8) {
    super();
    this.relPosEmb = new RelativePositionBias({ heads, causal: true });
    this.layers = new ModuleList(Array.from({ length: depth }, () => makeLayer(dim, heads, true)));
  }

  /**
   * @param x - embedded target `[b, n, dim]`.
   * @param options - encoder output and the two masks (see {@link DecoderOptions}).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const dec = new memformer.Decoder(8, 1, 2);
   * const context = randn([1, 2, 8]);
   * const x = randn([1, 3, 8]);
   * const first = dec.forward(x.slice(1, 0, 1), { context });
   * if (Number(dec.forward(x, { context }).slice(1, 0, 1).sub(first).abs().max().item()) > 1e-5) throw new Error('causal');
   * ```
   */
  forward(x: Tensor, { context, srcMask, tgtMask }: DecoderOptions = {}): Tensor {
    for (const layer of this.layers) {
      const [selfAttn, crossAttn, ff] = sublayers(layer);
      x = selfAttn.forward(x, { posEmb: this.relPosEmb, queryMask: srcMask });
      x = crossAttn.forward(x, { context, queryMask: srcMask, kvMask: tgtMask });
      x = ff.forward(x);
    }
    return x;
  }
}

/**
 * A stack that {@link TransformerWrapper} can wrap: `Encoder` or `Decoder`.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const blocks: memformer.LayerBlocks<memformer.EncoderOptions> = new memformer.Encoder(8, 1, 2);
 * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: blocks, returnLogits: false });
 * if (net.forward(tensor([[1, 2]], { dtype: 'int32' })).shape.join() !== '1,2,8') throw new Error('features, no logits');
 * ```
 */
export interface LayerBlocks<Options> extends Module {
  /** Runs the stack on embedded tokens `[b, n, dim]`. */
  forward(x: Tensor, options?: Options): Tensor;
}

/**
 * Constructor options of {@link TransformerWrapper} (the Python kwargs, camelCase).
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const options: memformer.TransformerWrapperOptions<memformer.DecoderOptions> = {
 *   numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2), returnLogits: true,
 * };
 * if (new memformer.TransformerWrapper(options).tokenEmb.weight.shape.join() !== '10,8') throw new Error('embedding');
 * ```
 */
export interface TransformerWrapperOptions<Options> {
  /** Vocabulary size. */
  numTokens: number;
  /** Stored as in the reference (used by generation's window); no effect on the forward pass. */
  maxSeqLen: number;
  /** Model width. */
  dim: number;
  /** The encoder or decoder stack. */
  layerBlocks: LayerBlocks<Options>;
  /** Add `Linear(dim, numTokens)` after the norm (decoder) or not (encoder). Default true. */
  returnLogits?: boolean;
}

/**
 * `memformer.TransformerWrapper`: token embedding → stack → LayerNorm → logits (or identity).
 *
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 50, maxSeqLen: 16, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const logits = net.forward(tensor([[1, 2, 3]], { dtype: 'int32' }), { context: randn([1, 4, 8]) });
 * if (logits.shape.join() !== '1,3,50') throw new Error(`shape ${logits.shape}`);
 * ```
 */
export class TransformerWrapper<Options> extends Module {
  /**
   * Token embedding `[numTokens, dim]`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Encoder(8, 1, 2) });
   * if (net.tokenEmb.weight.shape.join() !== '10,8') throw new Error('[numTokens, dim]');
   * ```
   */
  readonly tokenEmb: Embedding;
  /**
   * The encoder or decoder stack.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const enc = new memformer.Encoder(8, 1, 2);
   * if (new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: enc }).layerBlocks !== enc) throw new Error('the stack');
   * ```
   */
  readonly layerBlocks: LayerBlocks<Options>;
  /**
   * Final LayerNorm.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Encoder(8, 1, 2) });
   * if (net.norm.normalizedShape.join() !== '8') throw new Error('over dim');
   * ```
   */
  readonly norm: LayerNorm;
  /**
   * Logits layer, or `Identity` (no parameters) when built with `returnLogits: false`.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * if (net.toLogits.constructor.name !== 'Linear') throw new Error('logits by default');
   * ```
   */
  readonly toLogits: Linear | Identity;
  /**
   * Longest sequence the reference meant to feed; generation keeps this many trailing tokens.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Encoder(8, 1, 2) });
   * if (net.maxSeqLen !== 4) throw new Error('stored');
   * ```
   */
  readonly maxSeqLen: number;

  /**
   * @param options - see {@link TransformerWrapperOptions}.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Encoder(8, 1, 2), returnLogits: false });
   * if (net.toLogits.constructor.name !== 'Identity' || net.maxSeqLen !== 4) throw new Error('no logits layer');
   * ```
   */
  constructor({
    numTokens,
    maxSeqLen,
    dim,
    layerBlocks,
    returnLogits = true,
  }: TransformerWrapperOptions<Options>) {
    super();
    this.tokenEmb = new Embedding(numTokens, dim);
    this.maxSeqLen = maxSeqLen;
    this.layerBlocks = layerBlocks;
    this.norm = new LayerNorm(dim);
    this.toLogits = returnLogits ? new Linear(dim, numTokens) : new Identity();
  }

  /**
   * @param x - token ids `[b, n]` (int32).
   * @param options - passed to the stack.
   * @returns `[b, n, dim]` (encoder) or logits `[b, n, numTokens]` (decoder).
   * @example
   * ```ts
   * import { randn, tensor } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 10, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Encoder(8, 1, 2), returnLogits: false });
   * if (net.forward(tensor([[3, 1]], { dtype: 'int32' }), { context: randn([1, 2, 8]) }).shape.join() !== '1,2,8') throw new Error('encoder features');
   * ```
   */
  forward(x: Tensor, options?: Options): Tensor {
    let h = this.tokenEmb.forward(x);
    h = this.layerBlocks.forward(h, options);
    h = this.norm.forward(h);
    return this.toLogits.forward(h);
  }
}
