/**
 * CrossViT: a port of `vit_pytorch/cross_vit.py` (lucidrains/vit-pytorch, after "CrossViT:
 * Cross-Attention Multi-Scale Vision Transformer for Image Classification", Chen et al. 2021).
 *
 * Two ViT branches see the same image cut into small and large patches. After each pair of
 * branch transformers, the CLS token of each branch attends to the *other* branch's patch
 * tokens (cross attention), which is how the two scales exchange information at the cost of one
 * query per branch. The logits are the sum of the two branches' heads.
 *
 * Names follow the Python file so the two read side by side; state-dict keys are PyTorch's.
 */
import { Tensor, cat, randn } from '@tensorgrad/autograd';
import {
  Dropout,
  Identity,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  Parameter,
  Rearrange,
  Sequential,
  Softmax,
  rearrange,
  repeat,
} from '@tensorgrad/nn';
import { FeedForward } from './blocks/feed-forward.js';

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`CrossViT: ${name} must be a positive integer, got ${value}`);
  }
}

// feedforward

// FeedForward is the same block in every ViT file of vit-pytorch: one implementation, shared.
export { FeedForward };

// attention

/**
 * Options of {@link Attention.forward}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const attn = new crossVit.Attention(8, { heads: 2, dimHead: 4 });
 * const inputs: crossVit.CrossAttentionInputs = { context: randn([1, 6, 8]), kvIncludeSelf: true };
 * if (attn.forward(randn([1, 1, 8]), inputs).shape.join() !== '1,1,8') throw new Error('one query token');
 * ```
 */
export interface CrossAttentionInputs {
  /** Tokens to attend to instead of `x` itself (not normalised: only `x` goes through the LayerNorm). */
  context?: Tensor;
  /** Put the normalised `x` in front of the context, so the query token also attends to itself. */
  kvIncludeSelf?: boolean;
}

/**
 * Pre-norm multi-head attention, self- or cross-: queries from `x`, keys/values from `context`.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const attn = new crossVit.Attention(16, { heads: 2, dimHead: 8 });
 * const cls = attn.forward(randn([2, 1, 16]), { context: randn([2, 9, 16]), kvIncludeSelf: true });
 * if (cls.shape.join() !== '2,1,16') throw new Error('shape');
 * ```
 */
export class Attention extends Module {
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8).heads !== 8) throw new Error('default 8');
   * ```
   */
  readonly heads: number;
  /**
   * `dimHead ** -0.5`, applied to the logits.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8, { dimHead: 4 }).scale !== 0.5) throw new Error('4 ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Pre-normalisation of the queries' input (a context is not normalised).
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8).norm.normalizedShape.join() !== '8') throw new Error('over dim');
   * ```
   */
  readonly norm: LayerNorm;
  /**
   * Softmax over the keys.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8).attend.dim !== -1) throw new Error('last axis');
   * ```
   */
  readonly attend: Softmax;
  /**
   * Dropout on the attention weights.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8, { dropout: 0.1 }).dropout.p !== 0.1) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * Query projection `Linear(dim, heads · dimHead)`, no bias.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8, { heads: 2, dimHead: 4 }).toQ.outFeatures !== 8) throw new Error('heads · dimHead');
   * ```
   */
  readonly toQ: Linear;
  /**
   * Key and value projection `Linear(dim, 2 · heads · dimHead)`, keys first, no bias.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8, { heads: 2, dimHead: 4 }).toKv.outFeatures !== 16) throw new Error('keys and values');
   * ```
   */
  readonly toKv: Linear;
  /**
   * `Sequential(Linear(heads · dimHead, dim), Dropout)`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Attention(8, { heads: 2, dimHead: 4 }).toOut.length !== 2) throw new Error('Linear, Dropout');
   * ```
   */
  readonly toOut: Sequential;

  /**
   * Create the attention over `dim`-wide tokens; `toQ` and `toKv` have no bias.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const attn = new crossVit.Attention(8, { heads: 2, dimHead: 4, dropout: 0.1 });
   * if (attn.toQ.bias !== null || attn.heads !== 2) throw new Error('no bias; 2 heads');
   * ```
   */
  constructor(
    dim: number,
    {
      heads = 8,
      dimHead = 64,
      dropout = 0,
    }: { heads?: number; dimHead?: number; dropout?: number } = {},
  ) {
    super();
    const innerDim = dimHead * heads;
    this.heads = heads;
    this.scale = dimHead ** -0.5;
    this.norm = new LayerNorm(dim);
    this.attend = new Softmax(-1);
    this.dropout = new Dropout(dropout);
    this.toQ = new Linear(dim, innerDim, { bias: false });
    this.toKv = new Linear(dim, innerDim * 2, { bias: false });
    this.toOut = new Sequential(new Linear(innerDim, dim), new Dropout(dropout));
  }

  /**
   * Attention of the tokens `[b, n, dim]` over themselves, or over `context`: `[b, n, dim]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const attn = new crossVit.Attention(8, { heads: 2, dimHead: 4 });
   * if (attn.forward(randn([2, 5, 8])).shape.join() !== '2,5,8') throw new Error('self-attention');
   * ```
   */
  forward(input: Tensor, { context, kvIncludeSelf = false }: CrossAttentionInputs = {}): Tensor {
    const x = this.norm.forward(input);
    let kvInput = context ?? x;
    // Cross attention needs the CLS token among its own keys/values. As in the reference, the
    // token enters normalised while the other branch's patch tokens enter as they are.
    if (kvIncludeSelf) kvInput = cat([x, kvInput], 1);

    const [k0, v0] = this.toKv.forward(kvInput).chunk(2, -1) as [Tensor, Tensor];
    const toHeads = (t: Tensor): Tensor => rearrange(t, 'b n (h d) -> b h n d', { h: this.heads });
    const q = toHeads(this.toQ.forward(x));
    const k = toHeads(k0);
    const v = toHeads(v0);

    const dots = q.matmul(k.transpose(-1, -2)).mul(this.scale);
    const attn = this.dropout.forward(this.attend.forward(dots));
    const out = rearrange(attn.matmul(v), 'b h n d -> b n (h d)');
    return this.toOut.forward(out);
  }
}

// transformer encoder, for small and large patches

/**
 * `depth` pre-norm layers (`x = attn(x) + x; x = ff(x) + x`) followed by a final LayerNorm.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const t = new crossVit.Transformer(16, 1, 2, 8, 32);
 * if (t.forward(randn([2, 5, 16])).shape.join() !== '2,5,16') throw new Error('shape');
 * ```
 */
export class Transformer extends Module {
  /**
   * `layers[i] = [Attention, FeedForward]`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Transformer(8, 3, 2, 4, 16).layers.length !== 3) throw new Error('depth layers');
   * ```
   */
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;
  /**
   * The final LayerNorm.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.Transformer(8, 1, 2, 4, 16).norm.normalizedShape.join() !== '8') throw new Error('over dim');
   * ```
   */
  readonly norm: LayerNorm;

  /**
   * Create `depth` layers of `[Attention, FeedForward]` and the final LayerNorm.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const t = new crossVit.Transformer(8, 2, 2, 4, 16); // dim, depth, heads, dimHead, mlpDim
   * if (t.layers.length !== 2 || !('norm.weight' in t.stateDict())) throw new Error('layers and norm');
   * ```
   */
  constructor(
    dim: number,
    depth: number,
    heads: number,
    dimHead: number,
    mlpDim: number,
    dropout = 0,
  ) {
    super();
    this.layers = new ModuleList();
    this.norm = new LayerNorm(dim);
    for (let i = 0; i < depth; i++) {
      this.layers.append(
        new ModuleList<Attention | FeedForward>([
          new Attention(dim, { heads, dimHead, dropout }),
          new FeedForward(dim, mlpDim, dropout),
        ]),
      );
    }
  }

  /**
   * Every layer, then the final LayerNorm: `[b, n, dim]` → `[b, n, dim]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const y = new crossVit.Transformer(8, 2, 2, 4, 16).forward(randn([1, 3, 8])); // dim, depth, heads, dimHead, mlpDim
   * if (y.shape.join() !== '1,3,8') throw new Error(`shape ${y.shape}`);
   * ```
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const layer of this.layers) {
      const attn = layer!.get(0) as Attention;
      const ff = layer!.get(1) as FeedForward;
      x = attn.forward(x).add(x);
      x = ff.forward(x).add(x);
    }
    return this.norm.forward(x);
  }
}

// projecting CLS tokens, in the case that small and large patch tokens have different dimensions

/**
 * Runs `fn` in another width: Linear in, `fn`, Linear out. When the widths are equal both
 * projections are `Identity` and hold no parameters (as in the reference).
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const p = new crossVit.ProjectInOut(16, 32, new crossVit.Attention(32, { heads: 2, dimHead: 8 }));
 * if (p.forward(randn([2, 1, 16]), { context: randn([2, 4, 32]) }).shape.join() !== '2,1,16') throw new Error('shape');
 * ```
 */
export class ProjectInOut extends Module {
  /**
   * The wrapped attention, of width `dimOut`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const attn = new crossVit.Attention(16, { heads: 2, dimHead: 8 });
   * if (new crossVit.ProjectInOut(8, 16, attn).fn !== attn) throw new Error('wrapped');
   * ```
   */
  readonly fn: Attention;
  /**
   * `Linear(dimIn, dimOut)`, or `Identity` when the widths are equal.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const same = new crossVit.ProjectInOut(8, 8, new crossVit.Attention(8, { heads: 2, dimHead: 4 }));
   * if (same.projectIn.constructor.name !== 'Identity') throw new Error('equal widths: Identity');
   * ```
   */
  readonly projectIn: Linear | Identity;
  /**
   * `Linear(dimOut, dimIn)`, or `Identity` when the widths are equal.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const p = new crossVit.ProjectInOut(8, 16, new crossVit.Attention(16, { heads: 2, dimHead: 8 }));
   * if ((p.projectOut as { outFeatures: number }).outFeatures !== 8) throw new Error('back to dimIn');
   * ```
   */
  readonly projectOut: Linear | Identity;

  /**
   * Wrap `fn` (an `Attention` of width `dimOut`) for inputs of width `dimIn`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const p = new crossVit.ProjectInOut(8, 16, new crossVit.Attention(16, { heads: 2, dimHead: 8 }));
   * if (p.projectIn.constructor.name !== 'Linear' || p.projectOut.constructor.name !== 'Linear') throw new Error('projections');
   * ```
   */
  constructor(dimIn: number, dimOut: number, fn: Attention) {
    super();
    this.fn = fn;
    const needProjection = dimIn !== dimOut;
    this.projectIn = needProjection ? new Linear(dimIn, dimOut) : new Identity();
    this.projectOut = needProjection ? new Linear(dimOut, dimIn) : new Identity();
  }

  /**
   * Project to `fn`'s width, run it with `inputs`, project back.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const same = new crossVit.ProjectInOut(8, 8, new crossVit.Attention(8, { heads: 2, dimHead: 4 }));
   * if (same.parameters().length !== new crossVit.Attention(8, { heads: 2, dimHead: 4 }).parameters().length) throw new Error('no projections');
   * if (same.forward(randn([1, 2, 8])).shape.join() !== '1,2,8') throw new Error('shape');
   * ```
   */
  forward(input: Tensor, inputs: CrossAttentionInputs = {}): Tensor {
    const x = this.projectIn.forward(input);
    return this.projectOut.forward(this.fn.forward(x, inputs));
  }
}

// cross attention transformer

/**
 * `depth` rounds in which each branch's CLS token attends to the other branch's patch tokens.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const ct = new crossVit.CrossTransformer(16, 32, 1, 2, 8);
 * const [sm, lg] = ct.forward(randn([2, 17, 16]), randn([2, 5, 32]));
 * if (sm.shape.join() !== '2,17,16' || lg.shape.join() !== '2,5,32') throw new Error('shape');
 * ```
 */
export class CrossTransformer extends Module {
  /**
   * `layers[i] = [small attends to large, large attends to small]`, each a `ProjectInOut(Attention)`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const [smToLg, lgToSm] = [...new crossVit.CrossTransformer(8, 16, 1, 2, 4).layers.get(0)!];
   * if (smToLg!.fn.norm.normalizedShape.join() !== '16' || lgToSm!.fn.norm.normalizedShape.join() !== '8') throw new Error('widths');
   * ```
   */
  readonly layers: ModuleList<ModuleList<ProjectInOut>>;

  /**
   * Create `depth` rounds of two `ProjectInOut(Attention)`: small attends to large, large to small.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const ct = new crossVit.CrossTransformer(8, 16, 2, 2, 4); // smDim, lgDim, depth, heads, dimHead
   * if (ct.layers.length !== 2 || ct.layers.get(0)!.length !== 2) throw new Error('2 rounds of 2');
   * ```
   */
  constructor(
    smDim: number,
    lgDim: number,
    depth: number,
    heads: number,
    dimHead: number,
    dropout = 0,
  ) {
    super();
    this.layers = new ModuleList();
    for (let i = 0; i < depth; i++) {
      this.layers.append(
        new ModuleList([
          new ProjectInOut(smDim, lgDim, new Attention(lgDim, { heads, dimHead, dropout })),
          new ProjectInOut(lgDim, smDim, new Attention(smDim, { heads, dimHead, dropout })),
        ]),
      );
    }
  }

  /**
   * Cross-attend the two CLS tokens; the patch tokens pass through: `[small, large]` tokens.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const ct = new crossVit.CrossTransformer(8, 16, 1, 2, 4); // smDim, lgDim, depth, heads, dimHead
   * const sm = randn([1, 5, 8]);
   * const [smOut] = ct.forward(sm, randn([1, 3, 16]));
   * if (smOut.slice(1, 1).sub(sm.slice(1, 1)).abs().max().item() !== 0) throw new Error('patch tokens unchanged');
   * ```
   */
  forward(smTokens: Tensor, lgTokens: Tensor): [Tensor, Tensor] {
    let smCls = smTokens.slice(1, 0, 1);
    const smPatchTokens = smTokens.slice(1, 1);
    let lgCls = lgTokens.slice(1, 0, 1);
    const lgPatchTokens = lgTokens.slice(1, 1);

    for (const layer of this.layers) {
      const smAttendLg = layer!.get(0)!;
      const lgAttendSm = layer!.get(1)!;
      smCls = smAttendLg.forward(smCls, { context: lgPatchTokens, kvIncludeSelf: true }).add(smCls);
      lgCls = lgAttendSm.forward(lgCls, { context: smPatchTokens, kvIncludeSelf: true }).add(lgCls);
    }
    return [cat([smCls, smPatchTokens], 1), cat([lgCls, lgPatchTokens], 1)];
  }
}

// multi-scale encoder

/**
 * Hyperparameters of one branch's {@link Transformer}.
 * @example
 * ```ts
 * import { crossVit } from '@tensorgrad/models';
 * const params: crossVit.EncoderParams = { depth: 1, heads: 2, mlpDim: 16, dimHead: 4 };
 * const enc = new crossVit.MultiScaleEncoder({ depth: 1, smDim: 8, lgDim: 8, crossAttnHeads: 2, crossAttnDepth: 1, crossAttnDimHead: 4, smEncParams: params, lgEncParams: params });
 * if (enc.layers.length !== 1) throw new Error('one round');
 * ```
 */
export interface EncoderParams {
  depth: number;
  heads: number;
  mlpDim: number;
  dimHead: number;
}

/**
 * Options of {@link MultiScaleEncoder}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const options: crossVit.MultiScaleEncoderOptions = {
 *   depth: 2, smDim: 8, lgDim: 16, crossAttnHeads: 2, crossAttnDepth: 1, crossAttnDimHead: 4, dropout: 0,
 *   smEncParams: { depth: 1, heads: 2, mlpDim: 16, dimHead: 4 },
 *   lgEncParams: { depth: 1, heads: 2, mlpDim: 32, dimHead: 4 },
 * };
 * const [, lg] = new crossVit.MultiScaleEncoder(options).forward(randn([1, 5, 8]), randn([1, 2, 16]));
 * if (lg.shape.join() !== '1,2,16') throw new Error(`shape ${lg.shape}`);
 * ```
 */
export interface MultiScaleEncoderOptions {
  depth: number;
  smDim: number;
  lgDim: number;
  smEncParams: EncoderParams;
  lgEncParams: EncoderParams;
  crossAttnHeads: number;
  crossAttnDepth: number;
  crossAttnDimHead?: number;
  dropout?: number;
}

/**
 * `depth` rounds of: small-branch transformer, large-branch transformer, cross transformer.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const enc = new crossVit.MultiScaleEncoder({ depth: 1, smDim: 16, lgDim: 32, crossAttnHeads: 2, crossAttnDepth: 1, crossAttnDimHead: 8,
 *   smEncParams: { depth: 1, heads: 2, mlpDim: 32, dimHead: 8 }, lgEncParams: { depth: 1, heads: 2, mlpDim: 64, dimHead: 8 } });
 * const [sm] = enc.forward(randn([1, 17, 16]), randn([1, 5, 32]));
 * if (sm.shape.join() !== '1,17,16') throw new Error('shape');
 * ```
 */
export class MultiScaleEncoder extends Module {
  /**
   * `layers[i] = [small Transformer, large Transformer, CrossTransformer]`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const p = { depth: 1, heads: 2, mlpDim: 16, dimHead: 4 };
   * const enc = new crossVit.MultiScaleEncoder({ depth: 1, smDim: 8, lgDim: 8, crossAttnHeads: 2, crossAttnDepth: 1, smEncParams: p, lgEncParams: p });
   * if (!(enc.layers.get(0)!.get(2) instanceof crossVit.CrossTransformer)) throw new Error('cross transformer last');
   * ```
   */
  readonly layers: ModuleList<ModuleList<Transformer | CrossTransformer>>;

  /**
   * Create `depth` rounds of `[small Transformer, large Transformer, CrossTransformer]`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * const p = { depth: 1, heads: 2, mlpDim: 16, dimHead: 4 };
   * const enc = new crossVit.MultiScaleEncoder({ depth: 2, smDim: 8, lgDim: 8, crossAttnHeads: 2, crossAttnDepth: 1, smEncParams: p, lgEncParams: p });
   * if (enc.layers.length !== 2 || enc.layers.get(0)!.length !== 3) throw new Error('2 rounds of 3');
   * ```
   */
  constructor(o: MultiScaleEncoderOptions) {
    super();
    const dropout = o.dropout ?? 0;
    this.layers = new ModuleList();
    const branch = (dim: number, p: EncoderParams) =>
      new Transformer(dim, p.depth, p.heads, p.dimHead, p.mlpDim, dropout);
    for (let i = 0; i < o.depth; i++) {
      this.layers.append(
        new ModuleList<Transformer | CrossTransformer>([
          branch(o.smDim, o.smEncParams),
          branch(o.lgDim, o.lgEncParams),
          new CrossTransformer(
            o.smDim,
            o.lgDim,
            o.crossAttnDepth,
            o.crossAttnHeads,
            o.crossAttnDimHead ?? 64,
            dropout,
          ),
        ]),
      );
    }
  }

  /**
   * `depth` rounds over both token sequences: `[small, large]` tokens, shapes unchanged.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const p = { depth: 1, heads: 2, mlpDim: 16, dimHead: 4 };
   * const enc = new crossVit.MultiScaleEncoder({ depth: 1, smDim: 8, lgDim: 8, crossAttnHeads: 2, crossAttnDepth: 1, crossAttnDimHead: 4, smEncParams: p, lgEncParams: p });
   * const [sm, lg] = enc.forward(randn([2, 5, 8]), randn([2, 2, 8]));
   * if (sm.shape.join() !== '2,5,8' || lg.shape.join() !== '2,2,8') throw new Error('shapes kept');
   * ```
   */
  forward(smInput: Tensor, lgInput: Tensor): [Tensor, Tensor] {
    let smTokens = smInput;
    let lgTokens = lgInput;
    for (const layer of this.layers) {
      const smEnc = layer!.get(0) as Transformer;
      const lgEnc = layer!.get(1) as Transformer;
      const crossAttend = layer!.get(2) as CrossTransformer;
      [smTokens, lgTokens] = [smEnc.forward(smTokens), lgEnc.forward(lgTokens)];
      [smTokens, lgTokens] = crossAttend.forward(smTokens, lgTokens);
    }
    return [smTokens, lgTokens];
  }
}

// patch-based image to token embedder

/**
 * Options of {@link ImageEmbedder}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const options: crossVit.ImageEmbedderOptions = { dim: 8, imageSize: 8, patchSize: 4, channels: 1, dropout: 0 };
 * if (new crossVit.ImageEmbedder(options).forward(randn([1, 1, 8, 8])).shape.join() !== '1,5,8') throw new Error('CLS + 4');
 * ```
 */
export interface ImageEmbedderOptions {
  dim: number;
  imageSize: number;
  patchSize: number;
  dropout?: number;
  channels?: number;
}

/**
 * Image → patch tokens (Rearrange → LayerNorm → Linear → LayerNorm), CLS token prepended,
 * positional embedding added.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { crossVit } from '@tensorgrad/models';
 * const e = new crossVit.ImageEmbedder({ dim: 16, imageSize: 32, patchSize: 8 });
 * if (e.forward(randn([2, 3, 32, 32])).shape.join() !== '2,17,16') throw new Error('shape');
 * ```
 */
export class ImageEmbedder extends Module {
  /**
   * `Sequential(Rearrange to patches, LayerNorm(patchDim), Linear(patchDim, dim), LayerNorm(dim))`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const e = new crossVit.ImageEmbedder({ dim: 8, imageSize: 8, patchSize: 4 });
   * if (e.toPatchEmbedding.forward(randn([1, 3, 8, 8])).shape.join() !== '1,4,8') throw new Error('4 patches');
   * ```
   */
  readonly toPatchEmbedding: Sequential;
  /**
   * Learned positional embedding `[1, 1 + patches, dim]`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.ImageEmbedder({ dim: 8, imageSize: 8, patchSize: 4 }).posEmbedding.shape.join() !== '1,5,8') throw new Error('CLS + 4');
   * ```
   */
  readonly posEmbedding: Parameter;
  /**
   * Learned CLS token `[1, 1, dim]`.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.ImageEmbedder({ dim: 8, imageSize: 8, patchSize: 4 }).clsToken.shape.join() !== '1,1,8') throw new Error('[1, 1, dim]');
   * ```
   */
  readonly clsToken: Parameter;
  /**
   * Dropout on the embedded tokens.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * if (new crossVit.ImageEmbedder({ dim: 8, imageSize: 8, patchSize: 4, dropout: 0.1 }).dropout.p !== 0.1) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;

  /**
   * Create the embedder; an image size not divisible by the patch size throws.
   * @example
   * ```ts
   * import { crossVit } from '@tensorgrad/models';
   * let error: unknown;
   * try { new crossVit.ImageEmbedder({ dim: 8, imageSize: 10, patchSize: 4 }); } catch (e) { error = e; }
   * if (!(error instanceof Error) || !error.message.includes('divisible')) throw new Error('checked');
   * ```
   */
  constructor({ dim, imageSize, patchSize, dropout = 0, channels = 3 }: ImageEmbedderOptions) {
    super();
    if (imageSize % patchSize !== 0) {
      throw new Error(
        `CrossViT: image dimensions must be divisible by the patch size, got image size ${imageSize} and patch size ${patchSize}`,
      );
    }
    const numPatches = (imageSize / patchSize) ** 2;
    const patchDim = channels * patchSize ** 2;
    this.toPatchEmbedding = new Sequential(
      new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: patchSize, p2: patchSize }),
      new LayerNorm(patchDim),
      new Linear(patchDim, dim),
      new LayerNorm(dim),
    );
    this.posEmbedding = new Parameter(randn([1, numPatches + 1, dim]));
    this.clsToken = new Parameter(randn([1, 1, dim]));
    this.dropout = new Dropout(dropout);
  }

  /**
   * Image `[b, channels, size, size]` → tokens `[b, 1 + patches, dim]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { crossVit } from '@tensorgrad/models';
   * const e = new crossVit.ImageEmbedder({ dim: 8, imageSize: 8, patchSize: 2 });
   * if (e.forward(randn([2, 3, 8, 8])).shape.join() !== '2,17,8') throw new Error('CLS + 16 patches');
   * ```
   */
  forward(img: Tensor): Tensor {
    const x = this.toPatchEmbedding.forward(img);
    const [b, n] = x.shape as [number, number];
    const clsTokens = repeat<Tensor>(this.clsToken, '() n d -> b n d', { b });
    const tokens = cat([clsTokens, x], 1);
    return this.dropout.forward(tokens.add(this.posEmbedding.slice(1, 0, n + 1)));
  }
}

// cross ViT class

/**
 * Options of {@link CrossViT}: the Python keyword arguments in camelCase (defaults as there).
 * @example
 * ```ts
 * import { CrossViT, type CrossViTOptions } from '@tensorgrad/models';
 * const options: CrossViTOptions = {
 *   imageSize: 8, numClasses: 3, smDim: 8, lgDim: 16, smPatchSize: 2, lgPatchSize: 4,
 *   smEncDepth: 1, smEncHeads: 2, smEncMlpDim: 16, smEncDimHead: 4,
 *   lgEncDepth: 1, lgEncHeads: 2, lgEncMlpDim: 32, lgEncDimHead: 4,
 *   crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 4, depth: 1, dropout: 0, embDropout: 0,
 * };
 * const model = new CrossViT(options);
 * if (model.smImageEmbedder.posEmbedding.shape.join() !== '1,17,8') throw new Error('16 small patches + CLS');
 * ```
 */
export interface CrossViTOptions {
  imageSize: number;
  numClasses: number;
  smDim: number;
  lgDim: number;
  smPatchSize?: number;
  smEncDepth?: number;
  smEncHeads?: number;
  smEncMlpDim?: number;
  smEncDimHead?: number;
  lgPatchSize?: number;
  lgEncDepth?: number;
  lgEncHeads?: number;
  lgEncMlpDim?: number;
  lgEncDimHead?: number;
  crossAttnDepth?: number;
  crossAttnHeads?: number;
  crossAttnDimHead?: number;
  depth?: number;
  dropout?: number;
  embDropout?: number;
  channels?: number;
}

/**
 * The two summands of {@link CrossViT.forward}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { CrossViT, type crossVit } from '@tensorgrad/models';
 * const model = new CrossViT({ imageSize: 8, numClasses: 2, smDim: 8, lgDim: 8, smPatchSize: 4, lgPatchSize: 8,
 *   smEncHeads: 2, smEncMlpDim: 16, smEncDimHead: 4, lgEncDepth: 1, lgEncHeads: 2, lgEncMlpDim: 16, lgEncDimHead: 4,
 *   crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 4, depth: 1 });
 * const { smLogits, lgLogits }: crossVit.CrossViTBranchLogits = model.eval().branchLogits(randn([1, 3, 8, 8]));
 * if (smLogits.shape.join() !== '1,2' || lgLogits.shape.join() !== '1,2') throw new Error('one per branch');
 * ```
 */
export interface CrossViTBranchLogits {
  smLogits: Tensor;
  lgLogits: Tensor;
}

/**
 * Cross-attention multi-scale vision transformer.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { CrossViT } from '@tensorgrad/models';
 * const model = new CrossViT({ imageSize: 32, numClasses: 10, smDim: 16, lgDim: 32, smPatchSize: 8,
 *   smEncHeads: 2, smEncMlpDim: 32, smEncDimHead: 8, lgPatchSize: 16, lgEncDepth: 1, lgEncHeads: 2,
 *   lgEncMlpDim: 64, lgEncDimHead: 8, crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 8, depth: 1 });
 * if (model.forward(randn([2, 3, 32, 32])).shape.join() !== '2,10') throw new Error('shape');
 * ```
 */
export class CrossViT extends Module {
  /**
   * Embedder of the small-patch branch.
   * @example
   * ```ts
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 2, smDim: 8, lgDim: 16, smPatchSize: 2, lgPatchSize: 4, smEncMlpDim: 16, lgEncMlpDim: 16, depth: 1 });
   * if (model.smImageEmbedder.posEmbedding.shape.join() !== '1,17,8') throw new Error('16 small patches');
   * ```
   */
  readonly smImageEmbedder: ImageEmbedder;
  /**
   * Embedder of the large-patch branch.
   * @example
   * ```ts
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 2, smDim: 8, lgDim: 16, smPatchSize: 2, lgPatchSize: 4, smEncMlpDim: 16, lgEncMlpDim: 16, depth: 1 });
   * if (model.lgImageEmbedder.posEmbedding.shape.join() !== '1,5,16') throw new Error('4 large patches');
   * ```
   */
  readonly lgImageEmbedder: ImageEmbedder;
  /**
   * The two branches' transformers and their cross attention.
   * @example
   * ```ts
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 2, smDim: 8, lgDim: 8, smEncMlpDim: 16, lgEncMlpDim: 16, smPatchSize: 4, lgPatchSize: 8, depth: 2 });
   * if (model.multiScaleEncoder.layers.length !== 2) throw new Error('depth rounds');
   * ```
   */
  readonly multiScaleEncoder: MultiScaleEncoder;
  /**
   * `Sequential(LayerNorm(smDim), Linear(smDim, numClasses))` on the small branch's CLS token.
   * @example
   * ```ts
   * import type { Linear } from '@tensorgrad/nn';
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 3, smDim: 8, lgDim: 16, smEncMlpDim: 16, lgEncMlpDim: 16, smPatchSize: 4, lgPatchSize: 8, depth: 1 });
   * if ((model.smMlpHead.get(1) as Linear).inFeatures !== 8) throw new Error('smDim → numClasses');
   * ```
   */
  readonly smMlpHead: Sequential;
  /**
   * `Sequential(LayerNorm(lgDim), Linear(lgDim, numClasses))` on the large branch's CLS token.
   * @example
   * ```ts
   * import type { Linear } from '@tensorgrad/nn';
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 3, smDim: 8, lgDim: 16, smEncMlpDim: 16, lgEncMlpDim: 16, smPatchSize: 4, lgPatchSize: 8, depth: 1 });
   * if ((model.lgMlpHead.get(1) as Linear).inFeatures !== 16) throw new Error('lgDim → numClasses');
   * ```
   */
  readonly lgMlpHead: Sequential;

  /**
   * Create both branches, the encoder and both heads; sizes must be positive integers.
   * @example
   * ```ts
   * import { CrossViT } from '@tensorgrad/models';
   * let error: unknown;
   * try { new CrossViT({ imageSize: 8, numClasses: 0, smDim: 8, lgDim: 8 }); } catch (e) { error = e; }
   * if (!(error instanceof Error) || !error.message.includes('numClasses')) throw new Error('names the option');
   * ```
   */
  constructor(options: CrossViTOptions) {
    super();
    const {
      imageSize,
      numClasses,
      smDim,
      lgDim,
      smPatchSize = 12,
      smEncDepth = 1,
      smEncHeads = 8,
      smEncMlpDim = 2048,
      smEncDimHead = 64,
      lgPatchSize = 16,
      lgEncDepth = 4,
      lgEncHeads = 8,
      lgEncMlpDim = 2048,
      lgEncDimHead = 64,
      crossAttnDepth = 2,
      crossAttnHeads = 8,
      crossAttnDimHead = 64,
      depth = 3,
      dropout = 0.1,
      embDropout = 0.1,
      channels = 3,
    } = options;
    for (const [name, value] of Object.entries({
      imageSize,
      numClasses,
      smDim,
      lgDim,
      smPatchSize,
      smEncDepth,
      smEncHeads,
      smEncMlpDim,
      smEncDimHead,
      lgPatchSize,
      lgEncDepth,
      lgEncHeads,
      lgEncMlpDim,
      lgEncDimHead,
      crossAttnDepth,
      crossAttnHeads,
      crossAttnDimHead,
      depth,
      channels,
    })) {
      assertPositiveInteger(name, value);
    }
    this.smImageEmbedder = new ImageEmbedder({
      dim: smDim,
      channels,
      imageSize,
      patchSize: smPatchSize,
      dropout: embDropout,
    });
    this.lgImageEmbedder = new ImageEmbedder({
      dim: lgDim,
      channels,
      imageSize,
      patchSize: lgPatchSize,
      dropout: embDropout,
    });
    this.multiScaleEncoder = new MultiScaleEncoder({
      depth,
      smDim,
      lgDim,
      crossAttnHeads,
      crossAttnDimHead,
      crossAttnDepth,
      smEncParams: {
        depth: smEncDepth,
        heads: smEncHeads,
        mlpDim: smEncMlpDim,
        dimHead: smEncDimHead,
      },
      lgEncParams: {
        depth: lgEncDepth,
        heads: lgEncHeads,
        mlpDim: lgEncMlpDim,
        dimHead: lgEncDimHead,
      },
      dropout,
    });
    this.smMlpHead = new Sequential(new LayerNorm(smDim), new Linear(smDim, numClasses));
    this.lgMlpHead = new Sequential(new LayerNorm(lgDim), new Linear(lgDim, numClasses));
  }

  /**
   * Both branches' logits `[b, numClasses]`, before they are summed.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 2, smDim: 8, lgDim: 8, smPatchSize: 4, lgPatchSize: 8,
   *   smEncHeads: 2, smEncMlpDim: 16, smEncDimHead: 4, lgEncDepth: 1, lgEncHeads: 2, lgEncMlpDim: 16, lgEncDimHead: 4,
   *   crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 4, depth: 1 }).eval();
   * const img = randn([1, 3, 8, 8]);
   * const { smLogits, lgLogits } = model.branchLogits(img);
   * if (Number(smLogits.add(lgLogits).sub(model.forward(img)).abs().max().item()) > 1e-5) throw new Error('forward sums them');
   * ```
   */
  branchLogits(img: Tensor): CrossViTBranchLogits {
    const [smTokens, lgTokens] = this.multiScaleEncoder.forward(
      this.smImageEmbedder.forward(img),
      this.lgImageEmbedder.forward(img),
    );
    return {
      smLogits: this.smMlpHead.forward(smTokens.select(1, 0)),
      lgLogits: this.lgMlpHead.forward(lgTokens.select(1, 0)),
    };
  }

  /**
   * Class logits `[b, numClasses]`: the sum of the small- and large-patch heads.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { CrossViT } from '@tensorgrad/models';
   * const model = new CrossViT({ imageSize: 8, numClasses: 5, smDim: 8, lgDim: 8, smPatchSize: 4, lgPatchSize: 8,
   *   smEncHeads: 2, smEncMlpDim: 16, smEncDimHead: 4, lgEncDepth: 1, lgEncHeads: 2, lgEncMlpDim: 16, lgEncDimHead: 4,
   *   crossAttnDepth: 1, crossAttnHeads: 2, crossAttnDimHead: 4, depth: 1 });
   * if (model.forward(randn([2, 3, 8, 8])).shape.join() !== '2,5') throw new Error('logits [2, 5]');
   * ```
   */
  forward(img: Tensor): Tensor {
    const { smLogits, lgLogits } = this.branchLogits(img);
    return smLogits.add(lgLogits);
  }
}
