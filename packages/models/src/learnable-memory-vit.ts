/**
 * ViT with learnable memories: a port of `vit_pytorch/learnable_memory_vit.py`
 * (lucidrains/vit-pytorch; Sandler et al. 2022, "Fine-tuning Image Transformers using Learnable
 * Memory"). Names follow the Python file; state-dict keys are PyTorch's.
 */
import { Tensor, cat, ones, randn } from '@tensorgrad/autograd';
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
  pad,
  rearrange,
  repeat,
  type OptionSpec,
} from '@tensorgrad/nn';
import { FeedForward } from './blocks/feed-forward.js';

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

// controlling freezing of layers

/** Sets `requiresGrad` on every parameter of `module` (Python: `set_module_requires_grad_`). */
export function setModuleRequiresGrad(module: Module, requiresGrad: boolean): void {
  for (const param of module.parameters()) param.requiresGrad_(requiresGrad);
}

/** Freezes every parameter of `module` (Python: `freeze_all_layers_`). */
export function freezeAllLayers(module: Module): void {
  setModuleRequiresGrad(module, false);
}

/** Makes every parameter of `module` trainable again (Python: `unfreeze_all_layers_`). */
export function unfreezeAllLayers(module: Module): void {
  setModuleRequiresGrad(module, true);
}

// classes

// FeedForward is the same block in every ViT file of vit-pytorch: one implementation, shared.
export { FeedForward };

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

/** Extra inputs of {@link Attention.forward} and {@link Transformer.forward}. */
export interface MemoryAttentionInputs {
  /** Bool `[queries, keys]`, `true` where a query may attend; keys are the tokens, then the memories. */
  attnMask?: Tensor | null;
  /** Attention: `[m, dim]` (shared by the batch) or `[b, m, dim]`. Transformer: `[depth, m, dim]`. */
  memories?: Tensor | null;
}

/**
 * Pre-norm multi-head attention whose keys/values can be extended with memory tokens (hence
 * separate `toQ` and `toKv`: the memories never become queries).
 */
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

  /** Attention of the tokens `[b, n, dim]` over themselves and the memories: `[b, n, dim]`. */
  forward(input: Tensor, { attnMask = null, memories = null }: MemoryAttentionInputs = {}): Tensor {
    const x = this.norm.forward(input);

    // The memories join the key/value input after the LayerNorm: they are never normalised.
    let xKv = x;
    if (memories !== null) {
      const batchMemories =
        memories.ndim === 2 ? repeat(memories, 'n d -> b n d', { b: x.shape[0]! }) : memories;
      xKv = cat([xKv, batchMemories], 1);
    }

    const toHeads = (t: Tensor): Tensor => rearrange(t, 'b n (h d) -> b h n d', { h: this.heads });
    const [kv0, kv1] = this.toKv.forward(xKv).chunk(2, -1) as [Tensor, Tensor];
    const q = toHeads(this.toQ.forward(x));
    const k = toHeads(kv0);
    const v = toHeads(kv1);

    let dots = q.matmul(k.transpose(-1, -2)).mul(this.scale);
    if (attnMask !== null) dots = dots.maskedFill(attnMask.logicalNot(), -FLOAT32_MAX);

    const attn = this.dropout.forward(this.attend.forward(dots));
    const out = rearrange(attn.matmul(v), 'b h n d -> b n (h d)');
    return this.toOut.forward(out);
  }
}

/** `depth` pre-norm layers `[Attention, FeedForward]`, with no final LayerNorm. */
export class Transformer extends Module {
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;

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
    for (let i = 0; i < depth; i++) {
      this.layers.append(
        new ModuleList<Attention | FeedForward>([
          new Attention(dim, { heads, dimHead, dropout }),
          new FeedForward(dim, mlpDim, dropout),
        ]),
      );
    }
  }

  /** Runs every layer; layer `i` gets `memories[i]`. */
  forward(input: Tensor, { attnMask = null, memories = null }: MemoryAttentionInputs = {}): Tensor {
    let x = input;
    let ind = 0;
    for (const layer of this.layers) {
      const [attn, ff] = attentionAndFeedForward(layer);
      const layerMemories = memories !== null ? memories.select(0, ind) : null;
      x = attn.forward(x, { attnMask, memories: layerMemories }).add(x);
      x = ff.forward(x).add(x);
      ind += 1;
    }
    return x;
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
  heads: number;
  mlpDim: number;
  /** `'cls'` or `'mean'`: validated but, as in the reference, unused (the head reads the CLS token). */
  pool?: 'cls' | 'mean';
  channels?: number;
  dimHead?: number;
  dropout?: number;
  embDropout?: number;
}

const VIT_OPTIONS: OptionSpec<ViTOptions> = {
  imageSize: 'required',
  patchSize: 'required',
  numClasses: 'required',
  dim: 'required',
  depth: 'required',
  heads: 'required',
  mlpDim: 'required',
  pool: 'optional',
  channels: 'optional',
  dimHead: 'optional',
  dropout: 'optional',
  embDropout: 'optional',
};

/**
 * Vision transformer: the backbone that an {@link Adapter} freezes.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const vit = new learnableMemoryVit.ViT({ imageSize: [8, 4], patchSize: 4, numClasses: 10, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * if (vit.forward(randn([2, 3, 8, 4])).shape.join() !== '2,10') throw new Error('logits [2, 10]');
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
    checkOptions('ViT', options, VIT_OPTIONS);
    const {
      numClasses,
      dim,
      depth,
      heads,
      mlpDim,
      pool = 'cls',
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
    if (pool !== 'cls' && pool !== 'mean') {
      throw new Error(
        `ViT: pool type must be either cls (cls token) or mean (mean pooling), got ${String(pool)}`,
      );
    }

    this.toPatchEmbedding = new Sequential(
      new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: patchHeight, p2: patchWidth }),
      new LayerNorm(patchDim),
      new Linear(patchDim, dim),
      new LayerNorm(dim),
    );

    this.posEmbedding = new Parameter(randn([1, numPatches + 1, dim]));
    this.clsToken = new Parameter(randn([1, 1, dim]));
    this.dropout = new Dropout(embDropout);

    this.transformer = new Transformer(dim, depth, heads, dimHead, mlpDim, dropout);

    this.mlpHead = new Sequential(new LayerNorm(dim), new Linear(dim, numClasses));
  }

  /** Patch embedding, CLS token prepended, positional embedding added: `[b, 1 + patches, dim]`. */
  imgToTokens(img: Tensor): Tensor {
    const x = this.toPatchEmbedding.forward(img);
    const clsTokens = repeat<Tensor>(this.clsToken, '1 n d -> b n d', { b: x.shape[0]! });
    return this.dropout.forward(cat([clsTokens, x], 1).add(this.posEmbedding));
  }

  /** Class logits `[b, numClasses]` of images `[b, channels, height, width]`. */
  forward(img: Tensor): Tensor {
    const x = this.transformer.forward(this.imgToTokens(img));
    const clsTokens = x.select(1, 0);
    return this.mlpHead.forward(clsTokens);
  }
}

/** Options of {@link Adapter} (defaults: 10 memories per layer, 2 classes). */
export interface AdapterOptions {
  vit: ViT;
  numMemoriesPerLayer?: number;
  numClasses?: number;
}

const ADAPTER_OPTIONS: OptionSpec<AdapterOptions> = {
  vit: 'required',
  numMemoriesPerLayer: 'optional',
  numClasses: 'optional',
};

/**
 * Adapter with learnable memories per layer, a memory CLS token and its own head, around a
 * frozen {@link ViT} whose own outputs it leaves unchanged.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
 * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 10, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * const adapter = new Adapter({ vit, numMemoriesPerLayer: 3, numClasses: 5 });
 * if (adapter.forward(randn([2, 3, 8, 8])).shape.join() !== '2,5') throw new Error('adapter logits');
 * if (adapter.vit.parameters().some((p) => p.requiresGrad)) throw new Error('backbone frozen');
 * // camelCase fields, PyTorch's state-dict keys; the mask is a buffer, saved with the weights
 * const keys = Object.keys(adapter.stateDict()).filter((k) => !k.startsWith('vit.'));
 * if (keys.join() !== 'memory_cls_token,memories_per_layer,attn_mask,mlp_head.0.weight,mlp_head.0.bias,mlp_head.1.weight,mlp_head.1.bias') throw new Error(`keys ${keys}`);
 * ```
 */
export class Adapter extends Module {
  readonly vit: ViT;
  /** `[dim]`. */
  readonly memoryClsToken: Parameter;
  /** `[depth, numMemoriesPerLayer, dim]`. */
  readonly memoriesPerLayer: Parameter;
  readonly mlpHead: Sequential;
  /** Bool `[1 + tokens, 1 + tokens + memories]`: which key each query may attend to. */
  declare readonly attnMask: Tensor;

  constructor(options: AdapterOptions) {
    super();
    checkOptions('Adapter', options, ADAPTER_OPTIONS);
    const { vit, numMemoriesPerLayer = 10, numClasses = 2 } = options;
    if (!(vit instanceof ViT)) throw new Error('Adapter: vit must be a learnable-memory ViT');
    assertPositiveInteger('Adapter', 'numMemoriesPerLayer', numMemoriesPerLayer);
    assertPositiveInteger('Adapter', 'numClasses', numClasses);

    const dim = vit.clsToken.shape.at(-1)!;
    const layers = vit.transformer.layers.length;
    // Named as in the reference, but this counts the CLS token too (pos_embedding's length).
    const numPatches = vit.posEmbedding.shape.at(-2)!;

    this.vit = vit;

    // freeze ViT backbone - only memories will be finetuned
    freezeAllLayers(vit);

    this.memoryClsToken = new Parameter(randn([dim]));
    this.memoriesPerLayer = new Parameter(randn([layers, numMemoriesPerLayer, dim]));

    this.mlpHead = new Sequential(new LayerNorm(dim), new Linear(dim, numClasses));

    // Main tokens cannot attend to the memory CLS column nor to the memories; the memory CLS
    // row (prepended last) can attend to everything.
    let attnMask = ones([numPatches, numPatches], { dtype: 'bool' });
    attnMask = pad(attnMask, [1, numMemoriesPerLayer], 0);
    attnMask = pad(attnMask, [0, 0, 1, 0], 1);
    this.registerBuffer('attnMask', attnMask);
  }

  /** Adapter logits `[b, numClasses]`, read from the memory CLS token. */
  forward(img: Tensor): Tensor {
    const b = img.shape[0]!;

    const tokens = this.vit.imgToTokens(img);

    // add task specific memory tokens
    const memoryClsTokens = repeat<Tensor>(this.memoryClsToken, 'd -> b 1 d', { b });
    const allTokens = cat([memoryClsTokens, tokens], 1);

    // pass memories along with image tokens through transformer for attending
    const out = this.vit.transformer.forward(allTokens, {
      memories: this.memoriesPerLayer,
      attnMask: this.attnMask,
    });

    return this.mlpHead.forward(out.select(1, 0));
  }
}
