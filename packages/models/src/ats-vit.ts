/**
 * ViT with adaptive token sampling: a port of `vit_pytorch/ats_vit.py` (lucidrains/vit-pytorch;
 * Fayyaz et al. 2021, "Adaptive Token Sampling For Efficient Vision Transformers"). Names follow
 * the Python file; state-dict keys are PyTorch's.
 */
import { Tensor, arange, cat, ones, rand, randn, tensor } from '@tensorgrad/autograd';
import {
  Dropout,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  Parameter,
  Rearrange,
  Sequential,
  Softmax,
  checkOptions,
  einsum,
  type OptionSpec,
  pad,
  rearrange,
  repeat,
} from '@tensorgrad/nn';
import { FeedForward } from './blocks/feed-forward.js';
import type { Generator } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** `torch.finfo(torch.float32).max`: masked logits get its negative, a finite number, not -inf. */
const FLOAT32_MAX = 3.4028234663852886e38;

// helpers

/** An image or patch size: one number for a square, or `[height, width]`. */
export type Size2d = number | readonly [number, number];

function pair(t: Size2d): [number, number] {
  return typeof t === 'number' ? [t, t] : [t[0], t[1]];
}

function assertPositiveInteger(owner: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${owner}: ${name} must be a positive integer, got ${value}`);
  }
}

// adaptive token sampling functions and classes

function log(t: Tensor, eps = 1e-6): Tensor {
  return t.add(eps).log();
}

/**
 * Source of the Gumbel noise, called once per sampling layer with the shape `[batch,
 * outputNumTokens, numTokens - 1]`: replace it to inject fixed noise (the parity fixtures do).
 */
export type GumbelSampler = (shape: readonly number[]) => Tensor;

/** Options of {@link sampleGumbel}: the uniform numbers' generator, and `eps` (default 1e-6). */
export interface SampleGumbelOptions {
  generator?: Generator;
  eps?: number;
}

/** Standard Gumbel noise `-log(-log(u))`, `u ~ U(0, 1)`, guarded by `eps` as in the reference. */
export function sampleGumbel(
  shape: readonly number[],
  { generator, eps = 1e-6 }: SampleGumbelOptions = {},
): Tensor {
  const u = rand([...shape], { generator });
  return log(log(u, eps).neg(), eps).neg();
}

/**
 * Gathers `values` along `dim` with `indices` that share its leading `dim` axes and may add
 * axes of their own: `values [b, n, d]`, `indices [b, k]`, `dim = 1` → `[b, k, d]`.
 */
export function batchedIndexSelect(values: Tensor, indices: Tensor, dim = 1): Tensor {
  const valueDims = values.shape.slice(dim + 1);
  const indicesShape = [...indices.shape];
  let index = indices;
  for (let i = 0; i < valueDims.length; i++) index = index.unsqueeze(-1);
  index = index.expand([...indicesShape, ...valueDims]);

  // Indices may carry extra axes after the shared leading ones: give values matching axes.
  const valueExpandLen = indicesShape.length - (dim + 1);
  let expanded = values;
  for (let i = 0; i < valueExpandLen; i++) expanded = expanded.unsqueeze(dim);
  const valueExpandShape = expanded.shape.map(() => -1);
  for (let i = dim; i < dim + valueExpandLen; i++) valueExpandShape[i] = index.shape[i]!;
  expanded = expanded.expand(valueExpandShape);

  return expanded.gather(dim + valueExpandLen, index);
}

/** Options of {@link AdaptiveTokenSampling} (default: {@link sampleGumbel} from `generator`). */
export interface AdaptiveTokenSamplingOptions {
  eps?: number;
  sampleGumbel?: GumbelSampler;
  generator?: Generator;
}

const ATS_OPTIONS: OptionSpec<AdaptiveTokenSamplingOptions> = {
  eps: 'optional',
  sampleGumbel: 'optional',
  generator: 'optional',
};

/**
 * Samples which tokens survive a layer. Returns, as the reference's tuple: the gathered
 * attention rows `[b, h, 1 + kept, n]` (not renormalised), the padding mask `[b, 1 + kept]` and
 * the kept positions `[b, 1 + kept]` (int32; the leading 0 is CLS, trailing 0s are padding).
 */
export class AdaptiveTokenSampling extends Module {
  readonly eps: number;
  readonly outputNumTokens: number;
  sampleGumbel: GumbelSampler;

  constructor(outputNumTokens: number, options: AdaptiveTokenSamplingOptions = {}) {
    super();
    checkOptions('AdaptiveTokenSampling', options, ATS_OPTIONS);
    const { eps = 1e-6, sampleGumbel: sampler, generator } = options;
    assertPositiveInteger('AdaptiveTokenSampling', 'outputNumTokens', outputNumTokens);
    this.eps = eps;
    this.outputNumTokens = outputNumTokens;
    this.sampleGumbel = sampler ?? ((shape) => sampleGumbel(shape, { generator }));
  }

  /** `[new attention, new mask, kept positions]` (see the class). */
  forward(attn: Tensor, value: Tensor, mask: Tensor): [Tensor, Tensor, Tensor] {
    const heads = attn.shape[1]!;
    const { outputNumTokens, eps } = this;

    // first get the attention values for CLS token to all other tokens
    let clsAttn = attn.select(2, 0).slice(-1, 1);

    // calculate the norms of the values, for weighting the scores, as described in the paper
    const valueNorms = value.slice(2, 1).norm(2, -1);

    // weigh the attention scores by the norm of the values, sum across all heads
    clsAttn = einsum(clsAttn, valueNorms, 'b h n, b h n -> b n');

    // normalize to 1
    const normedClsAttn = clsAttn.div(clsAttn.sum(-1, true).add(eps));

    // instead of using inverse transform sampling, invert the softmax and use gumbel-max sampling
    let pseudoLogits = log(normedClsAttn);

    // mask out pseudo logits for gumbel-max sampling (half the float32 max: adding noise to it
    // must stay finite)
    const maskWithoutCls = mask.slice(1, 1);
    pseudoLogits = pseudoLogits.maskedFill(maskWithoutCls.logicalNot(), -FLOAT32_MAX / 2);

    // expand k times, k being the adaptive sampling number
    pseudoLogits = repeat(pseudoLogits, 'b n -> b k n', { k: outputNumTokens });
    pseudoLogits = pseudoLogits.add(this.sampleGumbel(pseudoLogits.shape));

    // gumbel-max, and add one to reserve 0 for padding / mask
    const sampledTokenIds = pseudoLogits.argmax(-1).add(1);

    // torch.unique(sorted=True) per row, then pad_sequence (right padding with 0). Rows have
    // data-dependent lengths, so this runs on the host; the ids are integers without gradient.
    const rows = (sampledTokenIds.toArray() as number[][]).map((row) =>
      [...new Set(row)].sort((a, b) => a - b),
    );
    const longest = Math.max(...rows.map((row) => row.length));
    const padded = rows.map((row) => [...row, ...new Array<number>(longest - row.length).fill(0)]);
    const paddedIds = tensor(padded, { dtype: 'int32' });

    // calculate the new mask, based on the padding; the CLS token never gets masked out
    const newMask = pad(paddedIds.ne(0), [1, 0], 1);

    // prepend a 0 token id to keep the CLS attention scores
    const uniqueSampledTokenIds = pad(paddedIds, [1, 0], 0);

    // gather the new attention scores: the rows of the kept tokens (CLS row first)
    const expandedUniqueSampledTokenIds = repeat(uniqueSampledTokenIds, 'b n -> b h n', {
      h: heads,
    });
    const newAttn = batchedIndexSelect(attn, expandedUniqueSampledTokenIds, 2);

    return [newAttn, newMask, uniqueSampledTokenIds];
  }
}

// classes

// FeedForward is the same block in every ViT file of vit-pytorch: one implementation, shared.
export { FeedForward };

/** Options of {@link Attention} (defaults: 8 heads of 64, no dropout, no sampling). */
export interface AttentionOptions {
  heads?: number;
  dimHead?: number;
  dropout?: number;
  outputNumTokens?: number | null;
}

const ATTENTION_OPTIONS: OptionSpec<AttentionOptions> = {
  heads: 'optional',
  dimHead: 'optional',
  dropout: 'optional',
  outputNumTokens: 'optional',
};

/**
 * Pre-norm attention over padded token rows, then adaptive token sampling when more than
 * `outputNumTokens` tokens come in. Returns `[output, mask, kept positions or null]`.
 */
export class Attention extends Module {
  readonly heads: number;
  readonly scale: number;
  readonly norm: LayerNorm;
  readonly attend: Softmax;
  readonly dropout: Dropout;
  readonly toQkv: Linear;
  readonly outputNumTokens: number | null;
  readonly ats: AdaptiveTokenSampling | null;
  readonly toOut: Sequential;

  constructor(dim: number, options: AttentionOptions = {}) {
    super();
    checkOptions('Attention', options, ATTENTION_OPTIONS);
    const { heads = 8, dimHead = 64, dropout = 0, outputNumTokens = null } = options;
    const innerDim = dimHead * heads;
    this.heads = heads;
    this.scale = dimHead ** -0.5;

    this.norm = new LayerNorm(dim);
    this.attend = new Softmax(-1);
    this.dropout = new Dropout(dropout);

    this.toQkv = new Linear(dim, innerDim * 3, { bias: false });

    this.outputNumTokens = outputNumTokens;
    this.ats = outputNumTokens !== null ? new AdaptiveTokenSampling(outputNumTokens) : null;

    this.toOut = new Sequential(new Linear(innerDim, dim), new Dropout(dropout));
  }

  /** Attend, then sample: `[output, mask, kept positions or null]`. */
  forward(
    input: Tensor,
    { mask }: { mask: Tensor | null },
  ): [Tensor, Tensor | null, Tensor | null] {
    const numTokens = input.shape[1]!;

    const x = this.norm.forward(input);
    const toHeads = (t: Tensor): Tensor => rearrange(t, 'b n (h d) -> b h n d', { h: this.heads });
    const [q, k, v] = this.toQkv.forward(x).chunk(3, -1).map(toHeads) as [Tensor, Tensor, Tensor];

    let dots = q.matmul(k.transpose(-1, -2)).mul(this.scale);

    if (mask !== null) {
      // A pair is kept only when both the query and the key are real tokens; a padding query row
      // therefore becomes a uniform softmax over every key (finite fill, not -inf).
      const dotsMask = rearrange(mask, 'b i -> b 1 i 1').logicalAnd(
        rearrange(mask, 'b j -> b 1 1 j'),
      );
      dots = dots.maskedFill(dotsMask.logicalNot(), -FLOAT32_MAX);
    }

    let attn = this.dropout.forward(this.attend.forward(dots));
    let newMask = mask;
    let sampledTokenIds: Tensor | null = null;

    // Sample only when more tokens came in than this layer keeps; padding rows left by earlier
    // layers count as tokens here, as in the reference.
    if (
      this.ats !== null &&
      this.outputNumTokens !== null &&
      numTokens - 1 > this.outputNumTokens
    ) {
      if (mask === null) throw new Error('Attention: adaptive token sampling needs a padding mask');
      [attn, newMask, sampledTokenIds] = this.ats.forward(attn, v, mask);
    }

    const out = rearrange(attn.matmul(v), 'b h n d -> b n (h d)');
    return [this.toOut.forward(out), newMask, sampledTokenIds];
  }
}

/** Pre-norm layers whose attention may drop tokens; returns `[tokens, original positions]`. */
export class Transformer extends Module {
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;

  constructor(
    dim: number,
    depth: number,
    maxTokensPerDepth: readonly number[],
    heads: number,
    dimHead: number,
    mlpDim: number,
    dropout = 0,
  ) {
    super();
    if (maxTokensPerDepth.length !== depth) {
      throw new Error(
        `Transformer: maxTokensPerDepth must have one entry per layer (depth ${depth}), got ${maxTokensPerDepth.length}: ${shapeString(maxTokensPerDepth)}`,
      );
    }
    if (maxTokensPerDepth.some((n, i) => i > 0 && n > maxTokensPerDepth[i - 1]!)) {
      throw new Error(
        `Transformer: maxTokensPerDepth must be in decreasing order, got ${shapeString(maxTokensPerDepth)}`,
      );
    }
    if (maxTokensPerDepth.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new Error(
        `Transformer: maxTokensPerDepth must keep at least 1 token (a positive integer) at every layer, got ${shapeString(maxTokensPerDepth)}`,
      );
    }

    this.layers = new ModuleList();
    for (const outputNumTokens of maxTokensPerDepth) {
      this.layers.append(
        new ModuleList<Attention | FeedForward>([
          new Attention(dim, { outputNumTokens, heads, dimHead, dropout }),
          new FeedForward(dim, mlpDim, dropout),
        ]),
      );
    }
  }

  /** The tokens after every layer, and the original position of each (int32, 0 = CLS). */
  forward(input: Tensor): [Tensor, Tensor] {
    const [b, n] = input.shape as [number, number];
    let x = input;

    // use mask to keep track of the paddings when sampling tokens
    // as the duplicates (when sampling) are just removed, as mentioned in the paper
    let mask: Tensor | null = ones([b, n], { dtype: 'bool' });

    let tokenIds = repeat(arange(n, { dtype: 'int32' }), 'n -> b n', { b });

    for (const layer of this.layers) {
      const [attn, ff] = attentionAndFeedForward(layer);
      const [attnOut, newMask, sampledTokenIds] = attn.forward(x, { mask });
      mask = newMask;

      // when token sampling, gather the residual tokens with the sampled token ids
      if (sampledTokenIds !== null) {
        x = batchedIndexSelect(x, sampledTokenIds, 1);
        tokenIds = batchedIndexSelect(tokenIds, sampledTokenIds, 1);
      }

      x = x.add(attnOut);
      x = ff.forward(x).add(x);
    }
    return [x, tokenIds];
  }
}

/** The two modules of one transformer layer, typed (a ModuleList holds either kind). */
function attentionAndFeedForward(
  layer: ModuleList<Attention | FeedForward> | null,
): [Attention, FeedForward] {
  const attn = layer?.get(0);
  const ff = layer?.get(1);
  if (!(attn instanceof Attention) || !(ff instanceof FeedForward)) {
    throw new Error('Transformer: each layer must be ModuleList([Attention, FeedForward])');
  }
  return [attn, ff];
}

/** Options of {@link ViT}: the Python keyword arguments in camelCase. */
export interface ViTOptions {
  imageSize: Size2d;
  patchSize: Size2d;
  numClasses: number;
  dim: number;
  depth: number;
  /** Tokens kept after each layer: `depth` positive integers, non-increasing. */
  maxTokensPerDepth: readonly number[];
  heads: number;
  mlpDim: number;
  channels?: number;
  dimHead?: number;
  dropout?: number;
  embDropout?: number;
  /** Not in the reference (which calls its module-level `sample_gumbel`): the noise source. */
  sampleGumbel?: GumbelSampler;
  /** Generator of the default Gumbel noise; seed it to reproduce a run. */
  generator?: Generator;
}

const VIT_OPTIONS: OptionSpec<ViTOptions> = {
  imageSize: 'required',
  patchSize: 'required',
  numClasses: 'required',
  dim: 'required',
  depth: 'required',
  maxTokensPerDepth: 'required',
  heads: 'required',
  mlpDim: 'required',
  channels: 'optional',
  dimHead: 'optional',
  dropout: 'optional',
  embDropout: 'optional',
  sampleGumbel: 'optional',
  generator: 'optional',
};

/** Options of {@link ViT.forward}. */
export interface ATSForwardOptions {
  /** Also return the original patch index of every surviving token (-1 = padding). */
  returnSampledTokenIds?: boolean;
}

/**
 * Vision transformer with adaptive token sampling.
 *
 * @example
 * ```ts
 * import { randn, zeros } from '@tensorgrad/autograd';
 * import { ATSViT } from '@tensorgrad/models';
 * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 10, dim: 8, depth: 2, maxTokensPerDepth: [8, 4], heads: 2, dimHead: 4, mlpDim: 16 });
 * const [logits, tokenIds] = vit.forward(randn([2, 3, 8, 8]), { returnSampledTokenIds: true });
 * if (logits.shape.join() !== '2,10') throw new Error('logits [2, 10]');
 * if (tokenIds.shape[0] !== 2 || tokenIds.shape[1]! > 4) throw new Error('at most 4 patches kept; -1 = padding');
 * if ([...tokenIds.data()].some((id) => id < -1 || id >= 16)) throw new Error('patch indices of the 16 patches');
 * // without Gumbel noise, the sampling is deterministic
 * vit.setGumbelSampler((shape) => zeros([...shape]));
 * const img = randn([1, 3, 8, 8]);
 * if ([...vit.forward(img).data()].join() !== [...vit.forward(img).data()].join()) throw new Error('deterministic');
 * ```
 */
export class ViT extends Module {
  readonly patchSize: [number, number];
  readonly toPatchEmbedding: Sequential;
  /** `[1, 1 + patches, dim]`. */
  readonly posEmbedding: Parameter;
  /** `[1, 1, dim]`. */
  readonly clsToken: Parameter;
  readonly dropout: Dropout;
  readonly transformer: Transformer;
  readonly mlpHead: Sequential;

  constructor(options: ViTOptions) {
    super();
    checkOptions('ViT', options, VIT_OPTIONS, {
      // Required in the Python original too (no default): say what it is, not only that it is missing.
      maxTokensPerDepth:
        'the number of tokens kept after each layer: one positive integer per layer, non-increasing, ' +
        'e.g. [64, 32, 16] for depth 3; the Python original requires it too',
    });
    const {
      numClasses,
      dim,
      depth,
      maxTokensPerDepth,
      heads,
      mlpDim,
      channels = 3,
      dimHead = 64,
    } = options;
    const { dropout = 0, embDropout = 0 } = options;
    const sizes = { numClasses, dim, depth, heads, mlpDim, channels, dimHead };
    for (const [name, value] of Object.entries(sizes)) assertPositiveInteger('ViT', name, value);
    const [imageHeight, imageWidth] = pair(options.imageSize);
    const [patchHeight, patchWidth] = pair(options.patchSize);
    this.patchSize = [patchHeight, patchWidth];

    if (imageHeight % patchHeight !== 0 || imageWidth % patchWidth !== 0) {
      throw new Error(
        `ViT: image dimensions must be divisible by the patch size, got image ${imageHeight}x${imageWidth} ` +
          `and patch ${patchHeight}x${patchWidth}`,
      );
    }
    const numPatches = (imageHeight / patchHeight) * (imageWidth / patchWidth);
    const patchDim = channels * patchHeight * patchWidth;

    this.toPatchEmbedding = new Sequential(
      new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: patchHeight, p2: patchWidth }),
      new LayerNorm(patchDim),
      new Linear(patchDim, dim),
      new LayerNorm(dim),
    );

    this.posEmbedding = new Parameter(randn([1, numPatches + 1, dim]));
    this.clsToken = new Parameter(randn([1, 1, dim]));
    this.dropout = new Dropout(embDropout);

    this.transformer = new Transformer(
      dim,
      depth,
      maxTokensPerDepth,
      heads,
      dimHead,
      mlpDim,
      dropout,
    );

    this.mlpHead = new Sequential(new LayerNorm(dim), new Linear(dim, numClasses));

    const { generator } = options;
    this.setGumbelSampler(options.sampleGumbel ?? ((shape) => sampleGumbel(shape, { generator })));
  }

  /** Every adaptive token sampler, in depth order. */
  samplers(): AdaptiveTokenSampling[] {
    return this.namedModules()
      .map(([, m]) => m)
      .filter((m): m is AdaptiveTokenSampling => m instanceof AdaptiveTokenSampling);
  }

  /** Makes every sampling layer draw its Gumbel noise from `sampler`. */
  setGumbelSampler(sampler: GumbelSampler): void {
    for (const ats of this.samplers()) ats.sampleGumbel = sampler;
  }

  /** Class logits `[b, numClasses]` of images `[b, channels, height, width]`. */
  forward(img: Tensor): Tensor;
  /** The logits and the surviving patch indices `[b, ≤ last budget]` (-1 = padding). */
  forward(
    img: Tensor,
    options: ATSForwardOptions & { returnSampledTokenIds: true },
  ): [Tensor, Tensor];
  /** Logits, or `[logits, tokenIds]` when `options.returnSampledTokenIds` is true at run time. */
  forward(img: Tensor, options?: ATSForwardOptions): Tensor | [Tensor, Tensor];
  forward(
    img: Tensor,
    { returnSampledTokenIds = false }: ATSForwardOptions = {},
  ): Tensor | [Tensor, Tensor] {
    let x = this.toPatchEmbedding.forward(img);
    const [b, n] = x.shape as [number, number];

    const clsTokens = repeat<Tensor>(this.clsToken, '() n d -> b n d', { b });
    x = cat([clsTokens, x], 1);
    x = x.add(this.posEmbedding.slice(1, 0, n + 1));
    x = this.dropout.forward(x);

    const [out, tokenIds] = this.transformer.forward(x);

    const logits = this.mlpHead.forward(out.select(1, 0));

    if (returnSampledTokenIds) {
      // remove CLS token and decrement by 1 to make -1 the padding
      return [logits, tokenIds.slice(1, 1).sub(1)];
    }
    return logits;
  }
}
