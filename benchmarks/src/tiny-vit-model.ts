/**
 * The tiny ViT of row family 3 as a tensorgrad module, with its sizes, initial weights and data
 * (see `tiny-vit.ts` for the same network in the other frameworks). Kept apart from the
 * framework comparison so that a test can build it without loading TensorFlow.js.
 */
import * as ag from '@tensorgrad/autograd';
import { LayerNorm, Linear, Module, ModuleList, Parameter, gelu } from '@tensorgrad/nn';
import { seededValues } from './harness.js';

/** Sizes of the tiny ViT. */
export interface TinyVitConfig {
  batch: number;
  /** Tokens including the CLS slot. */
  tokens: number;
  inFeatures: number;
  dim: number;
  heads: number;
  mlpDim: number;
  depth: number;
  classes: number;
  lr: number;
}

export const TINY_VIT: TinyVitConfig = {
  batch: 8,
  tokens: 65,
  inFeatures: 48,
  dim: 64,
  heads: 4,
  mlpDim: 128,
  depth: 2,
  classes: 10,
  lr: 0.05,
};

/** A parameter in PyTorch layout (Linear weights [out, in]). */
interface ParamSpec {
  key: string;
  shape: number[];
  values: Float32Array;
}

/** The initial weights (state-dict keys of the tensorgrad module), the input and the labels. */
export interface TinyVitData {
  config: TinyVitConfig;
  params: ParamSpec[];
  x: Float32Array;
  labels: Int32Array;
}

export function tinyVitData(config: TinyVitConfig = TINY_VIT): TinyVitData {
  const { batch, tokens, inFeatures, dim, mlpDim, depth, classes } = config;
  let seed = 100;
  const params: ParamSpec[] = [];
  const linear = (key: string, fanIn: number, fanOut: number) => {
    params.push({
      key: `${key}.weight`,
      shape: [fanOut, fanIn],
      values: seededValues(fanOut * fanIn, seed++, 1 / Math.sqrt(fanIn)),
    });
    params.push({
      key: `${key}.bias`,
      shape: [fanOut],
      values: seededValues(fanOut, seed++, 1 / Math.sqrt(fanIn)),
    });
  };
  const norm = (key: string) => {
    params.push({
      key: `${key}.weight`,
      shape: [dim],
      values: seededValues(dim, seed++, 0.1).map((v) => 1 + v),
    });
    params.push({ key: `${key}.bias`, shape: [dim], values: seededValues(dim, seed++, 0.1) });
  };
  linear('embed', inFeatures, dim);
  params.push({
    key: 'pos_embedding',
    shape: [tokens, dim],
    values: seededValues(tokens * dim, seed++, 0.5),
  });
  for (let l = 0; l < depth; l++) {
    norm(`blocks.${l}.norm1`);
    for (const p of ['to_q', 'to_k', 'to_v', 'to_out']) linear(`blocks.${l}.${p}`, dim, dim);
    norm(`blocks.${l}.norm2`);
    linear(`blocks.${l}.fc1`, dim, mlpDim);
    linear(`blocks.${l}.fc2`, mlpDim, dim);
  }
  norm('norm');
  linear('head', dim, classes);
  const x = seededValues(batch * tokens * inFeatures, seed++);
  for (let b = 0; b < batch; b++) x.fill(0, b * tokens * inFeatures, (b * tokens + 1) * inFeatures);
  const labels = Int32Array.from(
    seededValues(batch, seed++),
    (v) => Math.floor((v + 1) * 0.5 * classes) % classes,
  );
  return { config, params, x, labels };
}

/** One pre-LayerNorm transformer block. */
class Block extends Module {
  readonly norm1: LayerNorm;
  readonly toQ: Linear;
  readonly toK: Linear;
  readonly toV: Linear;
  readonly toOut: Linear;
  readonly norm2: LayerNorm;
  readonly fc1: Linear;
  readonly fc2: Linear;

  constructor(readonly config: TinyVitConfig) {
    super();
    const { dim, mlpDim } = config;
    this.norm1 = new LayerNorm(dim);
    this.toQ = new Linear(dim, dim);
    this.toK = new Linear(dim, dim);
    this.toV = new Linear(dim, dim);
    this.toOut = new Linear(dim, dim);
    this.norm2 = new LayerNorm(dim);
    this.fc1 = new Linear(dim, mlpDim);
    this.fc2 = new Linear(mlpDim, dim);
  }

  forward(x: ag.Tensor): ag.Tensor {
    const { heads, dim } = this.config;
    const [b, n] = x.shape;
    const dHead = dim / heads;
    const h = this.norm1.forward(x);
    const split = (t: ag.Tensor) => t.reshape(b, n, heads, dHead).transpose(1, 2);
    const q = split(this.toQ.forward(h));
    const k = split(this.toK.forward(h));
    const v = split(this.toV.forward(h));
    const attn = q
      .matmul(k.mT)
      .mul(1 / Math.sqrt(dHead))
      .softmax(-1);
    const mixed = attn.matmul(v).transpose(1, 2).reshape(b, n, dim);
    x = x.add(this.toOut.forward(mixed));
    return x.add(this.fc2.forward(gelu(this.fc1.forward(this.norm2.forward(x)))));
  }
}

/** The tiny ViT: embedding, position embedding, blocks, norm and a head on the CLS token. */
export class TinyViT extends Module {
  readonly embed: Linear;
  readonly posEmbedding: Parameter;
  readonly blocks: ModuleList<Block>;
  readonly norm: LayerNorm;
  readonly head: Linear;

  constructor(config: TinyVitConfig) {
    super();
    this.embed = new Linear(config.inFeatures, config.dim);
    this.posEmbedding = new Parameter(
      ag.tensor(new Float32Array(config.tokens * config.dim), {
        shape: [config.tokens, config.dim],
      }),
    );
    this.blocks = new ModuleList(Array.from({ length: config.depth }, () => new Block(config)));
    this.norm = new LayerNorm(config.dim);
    this.head = new Linear(config.dim, config.classes);
  }

  forward(x: ag.Tensor): ag.Tensor {
    x = this.embed.forward(x).add(this.posEmbedding);
    for (const block of this.blocks) x = block!.forward(x);
    return this.head.forward(this.norm.forward(x).select(1, 0));
  }
}

/** The tiny ViT loaded with `data`'s initial weights. */
export function tinyVitModel(data: TinyVitData): TinyViT {
  const model = new TinyViT(data.config);
  model.loadStateDict(
    Object.fromEntries(data.params.map((p) => [p.key, ag.tensor(p.values, { shape: p.shape })])),
  );
  return model;
}
