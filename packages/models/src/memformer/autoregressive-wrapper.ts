/**
 * `memformer.autoregressive_wrapper.AutoregressiveWrapper`: next-token loss and sampling around
 * Memformer's decoder.
 */
import { Tensor, cat, noGrad, ones } from '@tensorgrad/autograd';
import { Module, F, checkOptions, type OptionSpec } from '@tensorgrad/nn';
import type { Generator } from '@tensorgrad/autograd';
import type { DecoderOptions, TransformerWrapper } from './transformer.js';
import { sampleCategorical, topK, type FilterLogitsFn } from './sampling.js';

/** Keyword arguments of {@link AutoregressiveWrapper.forward}. */
export interface AutoregressiveForwardOptions extends DecoderOptions {
  /** Return the next-token cross-entropy of `x` instead of the logits (default false). */
  returnLoss?: boolean;
}

/**
 * Options of {@link AutoregressiveWrapper.generate}: the reference's keywords plus the decoder's
 * `context` and `tgtMask`. Defaults: `temperature` 1, `filterLogitsFn` {@link topK},
 * `filterThres` 0.9, the global generator.
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
  temperature?: number;
  filterLogitsFn?: FilterLogitsFn;
  filterThres?: number;
  generator?: Generator;
}

/** Options of {@link AutoregressiveWrapper} (defaults: `ignoreIndex` -100, `padValue` 0). */
export interface AutoregressiveWrapperOptions {
  ignoreIndex?: number;
  /** Padding of the reference's list-of-sequences input; kept for parity, unused here. */
  padValue?: number;
}

const WRAPPER_OPTIONS: OptionSpec<AutoregressiveWrapperOptions> = {
  ignoreIndex: 'optional',
  padValue: 'optional',
};

/**
 * `AutoregressiveWrapper`: `forward(x, { returnLoss: true })` is the teacher-forced next-token
 * loss that Memformer trains with; {@link generate} samples.
 *
 * The reference's `generate` cannot run on Memformer's decoder (it passes `input_mask=`, which
 * the decoder does not take, and cannot hand it the encoder output): this one passes the growing
 * token mask as the decoder's `srcMask` and the encoder output as `context`.
 *
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/autograd';
 * import { memformer } from '@tensorgrad/models';
 * const net = new memformer.TransformerWrapper({ numTokens: 20, maxSeqLen: 8, dim: 8, layerBlocks: new memformer.Decoder(8, 1, 2) });
 * const wrapper = new memformer.AutoregressiveWrapper(net);
 * const context = randn([1, 4, 8]);
 * const loss = wrapper.forward(tensor([[1, 2, 3, 4]], { dtype: 'int32' }), { context, returnLoss: true }); // predicts x[:, 1:] from x[:, :-1]
 * if (loss.shape.length !== 0) throw new Error('a scalar loss');
 * const tokens = wrapper.generate(tensor([[1]], { dtype: 'int32' }), 5, { context, generator: new Generator(0) });
 * if (tokens.shape.join() !== '1,5') throw new Error(`shape ${tokens.shape}`);
 * ```
 */
export class AutoregressiveWrapper extends Module {
  readonly net: TransformerWrapper<DecoderOptions>;
  readonly ignoreIndex: number;
  readonly padValue: number;
  /** The wrapped network's `maxSeqLen`: generation conditions on at most this many tokens. */
  readonly maxSeqLen: number;

  constructor(net: TransformerWrapper<DecoderOptions>, options: AutoregressiveWrapperOptions = {}) {
    super();
    checkOptions('AutoregressiveWrapper', options, WRAPPER_OPTIONS);
    const { ignoreIndex = -100, padValue = 0 } = options;
    this.padValue = padValue;
    this.ignoreIndex = ignoreIndex;
    this.net = net;
    this.maxSeqLen = net.maxSeqLen;
  }

  /**
   * Samples `seqLen` tokens after `startTokens` (`[b, t]` or `[t]`) and returns only those,
   * fewer when every row produced `eosToken`. Runs without gradient, in eval mode.
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

        if (eosToken !== undefined && sample.eq(eosToken).all().itemBool()) break;
      }

      let generated = out.slice(1, t);
      if (numDims === 1) generated = generated.squeeze(0);
      this.net.train(wasTraining);
      return generated;
    });
  }

  /**
   * Logits of `x`, or with `returnLoss` the next-token cross-entropy over every target that is
   * not `ignoreIndex` (padding tokens count: they are ordinary ids).
   */
  forward(x: Tensor, { returnLoss = false, ...kwargs }: AutoregressiveForwardOptions = {}): Tensor {
    if (!returnLoss) return this.net.forward(x, kwargs);

    const xi = x.slice(1, 0, -1);
    const xo = x.slice(1, 1);
    // As in the reference, a `srcMask` as long as `x` is trimmed to the inputs' length.
    const mask = kwargs.srcMask;
    if (mask !== undefined && mask.shape[1] === x.shape[1]) kwargs.srcMask = mask.slice(1, 0, -1);

    const out = this.net.forward(xi, kwargs);
    return F.crossEntropy(out.transpose(1, 2), xo, { ignoreIndex: this.ignoreIndex });
  }
}
