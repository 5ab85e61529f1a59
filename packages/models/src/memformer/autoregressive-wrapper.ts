/**
 * `memformer.autoregressive_wrapper.AutoregressiveWrapper`: next-token loss and sampling around
 * Memformer's decoder.
 */
import { Tensor, cat, noGrad, ones } from '@tensorgrad/autograd';
import { Module, F } from '@tensorgrad/nn';
import type { Generator } from '@tensorgrad/tensor';
import type { DecoderOptions, TransformerWrapper } from './transformer.js';
import { sampleCategorical, topK, type FilterLogitsFn } from './sampling.js';

/**
 * Keyword arguments of {@link AutoregressiveWrapper.forward}.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const options: memformer.AutoregressiveForwardOptions = { returnLoss: true };
 * const loss = new memformer.AutoregressiveWrapper(net).forward(tensor([[1, 2, 3]], { dtype: 'int32' }), options);
 * if (loss.shape.length !== 0) throw new Error('a scalar');
 * ```
 */
export interface AutoregressiveForwardOptions extends DecoderOptions {
  /**
   * Return the next-token cross-entropy of `x` (inputs `x[:, :-1]`, targets `x[:, 1:]`) instead
   * of the logits. Default false.
   */
  returnLoss?: boolean;
}

/**
 * Options of {@link AutoregressiveWrapper.generate}.
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/tensor';
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const options: memformer.GenerateOptions = {
 *   context: randn([1, 3, 8]), temperature: 0.8, filterLogitsFn: memformer.topP, filterThres: 0.5,
 *   generator: new Generator(0), eosToken: 9,
 * };
 * const tokens = new memformer.AutoregressiveWrapper(net).generate(tensor([[1]], { dtype: 'int32' }), 4, options);
 * if (tokens.shape[1]! > 4) throw new Error('at most 4 tokens');
 * ```
 */
export interface GenerateOptions {
  /** The encoder output the decoder cross-attends to, `[b, m, dim]`. */
  context?: Tensor;
  /** `[b, m]` padding mask of `context` (the decoder's `tgtMask`, see {@link DecoderOptions}). */
  tgtMask?: Tensor;
  /** `[b, t]` mask of the start tokens (default all true); generated tokens are always real. */
  inputMask?: Tensor;
  /** Stop early once every row has just produced this token. */
  eosToken?: number;
  /** Logits are divided by this before the softmax; must be > 0. Default 1. */
  temperature?: number;
  /** Logit filter applied before the temperature. Default {@link topK}. */
  filterLogitsFn?: FilterLogitsFn;
  /** Threshold handed to the filter. Default 0.9. */
  filterThres?: number;
  /** Random stream of the sampler, for reproducible samples. Default: the global generator. */
  generator?: Generator;
}

/**
 * Constructor options of {@link AutoregressiveWrapper}.
 * @example
 * ```ts
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const options: memformer.AutoregressiveWrapperOptions = { ignoreIndex: 0, padValue: 0 };
 * if (new memformer.AutoregressiveWrapper(net, options).ignoreIndex !== 0) throw new Error('set');
 * ```
 */
export interface AutoregressiveWrapperOptions {
  /** Targets equal to this are left out of the loss. Default -100. */
  ignoreIndex?: number;
  /** Padding token of the reference's list-of-sequences input (kept for parity; unused here). */
  padValue?: number;
}

/**
 * Wraps the decoder's `TransformerWrapper`: `forward(x, { returnLoss: true })` is the
 * teacher-forced next-token loss that Memformer trains with; {@link generate} samples.
 *
 * The reference's `generate` cannot run on Memformer's decoder (it passes `input_mask=` to a
 * network that takes no such argument, and has no way to hand it the encoder output). This one
 * passes the growing token mask as the decoder's own `srcMask` and takes the encoder output as
 * `context`; the filtering and sampling loop is otherwise the reference's.
 *
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/tensor';
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const wrapper = new memformer.AutoregressiveWrapper(net);
 * const tokens = wrapper.generate(tensor([[1]], { dtype: 'int32' }), 5, { context: randn([1, 4, 8]), generator: new Generator(0) });
 * if (tokens.shape.join() !== '1,5') throw new Error(`shape ${tokens.shape}`);
 * ```
 */
export class AutoregressiveWrapper extends Module {
  /**
   * The wrapped decoder.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * if (new memformer.AutoregressiveWrapper(net).net !== net) throw new Error('wrapped');
   * ```
   */
  readonly net: TransformerWrapper<DecoderOptions>;
  /**
   * Targets equal to this are left out of the loss.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * if (new memformer.AutoregressiveWrapper(net, { ignoreIndex: 0 }).ignoreIndex !== 0) throw new Error('set');
   * ```
   */
  readonly ignoreIndex: number;
  /**
   * Padding token (reference attribute).
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * if (new memformer.AutoregressiveWrapper(net).padValue !== 0) throw new Error('default 0');
   * ```
   */
  readonly padValue: number;
  /**
   * The wrapped network's `maxSeqLen`: generation conditions on at most this many tokens.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * if (new memformer.AutoregressiveWrapper(net).maxSeqLen !== 4) throw new Error("the network's");
   * ```
   */
  readonly maxSeqLen: number;

  /**
   * @param net - the decoder.
   * @param options - loss and padding settings.
   * @example
   * ```ts
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 6, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * const wrapper = new memformer.AutoregressiveWrapper(net);
   * if (wrapper.ignoreIndex !== -100 || wrapper.maxSeqLen !== 6) throw new Error('defaults');
   * ```
   */
  constructor(
    net: TransformerWrapper<DecoderOptions>,
    { ignoreIndex = -100, padValue = 0 }: AutoregressiveWrapperOptions = {},
  ) {
    super();
    this.padValue = padValue;
    this.ignoreIndex = ignoreIndex;
    this.net = net;
    this.maxSeqLen = net.maxSeqLen;
  }

  /**
   * Samples `seqLen` tokens after `startTokens`.
   *
   * Each step runs the decoder on the last `maxSeqLen` tokens, filters the last position's
   * logits with `filterLogitsFn(logits, filterThres)`, divides by `temperature`, and draws from
   * the softmax. Runs without gradient tracking and in eval mode (restored afterwards).
   *
   * @param startTokens - `[b, t]` or `[t]` int32 token ids.
   * @param seqLen - number of tokens to generate.
   * @param options - see {@link GenerateOptions}.
   * @returns the generated tokens only, `[b, seqLen]` (or `[seqLen]` for a 1-D start), fewer
   *   when every row produced `eosToken`.
   * @throws if `temperature <= 0` or `seqLen` is not a non-negative integer.
   * @example
   * ```ts
   * import { randn, tensor } from '@tensorgrad/autograd';
   * import { Generator } from '@tensorgrad/tensor';
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 4, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * const wrapper = new memformer.AutoregressiveWrapper(net);
   * const context = randn([1, 2, 8]);
   * const a = wrapper.generate(tensor([1, 2], { dtype: 'int32' }), 3, { context, generator: new Generator(7) });
   * const b = wrapper.generate(tensor([1, 2], { dtype: 'int32' }), 3, { context, generator: new Generator(7) });
   * if (a.shape.join() !== '3' || [...a.data()].join() !== [...b.data()].join()) throw new Error('1-D start, seeded');
   * ```
   */
  generate(startTokens: Tensor, seqLen: number, options: GenerateOptions = {}): Tensor {
    const {
      context,
      tgtMask,
      eosToken,
      temperature = 1,
      filterLogitsFn = topK,
      filterThres = 0.9,
      generator,
    } = options;
    if (!(temperature > 0))
      throw new Error(`generate: temperature must be > 0, got ${temperature}`);
    if (!Number.isInteger(seqLen) || seqLen < 0)
      throw new Error(`generate: seqLen must be a non-negative integer, got ${seqLen}`);

    return noGrad(() => {
      const wasTraining = this.net.training;
      const numDims = startTokens.ndim;
      const start = numDims === 1 ? startTokens.unsqueeze(0) : startTokens;
      const [b, t] = start.shape as [number, number];

      this.net.eval();
      let out = start;
      let inputMask = options.inputMask ?? ones([b, t], { dtype: 'bool' });

      for (let step = 0; step < seqLen; step++) {
        const x = out.slice(1, -this.maxSeqLen);
        inputMask = inputMask.slice(1, -this.maxSeqLen);

        const logits = this.net.forward(x, { context, srcMask: inputMask, tgtMask }).select(1, -1);
        const filtered = filterLogitsFn(logits, filterThres);
        const probs = filtered.div(temperature).softmax(-1);
        const sample = sampleCategorical(probs, generator);

        out = cat([out, sample], -1);
        inputMask = cat([inputMask, ones([b, 1], { dtype: 'bool' })], -1);

        if (eosToken !== undefined && sample.eq(eosToken).all().item()) break;
      }

      let generated = out.slice(1, t);
      if (numDims === 1) generated = generated.squeeze(0);
      this.net.train(wasTraining);
      return generated;
    });
  }

  /**
   * Logits of `x`, or with `returnLoss` the next-token cross-entropy averaged over every
   * position whose target is not `ignoreIndex` (padding tokens count: they are ordinary ids).
   *
   * With `returnLoss`, a `srcMask` as long as `x` is trimmed to the inputs' length, as in the
   * reference ("off by one" masks are resolved for the caller).
   *
   * @param x - `[b, n]` int32 token ids.
   * @param options - decoder options and `returnLoss`.
   * @returns logits `[b, n, numTokens]`, or a scalar loss.
   * @example
   * ```ts
   * import { randn, tensor } from '@tensorgrad/autograd';
   * import { memformer } from '@tensorgrad/models';
   * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
   * const wrapper = new memformer.AutoregressiveWrapper(net);
   * const x = tensor([[1, 2, 3, 4]], { dtype: 'int32' });
   * const context = randn([1, 2, 8]);
   * if (wrapper.forward(x, { context }).shape.join() !== '1,4,20') throw new Error('logits');
   * const loss = wrapper.forward(x, { context, returnLoss: true }); // predicts x[:, 1:] from x[:, :-1]
   * if (!(Number(loss.item()) > 0)) throw new Error('a positive cross-entropy');
   * ```
   */
  forward(x: Tensor, { returnLoss = false, ...kwargs }: AutoregressiveForwardOptions = {}): Tensor {
    if (!returnLoss) return this.net.forward(x, kwargs);

    const xi = x.slice(1, 0, -1);
    const xo = x.slice(1, 1);
    const mask = kwargs.srcMask;
    if (mask !== undefined && mask.shape[1] === x.shape[1]) kwargs.srcMask = mask.slice(1, 0, -1);

    const out = this.net.forward(xi, kwargs);
    return F.crossEntropy(out.transpose(1, 2), xo, { ignoreIndex: this.ignoreIndex });
  }
}
