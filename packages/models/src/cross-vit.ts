/**
 * CrossViT: a port of `vit_pytorch/cross_vit.py` (lucidrains/vit-pytorch; Chen et al. 2021,
 * "CrossViT: Cross-Attention Multi-Scale Vision Transformer for Image Classification"). Names
 * follow the Python file; state-dict keys are PyTorch's.
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
  checkOptions,
  rearrange,
  repeat,
  type OptionSpec,
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

/** Options of {@link Attention.forward}. */
export interface CrossAttentionInputs {
  /** Keys/values to attend to instead of `x`; not normalised (only `x` goes through the norm). */
  context?: Tensor;
  /** Put the normalised `x` in front of the context, so the query also attends to itself. */
  kvIncludeSelf?: boolean;
}

/** Options of {@link Attention} (defaults: 8 heads of 64, no dropout). */
export interface AttentionOptions {
  heads?: number;
  dimHead?: number;
  dropout?: number;
}

const ATTENTION_OPTIONS: OptionSpec<AttentionOptions> = {
  heads: 'optional',
  dimHead: 'optional',
  dropout: 'optional',
};

/** Pre-norm multi-head attention: queries from `x`, keys/values from `context` (default `x`). */
export class Attention extends Module {
  readonly heads: number;
  readonly scale: number;
  readonly norm: LayerNorm;
  readonly attend: Softmax;
  readonly dropout: Dropout;
  readonly toQ: Linear;
  readonly toKv: Linear;
  readonly toOut: Sequential;

  constructor(dim: number, options: AttentionOptions = {}) {
    super();
    checkOptions('Attention', options, ATTENTION_OPTIONS);
    const { heads = 8, dimHead = 64, dropout = 0 } = options;
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

/** `depth` pre-norm layers `[Attention, FeedForward]`, then a final LayerNorm. */
export class Transformer extends Module {
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;
  readonly norm: LayerNorm;

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

/** Runs `fn` in another width; with equal widths both projections are `Identity`. */
export class ProjectInOut extends Module {
  readonly fn: Attention;
  readonly projectIn: Linear | Identity;
  readonly projectOut: Linear | Identity;

  constructor(dimIn: number, dimOut: number, fn: Attention) {
    super();
    this.fn = fn;
    const needProjection = dimIn !== dimOut;
    this.projectIn = needProjection ? new Linear(dimIn, dimOut) : new Identity();
    this.projectOut = needProjection ? new Linear(dimOut, dimIn) : new Identity();
  }

  forward(input: Tensor, inputs: CrossAttentionInputs = {}): Tensor {
    const x = this.projectIn.forward(input);
    return this.projectOut.forward(this.fn.forward(x, inputs));
  }
}

// cross attention transformer

/** `depth` rounds in which each branch's CLS token attends to the other's patch tokens. */
export class CrossTransformer extends Module {
  readonly layers: ModuleList<ModuleList<ProjectInOut>>;

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

/** Hyperparameters of one branch's {@link Transformer}. */
export interface EncoderParams {
  depth: number;
  heads: number;
  mlpDim: number;
  dimHead: number;
}

const ENCODER_PARAMS: OptionSpec<EncoderParams> = {
  depth: 'required',
  heads: 'required',
  mlpDim: 'required',
  dimHead: 'required',
};

/** Options of {@link MultiScaleEncoder} (defaults: `crossAttnDimHead` 64, `dropout` 0). */
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

const MULTI_SCALE_ENCODER_OPTIONS: OptionSpec<MultiScaleEncoderOptions> = {
  depth: 'required',
  smDim: 'required',
  lgDim: 'required',
  smEncParams: 'required',
  lgEncParams: 'required',
  crossAttnHeads: 'required',
  crossAttnDepth: 'required',
  crossAttnDimHead: 'optional',
  dropout: 'optional',
};

/** `depth` rounds of `[small Transformer, large Transformer, CrossTransformer]`. */
export class MultiScaleEncoder extends Module {
  readonly layers: ModuleList<ModuleList<Transformer | CrossTransformer>>;

  constructor(o: MultiScaleEncoderOptions) {
    super();
    checkOptions('MultiScaleEncoder', o, MULTI_SCALE_ENCODER_OPTIONS);
    checkOptions('MultiScaleEncoder smEncParams', o.smEncParams, ENCODER_PARAMS);
    checkOptions('MultiScaleEncoder lgEncParams', o.lgEncParams, ENCODER_PARAMS);
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

/** Options of {@link ImageEmbedder} (square images and patches, as in the reference). */
export interface ImageEmbedderOptions {
  dim: number;
  imageSize: number;
  patchSize: number;
  dropout?: number;
  channels?: number;
}

const IMAGE_EMBEDDER_OPTIONS: OptionSpec<ImageEmbedderOptions> = {
  dim: 'required',
  imageSize: 'required',
  patchSize: 'required',
  dropout: 'optional',
  channels: 'optional',
};

/** Image → patch tokens, CLS token prepended, positional embedding added. */
export class ImageEmbedder extends Module {
  readonly toPatchEmbedding: Sequential;
  readonly posEmbedding: Parameter;
  readonly clsToken: Parameter;
  readonly dropout: Dropout;

  constructor(options: ImageEmbedderOptions) {
    super();
    checkOptions('ImageEmbedder', options, IMAGE_EMBEDDER_OPTIONS);
    const { dim, imageSize, patchSize, dropout = 0, channels = 3 } = options;
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

  forward(img: Tensor): Tensor {
    const x = this.toPatchEmbedding.forward(img);
    const [b, n] = x.shape as [number, number];
    const clsTokens = repeat<Tensor>(this.clsToken, '() n d -> b n d', { b });
    const tokens = cat([clsTokens, x], 1);
    return this.dropout.forward(tokens.add(this.posEmbedding.slice(1, 0, n + 1)));
  }
}

// cross ViT class

/** Options of {@link CrossViT}: the Python keyword arguments in camelCase (defaults as there). */
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

const CROSS_VIT_OPTIONS: OptionSpec<CrossViTOptions> = {
  imageSize: 'required',
  numClasses: 'required',
  smDim: 'required',
  lgDim: 'required',
  smPatchSize: 'optional',
  smEncDepth: 'optional',
  smEncHeads: 'optional',
  smEncMlpDim: 'optional',
  smEncDimHead: 'optional',
  lgPatchSize: 'optional',
  lgEncDepth: 'optional',
  lgEncHeads: 'optional',
  lgEncMlpDim: 'optional',
  lgEncDimHead: 'optional',
  crossAttnDepth: 'optional',
  crossAttnHeads: 'optional',
  crossAttnDimHead: 'optional',
  depth: 'optional',
  dropout: 'optional',
  embDropout: 'optional',
  channels: 'optional',
};

/** The two summands of {@link CrossViT.forward}. */
export interface CrossViTBranchLogits {
  smLogits: Tensor;
  lgLogits: Tensor;
}

/**
 * Cross-attention multi-scale vision transformer: the sum of a small- and a large-patch branch.
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
  readonly smImageEmbedder: ImageEmbedder;
  readonly lgImageEmbedder: ImageEmbedder;
  readonly multiScaleEncoder: MultiScaleEncoder;
  readonly smMlpHead: Sequential;
  readonly lgMlpHead: Sequential;

  constructor(options: CrossViTOptions) {
    super();
    checkOptions('CrossViT', options, CROSS_VIT_OPTIONS);
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

  /** Both branches' logits `[b, numClasses]`, before they are summed. */
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

  /** Class logits `[b, numClasses]`: the sum of the two branches' heads. */
  forward(img: Tensor): Tensor {
    const { smLogits, lgLogits } = this.branchLogits(img);
    return smLogits.add(lgLogits);
  }
}
