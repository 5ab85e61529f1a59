/**
 * Memformer's encoder and decoder stacks and the `TransformerWrapper` that embeds tokens,
 * runs a stack and applies the final LayerNorm (and, for the decoder, the logits layer).
 */
import type { Tensor } from '@tensorgrad/autograd';
import {
  Embedding,
  Identity,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  checkOptions,
  type OptionSpec,
} from '@tensorgrad/nn';
import { Attention, FeedForward, PreNorm, Residual, type AttentionOptions } from './attention.js';
import { RelativePositionBias } from './relative-position-bias.js';

/** One layer: `[self-attention, cross-attention, feed-forward]`, each `Residual(PreNorm(...))`. */
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

/** Keyword arguments of {@link Encoder.forward}. */
export interface EncoderOptions {
  /** The memory `[b, numMemorySlots, dim]` that cross-attention reads (unmasked). */
  context?: Tensor;
  /** `[b, n]` bool padding mask of the source (true = real token). */
  srcMask?: Tensor;
}

/** `memformer.Encoder`: `depth` layers, self-attention with a non-causal relative position bias. */
export class Encoder extends Module {
  readonly relPosEmb: RelativePositionBias;
  readonly layers: ModuleList<Layer>;

  constructor(dim: number, depth: number, heads = 8) {
    super();
    this.relPosEmb = new RelativePositionBias({ heads });
    this.layers = new ModuleList(Array.from({ length: depth }, () => makeLayer(dim, heads, false)));
  }

  /** Embedded source `[b, n, dim]` → `[b, n, dim]`. */
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
 * Keyword arguments of {@link Decoder.forward}. The names are the reference's, and Memformer
 * fills them crosswise on purpose: `srcMask` is the decoder's own (target) padding mask,
 * `tgtMask` the encoder's (source) one.
 */
export interface DecoderOptions {
  /** The encoder output `[b, m, dim]` that cross-attention reads. */
  context?: Tensor;
  /** `[b, n]` mask of the decoder's own tokens: queries of both attentions, keys of self-attention. */
  srcMask?: Tensor;
  /** `[b, m]` mask of the context's tokens: keys of cross-attention. */
  tgtMask?: Tensor;
}

/** `memformer.Decoder`: `depth` layers, causal self-attention with the causal position bias. */
export class Decoder extends Module {
  readonly relPosEmb: RelativePositionBias;
  readonly layers: ModuleList<Layer>;

  constructor(dim: number, depth: number, heads = 8) {
    super();
    this.relPosEmb = new RelativePositionBias({ heads, causal: true });
    this.layers = new ModuleList(Array.from({ length: depth }, () => makeLayer(dim, heads, true)));
  }

  /** Embedded target `[b, n, dim]` → `[b, n, dim]`. */
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

/** A stack that {@link TransformerWrapper} can wrap: `Encoder` or `Decoder`. */
export interface LayerBlocks<Options> extends Module {
  forward(x: Tensor, options?: Options): Tensor;
}

/** Options of {@link TransformerWrapper}: the Python kwargs (`returnLogits` default true). */
export interface TransformerWrapperOptions<Options> {
  numTokens: number;
  /** Stored as in the reference (generation's window); no effect on the forward pass. */
  maxSeqLen: number;
  dim: number;
  layerBlocks: LayerBlocks<Options>;
  returnLogits?: boolean;
}

const WRAPPER_OPTIONS: OptionSpec<TransformerWrapperOptions<unknown>> = {
  numTokens: 'required',
  maxSeqLen: 'required',
  dim: 'required',
  layerBlocks: 'required',
  returnLogits: 'optional',
};

/** `memformer.TransformerWrapper`: token embedding → stack → LayerNorm → logits (or identity). */
export class TransformerWrapper<Options> extends Module {
  readonly tokenEmb: Embedding;
  readonly layerBlocks: LayerBlocks<Options>;
  readonly norm: LayerNorm;
  readonly toLogits: Linear | Identity;
  readonly maxSeqLen: number;

  constructor(options: TransformerWrapperOptions<Options>) {
    super();
    checkOptions('TransformerWrapper', options, WRAPPER_OPTIONS);
    const { numTokens, maxSeqLen, dim, layerBlocks, returnLogits = true } = options;
    this.tokenEmb = new Embedding(numTokens, dim);
    this.maxSeqLen = maxSeqLen;
    this.layerBlocks = layerBlocks;
    this.norm = new LayerNorm(dim);
    this.toLogits = returnLogits ? new Linear(dim, numTokens) : new Identity();
  }

  /** Token ids `[b, n]` → `[b, n, dim]` (encoder) or logits `[b, n, numTokens]` (decoder). */
  forward(x: Tensor, options?: Options): Tensor {
    let h = this.tokenEmb.forward(x);
    h = this.layerBlocks.forward(h, options);
    h = this.norm.forward(h);
    return this.toLogits.forward(h);
  }
}
