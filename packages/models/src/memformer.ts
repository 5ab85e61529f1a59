/**
 * Memformer (Wu et al. 2020, "Memformer: A Memory-Augmented Transformer for Sequence Modeling"),
 * a port of lucidrains/memformer `memformer/memformer.py` at c8f9a97. The parts live in
 * `memformer/`, one file each; this file holds the model.
 */
import { Tensor, cat, eye, noGrad, ones, randn, tensor } from '@tensorgrad/autograd';
import {
  GRUCell,
  Module,
  Parameter,
  checkOptions,
  rearrange,
  repeat,
  type OptionSpec,
} from '@tensorgrad/nn';
import { Attention, FeedForward, PreNorm, Residual } from './memformer/attention.js';
import { AutoregressiveWrapper, type GenerateOptions } from './memformer/autoregressive-wrapper.js';
import {
  Decoder,
  Encoder,
  TransformerWrapper,
  type DecoderOptions,
  type EncoderOptions,
} from './memformer/transformer.js';
import { shapeString } from '@tensorgrad/tensor';

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
 * Options of {@link Memformer}: the Python kwargs in camelCase (`enc_num_tokens` →
 * `encNumTokens`); the `enc*` / `dec*` groups are what the reference routes by prefix. Defaults:
 * `numMemUpdates` 1, heads 8; the `dec*` sizes are required unless `encoderOnly`.
 */
export interface MemformerOptions {
  dim: number;
  numMemorySlots: number;
  numMemUpdates?: number;
  /** Build no decoder: `forward` then returns only `encOut` and `mem`. */
  encoderOnly?: boolean;
  memUpdateAttnHeads?: number;
  encNumTokens: number;
  /** Segment length of {@link memoryReplayBackprop}; no effect on `forward`. */
  encMaxSeqLen: number;
  encDepth: number;
  encHeads?: number;
  decNumTokens?: number;
  /** Longest target the decoder conditions on when generating. */
  decMaxSeqLen?: number;
  decDepth?: number;
  decHeads?: number;
}

const MEMFORMER_OPTIONS: OptionSpec<MemformerOptions> = {
  dim: 'required',
  numMemorySlots: 'required',
  numMemUpdates: 'optional',
  encoderOnly: 'optional',
  memUpdateAttnHeads: 'optional',
  encNumTokens: 'required',
  encMaxSeqLen: 'required',
  encDepth: 'required',
  encHeads: 'optional',
  decNumTokens: 'optional',
  decMaxSeqLen: 'optional',
  decDepth: 'optional',
  decHeads: 'optional',
};

/** Keyword arguments of {@link Memformer.forward}. */
export interface MemformerForwardOptions {
  /** Target tokens `[b, tgtLen]` (int32); the decoder loss is computed only when given. */
  tgt?: Tensor;
  /** Memory `[b, numMemorySlots, dim]` from the previous segment (default: the initial memory). */
  mems?: Tensor;
  /** `[b, srcLen]` bool padding mask of `src` (true = real token). */
  srcMask?: Tensor;
  /** `[b, tgtLen]` bool padding mask of `tgt`. */
  tgtMask?: Tensor;
}

/** What {@link Memformer.forward} returns (the reference's `Results` / `EncOnlyResults`). */
export interface MemformerResults {
  /** Encoder output after its final LayerNorm, `[b, srcLen, dim]`. */
  encOut: Tensor;
  /** The rewritten memory, `[b, numMemorySlots, dim]`, for the next segment. */
  mem: Tensor;
  /** Decoder cross-entropy; a scalar 0 (requiring grad) without `tgt`; absent if `encoderOnly`. */
  decOut?: Tensor;
}

/** Options of {@link Memformer.generate}: sampling options, the memory and the source mask. */
export interface MemformerGenerateOptions extends Omit<GenerateOptions, 'context' | 'tgtMask'> {
  mems?: Tensor;
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
 * The mask of the memory-update attention, `[b, numMem, numMem + n]` (true = may attend) over
 * the keys `cat(memory, encoderOutput)`: each slot sees itself only, and every unmasked token
 * (the reference: `pad(eye(num_mem), (0, n), True) & pad(src_mask, (num_mem, 0), True)`).
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
 * `memformer.Memformer`. Members are declared so that `stateDict()` lists PyTorch's keys in its
 * order: `memory_slots` (PyTorch lists a module's own parameters before its children) first.
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/autograd';
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
 * const out = model.generate(src, tensor([[1]], { dtype: 'int32' }), 5, { generator: new Generator(0) });
 * if (out.shape.join() !== '1,5' || out.dtype !== 'int32') throw new Error(`generated ${out.shape}`);
 * ```
 */
export class Memformer extends Module {
  /** The learned initial memory `[numMemorySlots, dim]`. */
  readonly memorySlots: Parameter;
  readonly encoder: TransformerWrapper<EncoderOptions>;
  /** The decoder in its autoregressive wrapper, or `null` for an encoder-only model. */
  readonly decoder: AutoregressiveWrapper | null;
  readonly memUpdater: Attention;
  readonly gru: GRUCell;
  readonly memFf: Residual<undefined>;
  readonly numMem: number;
  readonly numMemUpdates: number;

  constructor(options: MemformerOptions) {
    super();
    checkOptions('Memformer', options, MEMFORMER_OPTIONS);
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
    // Depth 0 is accepted, as the reference's empty ModuleList: the stack is then the identity.
    const encDepth = checkInteger('encDepth', options.encDepth, 0);

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
        layerBlocks: new Decoder(dim, checkInteger('decDepth', options.decDepth, 0), decHeads),
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

  /** `memorySlots` repeated over the batch, `[b, slots, dim]` (differentiable). */
  getInitialMem(batchSize: number): Tensor {
    return repeat(this.memorySlots, 'n d -> b n d', { b: batchSize });
  }

  /** One segment: encode `src` against `mems`, the decoder loss on `tgt`, rewrite the memory. */
  forward(src: Tensor, options: MemformerForwardOptions = {}): MemformerResults {
    const { tgt, srcMask, tgtMask } = options;
    const [b, n] = src.shape as [number, number];
    const numMem = this.numMem;
    let mems = options.mems ?? this.getInitialMem(b);
    const [memBatch, memSlots] = mems.shape;
    if (mems.ndim !== 3 || memBatch !== b || memSlots !== numMem) {
      throw new Error(
        `Memformer.forward: mems has shape ${shapeString(mems.shape)}; expected [${b}, ${numMem}, dim] (batch, numMemorySlots, dim)`,
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
   * Reads `src` with the memory and samples `seqLen` tokens after `startTokens` from the decoder
   * (see {@link AutoregressiveWrapper.generate}); the memory is not updated.
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
