/**
 * ViT with adaptive token sampling: a port of `vit_pytorch/ats_vit.py` (lucidrains/vit-pytorch,
 * after "Adaptive Token Sampling For Efficient Vision Transformers", Fayyaz et al. 2021).
 *
 * After a layer's attention, each remaining patch token is scored by the CLS token's attention to
 * it weighted by the norm of its value; up to `maxTokensPerDepth[layer]` tokens are drawn with
 * Gumbel-max sampling, duplicates are dropped, and only the drawn tokens continue. Rows of a
 * batch keep different numbers of tokens, so shorter rows are right-padded and masked.
 *
 * Names follow the Python file so the two read side by side; state-dict keys are PyTorch's.
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
  einsum,
  pad,
  rearrange,
  repeat,
} from '@tensorgrad/nn';
import { FeedForward } from './blocks/feed-forward.js';
import type { Generator } from '@tensorgrad/tensor';

/** `torch.finfo(torch.float32).max`: masked logits get its negative, a finite number, not -inf. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * An image or patch size: one number for a square, or `[height, width]`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { atsVit } from '@tensorgrad/models';
 * const patchSize: atsVit.Size2d = [4, 2];
 * const vit = new atsVit.ViT({ imageSize: 8, patchSize, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, dimHead: 4, mlpDim: 16 });
 * if (vit.forward(randn([1, 3, 8, 8])).shape.join() !== '1,2') throw new Error('logits');
 * ```
 */
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
 * Source of the Gumbel noise added to the pseudo-logits: called once per sampling layer with
 * the shape `[batch, outputNumTokens, numTokens - 1]`. Replace it to inject fixed noise (the
 * parity fixtures do), or to make sampling reproducible.
 * @example
 * ```ts
 * import { randn, zeros } from '@tensorgrad/autograd';
 * import { ATSViT, type GumbelSampler } from '@tensorgrad/models';
 * const noNoise: GumbelSampler = (shape) => zeros([...shape]);
 * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, dimHead: 4, mlpDim: 16, sampleGumbel: noNoise });
 * const img = randn([1, 3, 8, 8]);
 * const a = [...vit.forward(img).data()].join();
 * if ([...vit.forward(img).data()].join() !== a) throw new Error('deterministic without noise');
 * ```
 */
export type GumbelSampler = (shape: readonly number[]) => Tensor;

/**
 * Options of {@link sampleGumbel}.
 * @example
 * ```ts
 * import { Generator } from '@tensorgrad/tensor';
 * import { atsVit } from '@tensorgrad/models';
 * const options: atsVit.SampleGumbelOptions = { generator: new Generator(0), eps: 1e-6 };
 * const a = [...atsVit.sampleGumbel([3], options).data()].join();
 * if ([...atsVit.sampleGumbel([3], { generator: new Generator(0) }).data()].join() !== a) throw new Error('seeded');
 * ```
 */
export interface SampleGumbelOptions {
  /** Source of the uniform numbers (default: the global generator). */
  generator?: Generator;
  /** Added inside both logarithms, as the reference (default 1e-6). */
  eps?: number;
}

/**
 * Standard Gumbel noise `-log(-log(u))` with `u ~ U(0, 1)`, guarded by `eps` as in the reference.
 *
 * @example
 * ```ts
 * import { Generator } from '@tensorgrad/tensor';
 * import { sampleGumbel } from '@tensorgrad/models';
 * const noise = sampleGumbel([2, 4, 6], { generator: new Generator(0) });
 * if (noise.shape.join() !== '2,4,6') throw new Error(`shape ${noise.shape}`);
 * ```
 */
export function sampleGumbel(
  shape: readonly number[],
  { generator, eps = 1e-6 }: SampleGumbelOptions = {},
): Tensor {
  const u = rand([...shape], { generator });
  return log(log(u, eps).neg(), eps).neg();
}

/**
 * Gathers `values` along `dim` with `indices` that share `values`' leading `dim` axes and may
 * add axes of their own; the trailing axes of `values` come along whole.
 * `values [b, n, d]`, `indices [b, k]`, `dim = 1` → `[b, k, d]`.
 *
 * @example
 * ```ts
 * import { randn, tensor } from '@tensorgrad/autograd';
 * import { atsVit } from '@tensorgrad/models';
 * const picked = atsVit.batchedIndexSelect(randn([2, 5, 3]), tensor([[0, 4], [1, 1]], { dtype: 'int32' }), 1);
 * if (picked.shape.join() !== '2,2,3') throw new Error(`shape ${picked.shape}`);
 * ```
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

/**
 * Options of {@link AdaptiveTokenSampling}.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { AdaptiveTokenSampling, type atsVit } from '@tensorgrad/models';
 * const options: atsVit.AdaptiveTokenSamplingOptions = { eps: 1e-6, sampleGumbel: (shape) => zeros([...shape]) };
 * const ats = new AdaptiveTokenSampling(4, options);
 * if (ats.outputNumTokens !== 4) throw new Error('keeps at most 4 tokens');
 * ```
 */
export interface AdaptiveTokenSamplingOptions {
  /** Guards the normalisation and the logarithm of the scores (default 1e-6). */
  eps?: number;
  /** Source of the Gumbel noise (default: {@link sampleGumbel} drawing from `generator`). */
  sampleGumbel?: GumbelSampler;
  /** Generator of the default noise (default: the global generator). */
  generator?: Generator;
}

/**
 * Samples which tokens survive a layer, from its attention and values.
 *
 * Returns, as the reference's tuple: the gathered attention rows `[b, h, 1 + kept, n]` (not
 * renormalised), the new padding mask `[b, 1 + kept]` (bool) and the kept token positions
 * `[b, 1 + kept]` (int32; the leading 0 is the CLS token, trailing 0s are padding).
 *
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { AdaptiveTokenSampling } from '@tensorgrad/models';
 * const ats = new AdaptiveTokenSampling(4);
 * const attn = randn([2, 2, 9, 9]).softmax(-1); // [b, heads, 1 + tokens, 1 + tokens]
 * const v = randn([2, 2, 9, 4]);
 * const [newAttn, newMask, ids] = ats.forward(attn, v, ones([2, 9], { dtype: 'bool' }));
 * const kept = ids.shape[1]! - 1;
 * if (kept > 4 || newAttn.shape.join() !== `2,2,${kept + 1},9` || newMask.dtype !== 'bool') throw new Error('shapes');
 * ```
 */
export class AdaptiveTokenSampling extends Module {
  /**
   * Guards the normalisation and the logarithm of the scores.
   * @example
   * ```ts
   * import { AdaptiveTokenSampling } from '@tensorgrad/models';
   * if (new AdaptiveTokenSampling(4).eps !== 1e-6) throw new Error('default');
   * ```
   */
  readonly eps: number;
  /**
   * Most tokens (CLS excluded) kept after sampling.
   * @example
   * ```ts
   * import { AdaptiveTokenSampling } from '@tensorgrad/models';
   * if (new AdaptiveTokenSampling(4).outputNumTokens !== 4) throw new Error('stored');
   * ```
   */
  readonly outputNumTokens: number;
  /**
   * Where the Gumbel noise comes from; replace it to inject noise (see {@link GumbelSampler}).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/autograd';
   * import { AdaptiveTokenSampling } from '@tensorgrad/models';
   * const ats = new AdaptiveTokenSampling(4);
   * ats.sampleGumbel = (shape) => zeros([...shape]); // inject fixed noise
   * if ([...ats.sampleGumbel([2]).data()].join() !== '0,0') throw new Error('replaced');
   * ```
   */
  sampleGumbel: GumbelSampler;

  /**
   * Create the sampler keeping at most `outputNumTokens` tokens (a positive integer).
   * @example
   * ```ts
   * import { AdaptiveTokenSampling } from '@tensorgrad/models';
   * let error: unknown;
   * try { new AdaptiveTokenSampling(0); } catch (e) { error = e; }
   * if (!(error instanceof Error) || new AdaptiveTokenSampling(4).parameters().length !== 0) throw new Error('checked; no parameters');
   * ```
   */
  constructor(
    outputNumTokens: number,
    { eps = 1e-6, sampleGumbel: sampler, generator }: AdaptiveTokenSamplingOptions = {},
  ) {
    super();
    assertPositiveInteger('AdaptiveTokenSampling', 'outputNumTokens', outputNumTokens);
    this.eps = eps;
    this.outputNumTokens = outputNumTokens;
    this.sampleGumbel = sampler ?? ((shape) => sampleGumbel(shape, { generator }));
  }

  /**
   * Sample the tokens to keep: `[new attention, new mask, kept positions]` (see the class).
   * @example
   * ```ts
   * import { ones, randn } from '@tensorgrad/autograd';
   * import { AdaptiveTokenSampling } from '@tensorgrad/models';
   * const [, mask, ids] = new AdaptiveTokenSampling(3).forward(randn([1, 1, 6, 6]).softmax(-1), randn([1, 1, 6, 2]), ones([1, 6], { dtype: 'bool' }));
   * if (ids.dtype !== 'int32' || [...ids.data()][0] !== 0) throw new Error('CLS first');
   * if (mask.shape.join() !== ids.shape.join()) throw new Error('one mask entry per kept token');
   * ```
   */
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

/**
 * Options of {@link Attention}.
 * @example
 * ```ts
 * import { atsVit } from '@tensorgrad/models';
 * const options: atsVit.AttentionOptions = { heads: 2, dimHead: 4, outputNumTokens: 4 };
 * const attn = new atsVit.Attention(8, options);
 * if (attn.ats === null || attn.toQkv.outFeatures !== 24) throw new Error('samples; q, k, v of 2 × 4');
 * ```
 */
export interface AttentionOptions {
  /** Number of heads (default 8). */
  heads?: number;
  /** Width of each head (default 64). */
  dimHead?: number;
  /** Dropout on the attention weights and the output (default 0). */
  dropout?: number;
  /** Tokens to keep after this layer (no sampling when absent). */
  outputNumTokens?: number | null;
}

/**
 * Pre-norm multi-head self-attention over padded token rows, followed by adaptive token
 * sampling when more than `outputNumTokens` non-CLS tokens (padding included) come in.
 *
 * Returns the output (one row per kept token), the padding mask of the kept tokens, and the
 * kept positions (`null` when the layer did not sample).
 *
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { atsVit } from '@tensorgrad/models';
 * const attn = new atsVit.Attention(8, { heads: 2, dimHead: 4, outputNumTokens: 4 });
 * const [out, mask, ids] = attn.forward(randn([2, 9, 8]), { mask: ones([2, 9], { dtype: 'bool' }) });
 * if (out.shape[1]! > 5 || mask!.shape[1] !== out.shape[1] || ids === null) throw new Error('sampled');
 * ```
 */
export class Attention extends Module {
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { heads: 2 }).heads !== 2) throw new Error('heads');
   * ```
   */
  readonly heads: number;
  /**
   * `dimHead ** -0.5`, applied to the logits.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { dimHead: 4 }).scale !== 0.5) throw new Error('4 ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Pre-normalisation of the tokens.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8).norm.normalizedShape.join() !== '8') throw new Error('over dim');
   * ```
   */
  readonly norm: LayerNorm;
  /**
   * Softmax over the keys.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8).attend.dim !== -1) throw new Error('last axis');
   * ```
   */
  readonly attend: Softmax;
  /**
   * Dropout on the attention weights.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { dropout: 0.2 }).dropout.p !== 0.2) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * Query, key and value projection `Linear(dim, 3 · heads · dimHead)`, no bias.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * const attn = new atsVit.Attention(8, { heads: 2, dimHead: 4 });
   * if (attn.toQkv.outFeatures !== 24 || attn.toQkv.bias !== null) throw new Error('3 × 2 × 4, no bias');
   * ```
   */
  readonly toQkv: Linear;
  /**
   * Tokens kept after this layer, or `null` (no sampling).
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { outputNumTokens: 4 }).outputNumTokens !== 4 || new atsVit.Attention(8).outputNumTokens !== null) throw new Error('stored');
   * ```
   */
  readonly outputNumTokens: number | null;
  /**
   * The token sampler, or `null` without `outputNumTokens`.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { outputNumTokens: 4 }).ats?.outputNumTokens !== 4) throw new Error('a sampler');
   * ```
   */
  readonly ats: AdaptiveTokenSampling | null;
  /**
   * `Sequential(Linear(heads · dimHead, dim), Dropout)`.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { heads: 2, dimHead: 4 }).toOut.length !== 2) throw new Error('Linear, Dropout');
   * ```
   */
  readonly toOut: Sequential;

  /**
   * Create the attention; with `outputNumTokens` it also holds an {@link AdaptiveTokenSampling}.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * if (new atsVit.Attention(8, { heads: 2, dimHead: 4 }).ats !== null) throw new Error('no sampling without outputNumTokens');
   * ```
   */
  constructor(
    dim: number,
    { heads = 8, dimHead = 64, dropout = 0, outputNumTokens = null }: AttentionOptions = {},
  ) {
    super();
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

  /**
   * Attend, then sample when more than `outputNumTokens` tokens came in: `[output, mask, kept positions or null]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { atsVit } from '@tensorgrad/models';
   * const attn = new atsVit.Attention(8, { heads: 2, dimHead: 4 }); // no sampling
   * const [out, mask, ids] = attn.forward(randn([1, 5, 8]), { mask: null });
   * if (out.shape.join() !== '1,5,8' || mask !== null || ids !== null) throw new Error('all tokens kept');
   * ```
   */
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

/**
 * A stack of pre-norm layers whose attention may drop tokens; keeps the padding mask and the
 * original position of every surviving token.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { atsVit } from '@tensorgrad/models';
 * const t = new atsVit.Transformer(8, 2, [8, 4], 2, 4, 16); // dim, depth, maxTokensPerDepth, heads, dimHead, mlpDim
 * const [x, tokenIds] = t.forward(randn([2, 17, 8]));
 * if (x.shape[1]! > 5 || tokenIds.shape[1] !== x.shape[1]) throw new Error('at most CLS + 4 tokens');
 * ```
 */
export class Transformer extends Module {
  /**
   * `layers[i] = [Attention, FeedForward]`.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * const t = new atsVit.Transformer(8, 2, [8, 4], 2, 4, 16);
   * if ((t.layers.get(1)!.get(0) as InstanceType<typeof atsVit.Attention>).outputNumTokens !== 4) throw new Error('layer 1 keeps 4');
   * ```
   */
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;

  /**
   * Create `depth` layers; layer `i` keeps at most `maxTokensPerDepth[i]` tokens.
   * @example
   * ```ts
   * import { atsVit } from '@tensorgrad/models';
   * let error: unknown;
   * try { new atsVit.Transformer(8, 2, [4], 2, 4, 16); } catch (e) { error = e; }
   * if (!(error instanceof Error)) throw new Error('one token budget per layer');
   * ```
   */
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
        `Transformer: maxTokensPerDepth must have one entry per layer (depth ${depth}), got ${maxTokensPerDepth.length}: [${maxTokensPerDepth.join(', ')}]`,
      );
    }
    if (maxTokensPerDepth.some((n, i) => i > 0 && n > maxTokensPerDepth[i - 1]!)) {
      throw new Error(
        `Transformer: maxTokensPerDepth must be in decreasing order, got [${maxTokensPerDepth.join(', ')}]`,
      );
    }
    if (maxTokensPerDepth.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new Error(
        `Transformer: maxTokensPerDepth must keep at least 1 token (a positive integer) at every layer, got [${maxTokensPerDepth.join(', ')}]`,
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

  /**
   * Tokens after every layer, and the original position of each (int32, 0 = CLS).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { atsVit } from '@tensorgrad/models';
   * const [x, ids] = new atsVit.Transformer(8, 1, [16], 2, 4, 16).forward(randn([1, 5, 8])); // nothing to drop
   * if (x.shape.join() !== '1,5,8' || [...ids.data()].join() !== '0,1,2,3,4') throw new Error('kept all');
   * ```
   */
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

/**
 * Options of {@link ViT}: the Python keyword arguments in camelCase.
 * @example
 * ```ts
 * import { atsVit } from '@tensorgrad/models';
 * import { Generator } from '@tensorgrad/tensor';
 * const options: atsVit.ViTOptions = {
 *   imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 2, maxTokensPerDepth: [8, 4],
 *   heads: 2, mlpDim: 16, dimHead: 4, generator: new Generator(0),
 * };
 * if (new atsVit.ViT(options).samplers().length !== 2) throw new Error('one sampler per layer');
 * ```
 */
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
  /** Image channels (default 3). */
  channels?: number;
  /** Width of each attention head (default 64). */
  dimHead?: number;
  /** Dropout inside the transformer (default 0). */
  dropout?: number;
  /** Dropout on the embedded tokens (default 0). */
  embDropout?: number;
  /**
   * Gumbel noise source of every sampling layer (TypeScript addition; the reference calls its
   * module-level `sample_gumbel`). Default: {@link sampleGumbel} drawing from `generator`.
   */
  sampleGumbel?: GumbelSampler;
  /** Source of the default Gumbel noise (default: the global generator); seed it to reproduce. */
  generator?: Generator;
}

/**
 * Options of {@link ViT.forward}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { ATSViT, type atsVit } from '@tensorgrad/models';
 * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, dimHead: 4, mlpDim: 16 });
 * const options: atsVit.ATSForwardOptions = { returnSampledTokenIds: true };
 * const out = vit.forward(randn([1, 3, 8, 8]), options);
 * if (!Array.isArray(out)) throw new Error('logits and token ids');
 * ```
 */
export interface ATSForwardOptions {
  /** Also return the original patch index of every surviving token (-1 = padding). */
  returnSampledTokenIds?: boolean;
}

/**
 * Vision transformer with adaptive token sampling.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { ATSViT } from '@tensorgrad/models';
 * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 10, dim: 8, depth: 2, maxTokensPerDepth: [8, 4], heads: 2, dimHead: 4, mlpDim: 16 });
 * const [logits, tokenIds] = vit.forward(randn([2, 3, 8, 8]), { returnSampledTokenIds: true });
 * if (logits.shape.join() !== '2,10') throw new Error('logits [2, 10]');
 * if (tokenIds.shape[0] !== 2 || tokenIds.shape[1]! > 4) throw new Error('at most 4 patches kept; -1 = padding');
 * if ([...tokenIds.data()].some((id) => id < -1 || id >= 16)) throw new Error('patch indices of the 16 patches');
 * ```
 */
export class ViT extends Module {
  /**
   * `[patchHeight, patchWidth]`.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (vit.patchSize.join() !== '2,2') throw new Error('square');
   * ```
   */
  readonly patchSize: [number, number];
  /**
   * `Sequential(Rearrange to patches, LayerNorm(patchDim), Linear(patchDim, dim), LayerNorm(dim))`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (vit.toPatchEmbedding.forward(randn([1, 3, 8, 8])).shape.join() !== '1,16,8') throw new Error('16 patches');
   * ```
   */
  readonly toPatchEmbedding: Sequential;
  /**
   * Learned positional embedding `[1, 1 + patches, dim]`.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (vit.posEmbedding.shape.join() !== '1,17,8') throw new Error('CLS + 16');
   * ```
   */
  readonly posEmbedding: Parameter;
  /**
   * Learned CLS token `[1, 1, dim]`.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (vit.clsToken.shape.join() !== '1,1,8') throw new Error('[1, 1, dim]');
   * ```
   */
  readonly clsToken: Parameter;
  /**
   * Dropout on the embedded tokens.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (vit.dropout.p !== 0) throw new Error('embDropout defaults to 0');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * The token-sampling transformer.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 2, maxTokensPerDepth: [8, 4], heads: 2, mlpDim: 16 });
   * if (vit.transformer.layers.length !== 2) throw new Error('depth layers');
   * ```
   */
  readonly transformer: Transformer;
  /**
   * `Sequential(LayerNorm(dim), Linear(dim, numClasses))`, applied to the CLS token.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 3, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, mlpDim: 16 });
   * if (!('mlp_head.1.weight' in vit.stateDict())) throw new Error("PyTorch's key");
   * ```
   */
  readonly mlpHead: Sequential;

  /**
   * Create the ViT; invalid sizes or token budgets throw, naming the option.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * let error: unknown;
   * try { new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 2, maxTokensPerDepth: [4, 8], heads: 2, mlpDim: 16 }); } catch (e) { error = e; }
   * if (!(error instanceof Error)) throw new Error('the budgets must not increase');
   * ```
   */
  constructor(options: ViTOptions) {
    super();
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
    for (const [name, value] of Object.entries({
      numClasses,
      dim,
      depth,
      heads,
      mlpDim,
      channels,
      dimHead,
    })) {
      assertPositiveInteger('ViT', name, value);
    }
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

  /**
   * Every adaptive token sampler, in depth order.
   * @example
   * ```ts
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 3, maxTokensPerDepth: [16, 8, 4], heads: 2, dimHead: 4, mlpDim: 16 });
   * if (vit.samplers().length !== 3) throw new Error('one per layer, in depth order');
   * ```
   */
  samplers(): AdaptiveTokenSampling[] {
    return this.namedModules()
      .map(([, m]) => m)
      .filter((m): m is AdaptiveTokenSampling => m instanceof AdaptiveTokenSampling);
  }

  /**
   * Makes every sampling layer draw its Gumbel noise from `sampler`.
   * @example
   * ```ts
   * import { randn, zeros } from '@tensorgrad/autograd';
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, dimHead: 4, mlpDim: 16 });
   * let calls = 0;
   * vit.setGumbelSampler((shape) => { calls++; return zeros([...shape]); });
   * vit.forward(randn([1, 3, 8, 8]));
   * if (calls !== 1) throw new Error('the injected sampler was used');
   * ```
   */
  setGumbelSampler(sampler: GumbelSampler): void {
    for (const ats of this.samplers()) ats.sampleGumbel = sampler;
  }

  /**
   * Class logits `[b, numClasses]`; with `returnSampledTokenIds`, also the surviving patch indices.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 2, numClasses: 3, dim: 8, depth: 1, maxTokensPerDepth: [4], heads: 2, dimHead: 4, mlpDim: 16 });
   * if (vit.forward(randn([2, 3, 8, 8])).shape.join() !== '2,3') throw new Error('logits only by default');
   * ```
   */
  forward(img: Tensor): Tensor;
  /**
   * With `returnSampledTokenIds: true`: the logits and the surviving patch indices `[b, ≤ last budget]` (-1 = padding).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { ATSViT } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [8], heads: 2, dimHead: 4, mlpDim: 16 });
   * const [, ids] = vit.forward(randn([1, 3, 8, 8]), { returnSampledTokenIds: true });
   * if ([...ids.data()].sort().join() !== '0,1,2,3') throw new Error('4 patches, none dropped');
   * ```
   */
  forward(
    img: Tensor,
    options: ATSForwardOptions & { returnSampledTokenIds: true },
  ): [Tensor, Tensor];
  /**
   * Logits, or `[logits, tokenIds]` when `options.returnSampledTokenIds` is true at run time.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { ATSViT, type atsVit } from '@tensorgrad/models';
   * const vit = new ATSViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, maxTokensPerDepth: [8], heads: 2, dimHead: 4, mlpDim: 16 });
   * const options: atsVit.ATSForwardOptions = { returnSampledTokenIds: Math.random() < 2 };
   * if (!Array.isArray(vit.forward(randn([1, 3, 8, 8]), options))) throw new Error('a pair');
   * ```
   */
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
