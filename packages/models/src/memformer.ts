/**
 * Memformer (Wu et al. 2020, "Memformer: A Memory-Augmented Transformer for Sequence Modeling"),
 * ported from lucidrains/memformer `memformer/memformer.py` at c8f9a97.
 *
 * An encoder reads each segment while cross-attending to a fixed number of memory slots; an
 * optional decoder is trained on the segment's target through an {@link AutoregressiveWrapper};
 * the memory is then rewritten from the encoder output (attention, GRU cell, feed-forward) and
 * carried to the next segment. The parts live in `memformer/`; this file holds the model.
 */
import { Tensor, cat, eye, noGrad, ones, randn, tensor } from '@tensorgrad/autograd';
import { GRUCell, Module, Parameter, rearrange, repeat } from '@tensorgrad/nn';
import { Attention, FeedForward, PreNorm, Residual } from './memformer/attention.js';
import { AutoregressiveWrapper, type GenerateOptions } from './memformer/autoregressive-wrapper.js';
import {
  Decoder,
  Encoder,
  TransformerWrapper,
  type DecoderOptions,
  type EncoderOptions,
} from './memformer/transformer.js';

export { Attention, FeedForward, PreNorm, Residual, maxNegValue } from './memformer/attention.js';
export type {
  AttentionConstructorOptions,
  AttentionOptions,
  Sublayer,
} from './memformer/attention.js';
export { Decoder, Encoder, TransformerWrapper } from './memformer/transformer.js';
export type {
  DecoderOptions,
  EncoderOptions,
  Layer,
  LayerBlocks,
  TransformerWrapperOptions,
} from './memformer/transformer.js';
export { AutoregressiveWrapper } from './memformer/autoregressive-wrapper.js';
export type {
  AutoregressiveForwardOptions,
  AutoregressiveWrapperOptions,
  GenerateOptions,
} from './memformer/autoregressive-wrapper.js';
export { topK, topP, sampleCategorical, type FilterLogitsFn } from './memformer/sampling.js';
export {
  RelativePositionBias,
  relativePositionBucket,
  type RelativePositionBiasOptions,
} from './memformer/relative-position-bias.js';
export {
  memoryReplayBackprop,
  type MemformerSegment,
  type MemoryReplayOptions,
} from './memformer/mrbp.js';

/**
 * Constructor options of {@link Memformer}: the Python kwargs in camelCase (`enc_num_tokens` →
 * `encNumTokens`). The `enc*` / `dec*` groups are what the reference routes, by prefix, to the
 * encoder and decoder.
 * @example
 * ```ts
 * import { Memformer, type MemformerOptions } from '@tensorgrad/models';
 * const options: MemformerOptions = {
 *   dim: 8, numMemorySlots: 2, numMemUpdates: 2, memUpdateAttnHeads: 2,
 *   encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2,
 *   decNumTokens: 12, decMaxSeqLen: 4, decDepth: 1, decHeads: 2,
 * };
 * const model = new Memformer(options);
 * if (model.numMemUpdates !== 2 || model.decoder === null) throw new Error('built');
 * ```
 */
export interface MemformerOptions {
  /** Model width, shared by encoder, decoder and memory. */
  dim: number;
  /** Number of memory slots carried between segments. */
  numMemorySlots: number;
  /** Rounds of memory rewriting per segment. Default 1. */
  numMemUpdates?: number;
  /** Build no decoder: `forward` then returns only `encOut` and `mem`. Default false. */
  encoderOnly?: boolean;
  /** Heads of the memory-update attention. Default 8. */
  memUpdateAttnHeads?: number;
  /** Source vocabulary size. */
  encNumTokens: number;
  /** Longest source segment (splits the input in {@link memoryReplayBackprop}; no effect on forward). */
  encMaxSeqLen: number;
  /** Encoder layers. */
  encDepth: number;
  /** Encoder heads. Default 8. */
  encHeads?: number;
  /** Target vocabulary size (required unless `encoderOnly`). */
  decNumTokens?: number;
  /** Longest target the decoder conditions on when generating (required unless `encoderOnly`). */
  decMaxSeqLen?: number;
  /** Decoder layers (required unless `encoderOnly`). */
  decDepth?: number;
  /** Decoder heads. Default 8. */
  decHeads?: number;
}

/**
 * Keyword arguments of {@link Memformer.forward}.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Memformer, type memformer } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
 * const options: memformer.MemformerForwardOptions = {
 *   tgt: tensor([[1, 2]], { dtype: 'int32' }),
 *   mems: model.getInitialMem(1),
 *   srcMask: tensor([[true, true, false]]),
 *   tgtMask: tensor([[true, true]]),
 * };
 * if (model.forward(tensor([[4, 5, 0]], { dtype: 'int32' }), options).decOut === undefined) throw new Error('a loss');
 * ```
 */
export interface MemformerForwardOptions {
  /** Target tokens `[b, tgtLen]` (int32); the decoder loss is computed only when given. */
  tgt?: Tensor;
  /** Memory `[b, numMemorySlots, dim]` from the previous segment; default the learned initial memory. */
  mems?: Tensor;
  /** `[b, srcLen]` boolean padding mask of `src` (true = real token). */
  srcMask?: Tensor;
  /** `[b, tgtLen]` boolean padding mask of `tgt`. */
  tgtMask?: Tensor;
}

/**
 * What {@link Memformer.forward} returns (the reference's `Results` / `EncOnlyResults`).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Memformer, type MemformerResults } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
 * const results: MemformerResults = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
 * if (results.encOut.shape.join() !== '1,3,8' || results.mem.shape.join() !== '1,2,8') throw new Error('shapes');
 * if (results.decOut !== undefined) throw new Error('encoder-only: no loss');
 * ```
 */
export interface MemformerResults {
  /** Encoder output after its final LayerNorm, `[b, srcLen, dim]`. */
  encOut: Tensor;
  /** The rewritten memory, `[b, numMemorySlots, dim]`, to pass as `mems` to the next segment. */
  mem: Tensor;
  /**
   * The decoder's scalar cross-entropy; a scalar 0 (requiring grad) when the model has a
   * decoder but no `tgt` was given; absent for an `encoderOnly` model.
   */
  decOut?: Tensor;
}

/**
 * Options of {@link Memformer.generate}.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/tensor';
 * import { Memformer, type memformer } from '@tensorgrad/models';
 * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
 * const options: memformer.MemformerGenerateOptions = { mems: model.getInitialMem(1), srcMask: tensor([[true, true]]), generator: new Generator(0), filterThres: 0.5 };
 * const out = model.generate(tensor([[1, 2]], { dtype: 'int32' }), tensor([[1]], { dtype: 'int32' }), 3, options);
 * if (out.shape.join() !== '1,3') throw new Error(`shape ${out.shape}`);
 * ```
 */
export interface MemformerGenerateOptions extends Omit<GenerateOptions, 'context' | 'tgtMask'> {
  /** Memory to read the source with; default the learned initial memory. */
  mems?: Tensor;
  /** `[b, srcLen]` padding mask of the source. */
  srcMask?: Tensor;
}

/** Throws unless `value` is an integer >= `min`, naming the option. */
function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`Memformer: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless every attention's head count divides `dim`. */
function checkHeads(name: string, heads: number, dim: number): void {
  checkInteger(name, heads, 1);
  if (dim % heads !== 0)
    throw new Error(`Memformer: dim ${dim} must be divisible by ${name} ${heads}`);
}

/**
 * The mask of the memory-update attention, `[b, numMem, numMem + n]` (true = may attend): the
 * keys are `cat(memory, encoderOutput)`, and each slot sees itself (an identity block, no other
 * slot) and every encoder token that `srcMask` does not mask. The reference builds it as
 * `pad(eye(num_mem), (0, n), value=True) & pad(src_mask, (num_mem, 0), value=True)`.
 *
 * @param batch - batch size `b`.
 * @param numMem - memory slots.
 * @param n - source length.
 * @param srcMask - `[b, n]` source padding mask, if any.
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const mask = memformer.memoryUpdateMask(1, 2, 2, tensor([[true, false]]));
 * if (JSON.stringify(mask.toArray()) !== '[[[true,false,true,false],[false,true,true,false]]]') throw new Error(JSON.stringify(mask.toArray()));
 * ```
 */
export function memoryUpdateMask(
  batch: number,
  numMem: number,
  n: number,
  srcMask?: Tensor,
): Tensor {
  const selfPart = repeat(eye(numMem, numMem, { dtype: 'bool' }), 'i j -> b i j', { b: batch });
  const encPart =
    srcMask !== undefined
      ? repeat(srcMask, 'b j -> b i j', { i: numMem })
      : ones([batch, numMem, n], { dtype: 'bool' });
  return cat([selfPart, encPart], -1);
}

/**
 * `memformer.Memformer`.
 *
 * Members are declared in the order that makes `stateDict()` list PyTorch's keys in PyTorch's
 * order: `memory_slots` (a parameter of the module itself, listed by PyTorch before any child),
 * then `encoder`, `decoder.net`, `mem_updater`, `gru`, `mem_ff`.
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Memformer } from '@tensorgrad/models';
 * const model = new Memformer({
 *   dim: 8, numMemorySlots: 4, memUpdateAttnHeads: 2, encNumTokens: 20, encDepth: 1, encHeads: 2, encMaxSeqLen: 8,
 *   decNumTokens: 20, decDepth: 1, decHeads: 2, decMaxSeqLen: 8,
 * });
 * const src = tensor([[1, 2, 3, 4]], { dtype: 'int32' });
 * const tgt = tensor([[5, 6, 7]], { dtype: 'int32' });
 * const seg1 = model.forward(src, { tgt });
 * const seg2 = model.forward(src, { tgt, mems: seg1.mem }); // the memory carries over
 * if (seg2.mem.shape.join() !== '1,4,8') throw new Error(`memory ${seg2.mem.shape}`);
 * if (Object.keys(model.stateDict())[0] !== 'memory_slots') throw new Error("PyTorch's key order");
 * ```
 */
export class Memformer extends Module {
  /**
   * The learned initial memory `[numMemorySlots, dim]`.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 3, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.memorySlots.shape.join() !== '3,8') throw new Error('[slots, dim]');
   * ```
   */
  readonly memorySlots: Parameter;
  /**
   * Token embedding, encoder stack and final LayerNorm (no logits).
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.encoder.toLogits.constructor.name !== 'Identity') throw new Error('no logits');
   * ```
   */
  readonly encoder: TransformerWrapper<EncoderOptions>;
  /**
   * The decoder in its autoregressive wrapper, or `null` for an encoder-only model.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.decoder !== null) throw new Error('encoder-only');
   * ```
   */
  readonly decoder: AutoregressiveWrapper | null;
  /**
   * Attention from each memory slot to itself and to the encoder output.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.memUpdater.heads !== 2) throw new Error('memUpdateAttnHeads');
   * ```
   */
  readonly memUpdater: Attention;
  /**
   * `GRUCell(dim, dim)`: input = attention update, hidden = previous memory.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.gru.hiddenSize !== 8) throw new Error('GRUCell(dim, dim)');
   * ```
   */
  readonly gru: GRUCell;
  /**
   * Residual pre-norm feed-forward applied to the new memory.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (!('mem_ff.fn.fn.net.0.weight' in model.stateDict())) throw new Error("PyTorch's key");
   * ```
   */
  readonly memFf: Residual<undefined>;
  /**
   * Number of memory slots.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 5, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.numMem !== 5) throw new Error('numMemorySlots');
   * ```
   */
  readonly numMem: number;
  /**
   * Rounds of memory rewriting per segment.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * if (model.numMemUpdates !== 1) throw new Error('default 1');
   * ```
   */
  readonly numMemUpdates: number;

  /**
   * @param options - see {@link MemformerOptions}.
   * @throws naming the option, when a size is not a positive integer, a head count does not
   *   divide `dim`, or a decoder option is missing without `encoderOnly`.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * let error: unknown;
   * try { new Memformer({ dim: 8, numMemorySlots: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, memUpdateAttnHeads: 2 }); } catch (e) { error = e; }
   * if (!(error instanceof Error)) throw new Error('a decoder option is missing without encoderOnly');
   * ```
   */
  constructor(options: MemformerOptions) {
    super();
    const {
      encoderOnly = false,
      numMemUpdates = 1,
      memUpdateAttnHeads = 8,
      encHeads = 8,
      decHeads = 8,
    } = options;
    const dim = checkInteger('dim', options.dim, 1);
    const numMemorySlots = checkInteger('numMemorySlots', options.numMemorySlots, 1);
    checkInteger('numMemUpdates', numMemUpdates, 0);
    checkHeads('memUpdateAttnHeads', memUpdateAttnHeads, dim);
    checkHeads('encHeads', encHeads, dim);
    const encNumTokens = checkInteger('encNumTokens', options.encNumTokens, 1);
    const encMaxSeqLen = checkInteger('encMaxSeqLen', options.encMaxSeqLen, 1);
    const encDepth = checkInteger('encDepth', options.encDepth, 1);

    this.memorySlots = new Parameter(randn([numMemorySlots, dim]));

    this.encoder = new TransformerWrapper<EncoderOptions>({
      numTokens: encNumTokens,
      maxSeqLen: encMaxSeqLen,
      dim,
      layerBlocks: new Encoder(dim, encDepth, encHeads),
      returnLogits: false,
    });

    if (encoderOnly) {
      this.decoder = null;
    } else {
      checkHeads('decHeads', decHeads, dim);
      const decoderNet = new TransformerWrapper<DecoderOptions>({
        numTokens: checkInteger('decNumTokens', options.decNumTokens, 1),
        maxSeqLen: checkInteger('decMaxSeqLen', options.decMaxSeqLen, 1),
        dim,
        layerBlocks: new Decoder(dim, checkInteger('decDepth', options.decDepth, 1), decHeads),
        returnLogits: true,
      });
      this.decoder = new AutoregressiveWrapper(decoderNet);
    }

    this.numMem = numMemorySlots;
    this.numMemUpdates = numMemUpdates;
    this.memUpdater = new Attention(dim, { heads: memUpdateAttnHeads });
    this.gru = new GRUCell(dim, dim);
    this.memFf = new Residual(new PreNorm<undefined>(dim, new FeedForward(dim)));
  }

  /**
   * The memory a sequence starts from: `memorySlots` repeated over the batch, `[b, slots, dim]`.
   * Gradients flow back to `memorySlots`.
   * @example
   * ```ts
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 3, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, encoderOnly: true });
   * const mem = model.getInitialMem(2);
   * mem.sum().backward();
   * if (mem.shape.join() !== '2,3,8' || model.memorySlots.grad === null) throw new Error('repeated, differentiable');
   * ```
   */
  getInitialMem(batchSize: number): Tensor {
    return repeat(this.memorySlots, 'n d -> b n d', { b: batchSize });
  }

  /**
   * Processes one segment: encode `src` against `mems`, compute the decoder loss on `tgt`
   * (when given), rewrite the memory.
   *
   * @param src - source tokens `[b, srcLen]` (int32).
   * @param options - target, memory and masks (see {@link MemformerForwardOptions}).
   * @returns encoder output, new memory and decoder loss (see {@link MemformerResults}).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
   * const { encOut, mem, decOut } = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }), { tgt: tensor([[4, 5]], { dtype: 'int32' }) });
   * if (encOut.shape.join() !== '1,3,8' || mem.shape.join() !== '1,2,8' || decOut!.shape.length !== 0) throw new Error('results');
   * const noTarget = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
   * if (noTarget.decOut!.item() !== 0) throw new Error('a decoder but no tgt: a scalar 0');
   * ```
   */
  forward(src: Tensor, options: MemformerForwardOptions = {}): MemformerResults {
    const { tgt, srcMask, tgtMask } = options;
    const [b, n] = src.shape as [number, number];
    const numMem = this.numMem;
    let mems = options.mems ?? this.getInitialMem(b);
    const [memBatch, memSlots] = mems.shape;
    if (mems.ndim !== 3 || memBatch !== b || memSlots !== numMem) {
      throw new Error(
        `Memformer.forward: mems has shape [${mems.shape.join(', ')}]; expected [${b}, ${numMem}, dim] (batch, numMemorySlots, dim)`,
      );
    }

    const enc = this.encoder.forward(src, { context: mems, srcMask });

    let decOut: Tensor;
    if (this.decoder !== null && tgt !== undefined) {
      // Swapped on purpose, as in the reference: the decoder's `srcMask` is its own (target)
      // mask, its `tgtMask` is the key mask of its cross-attention to the encoder output.
      decOut = this.decoder.forward(tgt, {
        context: enc,
        srcMask: tgtMask,
        tgtMask: srcMask,
        returnLoss: true,
      });
    } else {
      decOut = tensor(0, { requiresGrad: true });
    }

    const memMask = memoryUpdateMask(b, numMem, n, srcMask);

    for (let update = 0; update < this.numMemUpdates; update++) {
      const prevMems = mems;
      const updatedMems = this.memUpdater.forward(mems, {
        context: enc,
        mask: memMask,
        attendSelf: true,
      });
      const nextMems = this.gru.forward(
        rearrange(updatedMems, 'b n d -> (b n) d'),
        rearrange(prevMems, 'b n d -> (b n) d'),
      );
      mems = rearrange(nextMems, '(b n) d -> b n d', { b });
      mems = this.memFf.forward(mems);
    }

    if (this.decoder === null) return { encOut: enc, mem: mems };
    return { encOut: enc, mem: mems, decOut };
  }

  /**
   * Reads `src` with the current memory and samples a continuation of `startTokens` from the
   * decoder (see {@link AutoregressiveWrapper.generate}); the memory is not updated.
   *
   * @param src - source tokens `[b, srcLen]`.
   * @param startTokens - `[b, t]` decoder prompt (int32).
   * @param seqLen - number of tokens to generate.
   * @param options - sampling options, memory and source mask.
   * @returns `[b, seqLen]` int32 tokens.
   * @throws for an `encoderOnly` model.
   *
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { Generator } from '@tensorgrad/tensor';
   * import { Memformer } from '@tensorgrad/models';
   * const model = new Memformer({ dim: 8, numMemorySlots: 2, memUpdateAttnHeads: 2, encNumTokens: 10, encMaxSeqLen: 4, encDepth: 1, encHeads: 2, decNumTokens: 20, decMaxSeqLen: 4, decDepth: 1, decHeads: 2 });
   * const src = tensor([[1, 2, 3]], { dtype: 'int32' });
   * const out = model.generate(src, tensor([[1]], { dtype: 'int32' }), 8, { temperature: 0.8, generator: new Generator(0) });
   * if (out.shape.join() !== '1,8' || out.dtype !== 'int32') throw new Error(`shape ${out.shape}`);
   * ```
   */
  generate(
    src: Tensor,
    startTokens: Tensor,
    seqLen: number,
    options: MemformerGenerateOptions = {},
  ): Tensor {
    const decoder = this.decoder;
    if (decoder === null)
      throw new Error(
        'Memformer.generate: this model was built with encoderOnly and has no decoder',
      );
    const { mems, srcMask, ...sampling } = options;
    const enc = noGrad(() => {
      const initial = mems ?? this.getInitialMem(src.shape[0] as number);
      return this.encoder.forward(src, { context: initial, srcMask });
    });
    return decoder.generate(startTokens, seqLen, { ...sampling, context: enc, tgtMask: srcMask });
  }
}
