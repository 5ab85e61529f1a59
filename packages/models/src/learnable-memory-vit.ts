/**
 * ViT with learnable memories: a port of `vit_pytorch/learnable_memory_vit.py`
 * (lucidrains/vit-pytorch, after "Fine-tuning Image Transformers using Learnable Memory",
 * Sandler et al. 2022).
 *
 * A plain pre-norm {@link ViT} is trained as usual; an {@link Adapter} then freezes it and learns,
 * per layer, a few extra key/value tokens ("memories"), a memory CLS token and a new head. A
 * special attention mask lets only the memory CLS token see the memories, so the frozen ViT's
 * own outputs are unchanged and one backbone can serve several adapted tasks at once.
 *
 * Names follow the Python file so the two read side by side; state-dict keys are PyTorch's.
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
  pad,
  rearrange,
  repeat,
} from '@tensorgrad/nn';
import { FeedForward } from './blocks/feed-forward.js';

/** `torch.finfo(torch.float32).max`: masked logits get its negative, a finite number, not -inf. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * An image or patch size: one number for a square, or `[height, width]`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const imageSize: learnableMemoryVit.Size2d = [8, 4];
 * const vit = new learnableMemoryVit.ViT({ imageSize, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * if (vit.forward(randn([1, 3, 8, 4])).shape.join() !== '1,2') throw new Error('2 patches of a non-square image');
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

// controlling freezing of layers

/**
 * Sets `requiresGrad` on every parameter of `module` (Python: `set_module_requires_grad_`).
 *
 * @example
 * ```ts
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const ff = new learnableMemoryVit.FeedForward(8, 16);
 * learnableMemoryVit.setModuleRequiresGrad(ff, false);
 * if (ff.parameters().some((p) => p.requiresGrad)) throw new Error('all frozen');
 * ```
 */
export function setModuleRequiresGrad(module: Module, requiresGrad: boolean): void {
  for (const param of module.parameters()) param.requiresGrad_(requiresGrad);
}

/**
 * Freezes every parameter of `module` (Python: `freeze_all_layers_`).
 *
 * @example
 * ```ts
 * import { LearnableMemoryViT, freezeAllLayers } from '@tensorgrad/models';
 * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * freezeAllLayers(vit); // only an adapter's own parameters will learn
 * if (vit.parameters().some((p) => p.requiresGrad)) throw new Error('frozen');
 * ```
 */
export function freezeAllLayers(module: Module): void {
  setModuleRequiresGrad(module, false);
}

/**
 * Makes every parameter of `module` trainable again (Python: `unfreeze_all_layers_`).
 *
 * @example
 * ```ts
 * import { LearnableMemoryViT, freezeAllLayers, unfreezeAllLayers } from '@tensorgrad/models';
 * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * freezeAllLayers(vit);
 * unfreezeAllLayers(vit); // fine-tune the whole backbone
 * if (!vit.parameters().every((p) => p.requiresGrad)) throw new Error('trainable again');
 * ```
 */
export function unfreezeAllLayers(module: Module): void {
  setModuleRequiresGrad(module, true);
}

// classes

// FeedForward is the same block in every ViT file of vit-pytorch: one implementation, shared.
export { FeedForward };

/**
 * Options of {@link Attention}.
 * @example
 * ```ts
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const options: learnableMemoryVit.AttentionOptions = { heads: 2, dimHead: 4, dropout: 0.1 };
 * const attn = new learnableMemoryVit.Attention(8, options);
 * if (attn.toQ.outFeatures !== 8 || attn.toKv.outFeatures !== 16) throw new Error('2 heads of 4');
 * ```
 */
export interface AttentionOptions {
  /** Number of heads (default 8). */
  heads?: number;
  /** Width of each head (default 64). */
  dimHead?: number;
  /** Dropout on the attention weights and the output (default 0). */
  dropout?: number;
}

/**
 * Extra inputs of {@link Attention.forward} and {@link Transformer.forward}.
 * @example
 * ```ts
 * import { ones, randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const attn = new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 });
 * const inputs: learnableMemoryVit.MemoryAttentionInputs = {
 *   memories: randn([3, 8]), // appended to the 5 tokens' keys and values
 *   attnMask: ones([5, 8], { dtype: 'bool' }),
 * };
 * if (attn.forward(randn([1, 5, 8]), inputs).shape.join() !== '1,5,8') throw new Error('shape');
 * ```
 */
export interface MemoryAttentionInputs {
  /**
   * Boolean mask `[queries, keys]`: `true` where a query may attend to a key. The keys are the
   * tokens followed by the memories.
   */
  attnMask?: Tensor | null;
  /**
   * Attention: memories `[m, dim]` (shared by the batch) or `[b, m, dim]`, appended to the keys
   * and values. Transformer: `[depth, m, dim]`, one slice per layer.
   */
  memories?: Tensor | null;
}

/**
 * Pre-norm multi-head self-attention whose keys/values can be extended with memory tokens.
 *
 * Separate `toQ` and `toKv` projections (no bias) exist because the memories enter only the
 * keys and values: queries come from the tokens alone.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const attn = new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 });
 * const y = attn.forward(randn([2, 5, 8]), { memories: randn([3, 8]) });
 * if (y.shape.join() !== '2,5,8') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class Attention extends Module {
  /**
   * Number of heads.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8).heads !== 8) throw new Error('default 8');
   * ```
   */
  readonly heads: number;
  /**
   * `dimHead ** -0.5`, applied to the logits.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8, { dimHead: 16 }).scale !== 0.25) throw new Error('16 ** -0.5');
   * ```
   */
  readonly scale: number;
  /**
   * Pre-normalisation of the tokens (the memories are not normalised).
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8).norm.normalizedShape.join() !== '8') throw new Error('over dim');
   * ```
   */
  readonly norm: LayerNorm;
  /**
   * Softmax over the keys.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8).attend.dim !== -1) throw new Error('last axis');
   * ```
   */
  readonly attend: Softmax;
  /**
   * Dropout on the attention weights.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8, { dropout: 0.1 }).dropout.p !== 0.1) throw new Error('p');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * Query projection `Linear(dim, heads · dimHead)`, no bias.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 }).toQ.weight.shape.join() !== '8,8') throw new Error('[inner, dim]');
   * ```
   */
  readonly toQ: Linear;
  /**
   * Key and value projection `Linear(dim, 2 · heads · dimHead)`, keys first, no bias.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 }).toKv.outFeatures !== 16) throw new Error('keys and values');
   * ```
   */
  readonly toKv: Linear;
  /**
   * `Sequential(Linear(heads · dimHead, dim), Dropout)`.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * if (new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 }).toOut.length !== 2) throw new Error('Linear, Dropout');
   * ```
   */
  readonly toOut: Sequential;

  /**
   * Create the attention over `dim`-wide tokens; `toQ` and `toKv` have no bias.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * const attn = new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 });
   * if (attn.toQ.bias !== null || attn.toKv.weight.shape.join() !== '16,8') throw new Error('keys and values stacked');
   * ```
   */
  constructor(dim: number, { heads = 8, dimHead = 64, dropout = 0 }: AttentionOptions = {}) {
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
   * Attention of the tokens `[b, n, dim]` over themselves and the memories: `[b, n, dim]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * const attn = new learnableMemoryVit.Attention(8, { heads: 2, dimHead: 4 });
   * const x = randn([2, 5, 8]);
   * const perSample = attn.forward(x, { memories: randn([2, 3, 8]) }); // [b, m, dim] memories
   * if (perSample.shape.join() !== '2,5,8' || attn.forward(x).shape.join() !== '2,5,8') throw new Error('shape');
   * ```
   */
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

/**
 * A stack of `depth` pre-norm layers, each `x = attn(x) + x; x = ff(x) + x`, with no final
 * LayerNorm (the head has its own).
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const t = new learnableMemoryVit.Transformer(8, 2, 2, 4, 16); // dim, depth, heads, dimHead, mlpDim
 * if (t.forward(randn([2, 5, 8])).shape.join() !== '2,5,8') throw new Error('same shape');
 * if (t.layers.length !== 2) throw new Error('two layers');
 * ```
 */
export class Transformer extends Module {
  /**
   * `layers[i] = [Attention, FeedForward]`.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * const [attn, ff] = [...new learnableMemoryVit.Transformer(8, 1, 2, 4, 16).layers.get(0)!];
   * if (!(attn instanceof learnableMemoryVit.Attention) || !(ff instanceof learnableMemoryVit.FeedForward)) throw new Error('layer');
   * ```
   */
  readonly layers: ModuleList<ModuleList<Attention | FeedForward>>;

  /**
   * Create `depth` layers of `[Attention, FeedForward]`.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * const t = new learnableMemoryVit.Transformer(8, 2, 2, 4, 16, 0.1); // dim, depth, heads, dimHead, mlpDim, dropout
   * if (!('layers.1.1.net.4.bias' in t.stateDict())) throw new Error("PyTorch's keys");
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
   * Run every layer; `memories` `[depth, m, dim]` gives layer `i` the slice `i`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * const t = new learnableMemoryVit.Transformer(8, 2, 2, 4, 16);
   * const y = t.forward(randn([1, 5, 8]), { memories: randn([2, 3, 8]) });
   * if (y.shape.join() !== '1,5,8') throw new Error(`shape ${y.shape}`);
   * ```
   */
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

/**
 * Options of {@link ViT}: the Python keyword arguments in camelCase.
 * @example
 * ```ts
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const options: learnableMemoryVit.ViTOptions = {
 *   imageSize: 8, patchSize: 4, numClasses: 3, dim: 8, depth: 1, heads: 2, mlpDim: 16,
 *   channels: 1, dimHead: 4, dropout: 0.1, embDropout: 0.1,
 * };
 * const vit = new learnableMemoryVit.ViT(options);
 * if (vit.posEmbedding.shape.join() !== '1,5,8') throw new Error('4 patches + CLS');
 * ```
 */
export interface ViTOptions {
  imageSize: Size2d;
  patchSize: Size2d;
  numClasses: number;
  dim: number;
  depth: number;
  heads: number;
  mlpDim: number;
  /**
   * `'cls'` or `'mean'`. Validated but, as in the reference, never used: the output always
   * comes from the CLS token.
   */
  pool?: 'cls' | 'mean';
  /** Image channels (default 3). */
  channels?: number;
  /** Width of each attention head (default 64). */
  dimHead?: number;
  /** Dropout inside the transformer (default 0). */
  dropout?: number;
  /** Dropout on the embedded tokens (default 0). */
  embDropout?: number;
}

/**
 * Vision transformer (the backbone that an {@link Adapter} freezes).
 *
 * Patches are embedded as Rearrange → LayerNorm(patchDim) → Linear → LayerNorm(dim); a CLS
 * token is prepended before the positional embedding is added; the head reads token 0.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { learnableMemoryVit } from '@tensorgrad/models';
 * const vit = new learnableMemoryVit.ViT({ imageSize: 8, patchSize: 4, numClasses: 10, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * if (vit.forward(randn([2, 3, 8, 8])).shape.join() !== '2,10') throw new Error('logits [2, 10]');
 * ```
 */
export class ViT extends Module {
  /**
   * `[patchHeight, patchWidth]`.
   * @example
   * ```ts
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: [4, 2], numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (vit.patchSize.join() !== '4,2') throw new Error('[height, width]');
   * ```
   */
  readonly patchSize: [number, number];
  /**
   * `Sequential(Rearrange to patches, LayerNorm(patchDim), Linear(patchDim, dim), LayerNorm(dim))`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (vit.toPatchEmbedding.forward(randn([1, 3, 8, 8])).shape.join() !== '1,4,8') throw new Error('4 patch tokens');
   * ```
   */
  readonly toPatchEmbedding: Sequential;
  /**
   * Learned positional embedding `[1, 1 + patches, dim]`.
   * @example
   * ```ts
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (vit.posEmbedding.shape.join() !== '1,5,8') throw new Error('CLS + 4 patches');
   * ```
   */
  readonly posEmbedding: Parameter;
  /**
   * Learned CLS token `[1, 1, dim]`.
   * @example
   * ```ts
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (vit.clsToken.shape.join() !== '1,1,8') throw new Error('[1, 1, dim]');
   * ```
   */
  readonly clsToken: Parameter;
  /**
   * Dropout on the embedded tokens.
   * @example
   * ```ts
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16, embDropout: 0.1 });
   * if (vit.dropout.p !== 0.1) throw new Error('embDropout');
   * ```
   */
  readonly dropout: Dropout;
  /**
   * The transformer (no final LayerNorm).
   * @example
   * ```ts
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 3, heads: 2, mlpDim: 16 });
   * if (vit.transformer.layers.length !== 3) throw new Error('depth layers');
   * ```
   */
  readonly transformer: Transformer;
  /**
   * `Sequential(LayerNorm(dim), Linear(dim, numClasses))`, applied to the CLS token.
   * @example
   * ```ts
   * import type { Linear } from '@tensorgrad/nn';
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 5, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if ((vit.mlpHead.get(1) as Linear).outFeatures !== 5) throw new Error('numClasses');
   * ```
   */
  readonly mlpHead: Sequential;

  /**
   * Create the ViT; sizes that are not positive integers, or an image not divisible into patches, throw.
   * @example
   * ```ts
   * import { learnableMemoryVit } from '@tensorgrad/models';
   * let error: unknown;
   * try { new learnableMemoryVit.ViT({ imageSize: 10, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 }); } catch (e) { error = e; }
   * if (!(error instanceof Error) || !error.message.includes('divisible by the patch size')) throw new Error('checked');
   * ```
   */
  constructor(options: ViTOptions) {
    super();
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

  /**
   * Patch embedding, CLS token prepended, positional embedding added: `[b, 1 + patches, dim]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
   * if (vit.imgToTokens(randn([2, 3, 8, 8])).shape.join() !== '2,5,8') throw new Error('CLS + 4 patches');
   * ```
   */
  imgToTokens(img: Tensor): Tensor {
    const x = this.toPatchEmbedding.forward(img);
    const clsTokens = repeat<Tensor>(this.clsToken, '1 n d -> b n d', { b: x.shape[0]! });
    return this.dropout.forward(cat([clsTokens, x], 1).add(this.posEmbedding));
  }

  /**
   * Class logits `[b, numClasses]` of images `[b, channels, height, width]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
   * if (vit.eval().forward(randn([1, 3, 8, 8])).shape.join() !== '1,2') throw new Error('logits');
   * ```
   */
  forward(img: Tensor): Tensor {
    const x = this.transformer.forward(this.imgToTokens(img));
    const clsTokens = x.select(1, 0);
    return this.mlpHead.forward(clsTokens);
  }
}

/**
 * Options of {@link Adapter}.
 * @example
 * ```ts
 * import { Adapter, LearnableMemoryViT, type learnableMemoryVit } from '@tensorgrad/models';
 * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 2, heads: 2, dimHead: 4, mlpDim: 16 });
 * const options: learnableMemoryVit.AdapterOptions = { vit, numMemoriesPerLayer: 3, numClasses: 5 };
 * const adapter = new Adapter(options);
 * if (adapter.memoriesPerLayer.shape.join() !== '2,3,8') throw new Error('[depth, memories, dim]');
 * ```
 */
export interface AdapterOptions {
  /** The backbone; the adapter freezes every one of its parameters. */
  vit: ViT;
  /** Memory tokens added to each layer's keys/values (default 10). */
  numMemoriesPerLayer?: number;
  /** Classes of the adapter's own head (default 2). */
  numClasses?: number;
}

/**
 * Adapter with learnable memories per layer, a memory CLS token and its own head, around a
 * frozen {@link ViT}.
 *
 * The adapter pass runs the tokens `[memory CLS, ViT CLS, patches]` through the ViT's
 * transformer with `memoriesPerLayer[layer]` appended to that layer's keys/values. The
 * `attnMask` buffer lets row 0 (the memory CLS token) attend to everything, and every other row
 * only to the ViT CLS and patch tokens — so the ViT's own tokens compute exactly what they
 * compute without the adapter.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
 * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 10, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
 * const adapter = new Adapter({ vit, numMemoriesPerLayer: 3, numClasses: 5 });
 * if (adapter.forward(randn([2, 3, 8, 8])).shape.join() !== '2,5') throw new Error('adapter logits');
 * if (adapter.vit.parameters().some((p) => p.requiresGrad)) throw new Error('backbone frozen');
 * ```
 */
export class Adapter extends Module {
  /**
   * The frozen backbone.
   * @example
   * ```ts
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (new Adapter({ vit }).vit !== vit) throw new Error('the same backbone');
   * ```
   */
  readonly vit: ViT;
  /**
   * The memory CLS token `[dim]`, whose output the adapter's head reads.
   * @example
   * ```ts
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if (new Adapter({ vit }).memoryClsToken.shape.join() !== '8') throw new Error('[dim]');
   * ```
   */
  readonly memoryClsToken: Parameter;
  /**
   * The learned memories `[depth, numMemoriesPerLayer, dim]`, one slice per layer.
   * @example
   * ```ts
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 2, heads: 2, mlpDim: 16 });
   * if (new Adapter({ vit }).memoriesPerLayer.shape.join() !== '2,10,8') throw new Error('10 memories per layer by default');
   * ```
   */
  readonly memoriesPerLayer: Parameter;
  /**
   * `Sequential(LayerNorm(dim), Linear(dim, numClasses))`: the adapter's own head.
   * @example
   * ```ts
   * import type { Linear } from '@tensorgrad/nn';
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 7, dim: 8, depth: 1, heads: 2, mlpDim: 16 });
   * if ((new Adapter({ vit }).mlpHead.get(1) as Linear).outFeatures !== 2) throw new Error('2 classes by default');
   * ```
   */
  readonly mlpHead: Sequential;
  /**
   * `[tokens, tokens + memories]` bool: which key each query may attend to.
   * @example
   * ```ts
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
   * const mask = new Adapter({ vit, numMemoriesPerLayer: 3 }).attnMask; // 1 + 5 tokens, 1 + 5 + 3 keys
   * if (mask.shape.join() !== '6,9' || mask.dtype !== 'bool') throw new Error(`mask ${mask.shape}`);
   * ```
   */
  declare readonly attnMask: Tensor;

  /**
   * Wrap `vit`, freezing it, with new memories, memory CLS token, head and attention mask.
   * @example
   * ```ts
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
   * const keys = Object.keys(new Adapter({ vit }).stateDict()).filter((k) => !k.startsWith('vit.'));
   * if (keys.join() !== 'memory_cls_token,memories_per_layer,attn_mask,mlp_head.0.weight,mlp_head.0.bias,mlp_head.1.weight,mlp_head.1.bias') throw new Error(`keys ${keys}`);
   * ```
   */
  constructor({ vit, numMemoriesPerLayer = 10, numClasses = 2 }: AdapterOptions) {
    super();
    if (!(vit instanceof ViT)) throw new Error('Adapter: vit must be a learnable-memory ViT');
    assertPositiveInteger('Adapter', 'numMemoriesPerLayer', numMemoriesPerLayer);
    assertPositiveInteger('Adapter', 'numClasses', numClasses);

    // extract some model variables needed
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

  /**
   * Adapter logits `[b, numClasses]`, read from the memory CLS token.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { Adapter, LearnableMemoryViT } from '@tensorgrad/models';
   * const vit = new LearnableMemoryViT({ imageSize: 8, patchSize: 4, numClasses: 2, dim: 8, depth: 1, heads: 2, dimHead: 4, mlpDim: 16 });
   * const img = randn([1, 3, 8, 8]);
   * const adapter = new Adapter({ vit, numClasses: 4 });
   * if (adapter.forward(img).shape.join() !== '1,4' || vit.forward(img).shape.join() !== '1,2') throw new Error('one backbone, two heads');
   * ```
   */
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
