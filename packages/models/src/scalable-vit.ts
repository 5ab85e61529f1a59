/**
 * ScalableViT (Yang et al. 2022), a port of `vit_pytorch/scalable_vit.py` (lucidrains/vit-pytorch
 * at 69d24fe, the parity fixtures' commit: each block holds its own `ChanLayerNorm`; later
 * versions wrap blocks in a `PreNorm`, which changes the state-dict keys). The blocks live in
 * `scalable-vit/`, one file each; this file holds the model.
 */
import type { Tensor } from '@tensorgrad/autograd';
import {
  Conv2d,
  LayerNorm,
  Linear,
  Module,
  ModuleList,
  Reduce,
  Sequential,
  checkOptions,
  type OptionSpec,
} from '@tensorgrad/nn';
import { Downsample } from './scalable-vit/downsample.js';
import { Transformer } from './scalable-vit/transformer.js';
import {
  castPerStage,
  checkInteger,
  featureMapSizes,
  type PerStage,
} from './scalable-vit/per-stage.js';
import { shapeString } from '@tensorgrad/tensor';

export { ChanLayerNorm } from './scalable-vit/chan-layer-norm.js';
export { Downsample } from './scalable-vit/downsample.js';
export { FeedForward } from './scalable-vit/feed-forward.js';
export { PEG } from './scalable-vit/peg.js';
export {
  ScalableSelfAttention,
  type ScalableSelfAttentionOptions,
} from './scalable-vit/scalable-self-attention.js';
export {
  InteractiveWindowedSelfAttention,
  type InteractiveWindowedSelfAttentionOptions,
} from './scalable-vit/interactive-windowed-self-attention.js';
export { Transformer, type TransformerOptions } from './scalable-vit/transformer.js';
export { castPerStage, featureMapSizes, type PerStage } from './scalable-vit/per-stage.js';

/**
 * Options of {@link ScalableViT}: the Python kwargs in camelCase. A {@link PerStage} option
 * takes one value for all stages or one per stage; `depth` fixes the number of stages.
 * Defaults: `windowSize` null (one window over the map), key/value sizes 32,
 * `ffExpansionFactor` 4, `channels` 3, `dropout` 0.
 */
export interface ScalableViTOptions {
  numClasses: number;
  /** Width of stage 0; stage `i` has `dim * 2 ** i` channels. */
  dim: number;
  depth: readonly number[];
  heads: PerStage<number>;
  /** Kernel = stride of the SSA key/value convolutions. */
  reductionFactor: PerStage<number>;
  windowSize?: PerStage<number | null>;
  iwsaDimKey?: PerStage<number>;
  iwsaDimValue?: PerStage<number>;
  ssaDimKey?: PerStage<number>;
  ssaDimValue?: PerStage<number>;
  ffExpansionFactor?: number;
  channels?: number;
  dropout?: number;
  /**
   * Not in the reference: the image size (or side) the model will see, so that a window or
   * reduction that does not fit a stage's feature map fails at construction, not at the first
   * batch.
   */
  imageSize?: number | readonly [number, number];
}

const SCALABLE_VIT_OPTIONS: OptionSpec<ScalableViTOptions> = {
  numClasses: 'required',
  dim: 'required',
  depth: 'required',
  heads: 'required',
  reductionFactor: 'required',
  windowSize: 'optional',
  iwsaDimKey: 'optional',
  iwsaDimValue: 'optional',
  ssaDimKey: 'optional',
  ssaDimValue: 'optional',
  ffExpansionFactor: 'optional',
  channels: 'optional',
  dropout: 'optional',
  imageSize: 'optional',
};

/** The hyperparameters of one stage, after {@link castPerStage}. */
interface StageConfig {
  dim: number;
  depth: number;
  heads: number;
  ssaDimKey: number;
  ssaDimValue: number;
  ssaReductionFactor: number;
  iwsaDimKey: number;
  iwsaDimValue: number;
  iwsaWindowSize: number | null;
}

/** Checks `options` and spreads every per-stage option to one value per stage. */
function stageConfigs(options: ScalableViTOptions): StageConfig[] {
  const { dim, depth } = options;
  if (!Array.isArray(depth) || depth.length === 0) {
    throw new Error(
      `ScalableViT: depth needs to be an array of integers indicating the number of transformer blocks at each stage, got ${JSON.stringify(depth)}`,
    );
  }
  const numStages = depth.length;
  const perStage = (name: string, value: PerStage<number>): number[] =>
    castPerStage(name, value, numStages).map((v, stage) => checkInteger(name, v, 1, stage));

  const heads = perStage('heads', options.heads);
  const ssaDimKey = perStage('ssaDimKey', options.ssaDimKey ?? 32);
  const ssaDimValue = perStage('ssaDimValue', options.ssaDimValue ?? 32);
  const reductionFactor = perStage('reductionFactor', options.reductionFactor);
  const iwsaDimKey = perStage('iwsaDimKey', options.iwsaDimKey ?? 32);
  const iwsaDimValue = perStage('iwsaDimValue', options.iwsaDimValue ?? 32);
  const windowSize = castPerStage('windowSize', options.windowSize ?? null, numStages).map(
    (w, stage) => (w === null ? null : checkInteger('windowSize', w, 1, stage)),
  );

  return depth.map((d, stage) => ({
    dim: 2 ** stage * dim,
    depth: checkInteger('depth', d, 1, stage),
    heads: heads[stage]!,
    ssaDimKey: ssaDimKey[stage]!,
    ssaDimValue: ssaDimValue[stage]!,
    ssaReductionFactor: reductionFactor[stage]!,
    iwsaDimKey: iwsaDimKey[stage]!,
    iwsaDimValue: iwsaDimValue[stage]!,
    iwsaWindowSize: windowSize[stage]!,
  }));
}

/** Throws unless every stage's window and reduction fit the feature maps of `imageSize`. */
function checkFeatureMaps(
  imageSize: number | readonly [number, number],
  stages: StageConfig[],
): void {
  const size: [number, number] =
    typeof imageSize === 'number' ? [imageSize, imageSize] : [imageSize[0], imageSize[1]];
  size.forEach((n) => checkInteger('imageSize', n, 1));
  featureMapSizes(size, stages.length).forEach(([h, w], stage) => {
    const { iwsaWindowSize: window, ssaReductionFactor: reduction } = stages[stage]!;
    if (window !== null && (h % window !== 0 || w % window !== 0)) {
      throw new Error(
        `ScalableViT: windowSize ${window} of stage ${stage} does not divide its ${h}x${w} feature map (image ${size.join('x')})`,
      );
    }
    if (reduction > h || reduction > w) {
      throw new Error(
        `ScalableViT: reductionFactor ${reduction} of stage ${stage} is larger than its ${h}x${w} feature map (image ${size.join('x')})`,
      );
    }
  });
}

/**
 * `vit_pytorch.scalable_vit.ScalableViT`. Members are declared in PyTorch's order, so
 * `stateDict()` lists the reference's keys in its order.
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { ScalableViT } from '@tensorgrad/models';
 * const model = new ScalableViT({
 *   numClasses: 10, dim: 8, depth: [1, 1], heads: 2, reductionFactor: [2, 1],
 *   windowSize: [2, null], ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4,
 * });
 * if (model.forward(randn([2, 3, 16, 24])).shape.join() !== '2,10') throw new Error('logits [2, 10]');
 * // with imageSize, a window of 8 that does not fit stage 0's 4x4 map fails at construction
 * let error: unknown;
 * try { new ScalableViT({ numClasses: 2, dim: 8, depth: [1, 1], heads: 2, reductionFactor: 1, windowSize: [8, null], imageSize: 16 }); } catch (e) { error = e; }
 * if (!(error instanceof Error)) throw new Error('checked at construction');
 * ```
 */
export class ScalableViT extends Module {
  readonly toPatches: Conv2d;
  /** `layers[i] = [Transformer, Downsample | null]`, one entry per stage. */
  readonly layers: ModuleList<ModuleList>;
  readonly mlpHead: Sequential;
  readonly channels: number;

  constructor(options: ScalableViTOptions) {
    super();
    checkOptions('ScalableViT', options, SCALABLE_VIT_OPTIONS);
    const dim = checkInteger('dim', options.dim, 1);
    const numClasses = checkInteger('numClasses', options.numClasses, 1);
    const ffExpansionFactor = checkInteger('ffExpansionFactor', options.ffExpansionFactor ?? 4, 1);
    const channels = checkInteger('channels', options.channels ?? 3, 1);
    const dropout = options.dropout ?? 0;
    if (!(dropout >= 0 && dropout <= 1)) {
      throw new Error(`ScalableViT: dropout must be in [0, 1], got ${dropout}`);
    }
    const stages = stageConfigs(options);
    if (options.imageSize !== undefined) checkFeatureMaps(options.imageSize, stages);

    this.channels = channels;
    this.toPatches = new Conv2d(channels, dim, 7, { stride: 4, padding: 3 });

    this.layers = new ModuleList<ModuleList>();
    stages.forEach((stage, ind) => {
      const isLast = ind === stages.length - 1;
      const { dim: layerDim, depth, ...hyperparameters } = stage;
      this.layers.append(
        new ModuleList<Module>([
          new Transformer(layerDim, depth, {
            ...hyperparameters,
            ffExpansionFactor,
            dropout,
            normOutput: !isLast,
          }),
          isLast ? null : new Downsample(layerDim, layerDim * 2),
        ]),
      );
    });

    const lastDim = stages.at(-1)!.dim;
    this.mlpHead = new Sequential(
      new Reduce('b d h w -> b d', 'mean'),
      new LayerNorm(lastDim),
      new Linear(lastDim, numClasses),
    );
  }

  /** Each stage's `Transformer` and `Downsample` (`null` for the last stage), typed. */
  stages(): [Transformer, Downsample | null][] {
    return [...this.layers].map((layer) => {
      const [transformer, downsample] = layer === null ? [] : [...layer];
      if (
        !(transformer instanceof Transformer) ||
        !(downsample === null || downsample instanceof Downsample)
      ) {
        throw new Error(
          'ScalableViT: each stage must be ModuleList([Transformer, Downsample | null])',
        );
      }
      return [transformer, downsample];
    });
  }

  /** `[b, channels, height, width]` images → `[b, numClasses]` logits. */
  forward(img: Tensor): Tensor {
    if (img.ndim !== 4 || img.shape[1] !== this.channels) {
      throw new Error(
        `ScalableViT: expected images [b, ${this.channels}, height, width], got ${shapeString(img.shape)}`,
      );
    }
    let x = this.toPatches.forward(img);
    for (const [transformer, downsample] of this.stages()) {
      x = transformer.forward(x);
      if (downsample !== null) x = downsample.forward(x);
    }
    return this.mlpHead.forward(x);
  }
}
