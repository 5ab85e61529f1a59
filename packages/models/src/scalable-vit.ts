/**
 * ScalableViT (Yang et al. 2022, "ScalableViT: Rethinking the Context-oriented Generalization of
 * Vision Transformer"), ported from lucidrains/vit-pytorch `vit_pytorch/scalable_vit.py` at
 * 69d24fe (the parity fixtures' commit). In that version each attention and feed-forward block
 * holds its own `ChanLayerNorm` (other versions of the file wrap the blocks in a `PreNorm`
 * instead, which changes the state-dict keys).
 *
 * A convolutional stem cuts the image into a channels-first feature map; each stage runs blocks
 * of scalable self-attention (global, keys/values reduced by a strided convolution) and
 * interactive windowed self-attention (local windows plus a 3x3 convolution of the values), and
 * a strided convolution halves the map between stages. The head averages the last map.
 * The blocks live in `scalable-vit/`; this file holds the model.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Conv2d, LayerNorm, Linear, Module, ModuleList, Reduce, Sequential } from '@tensorgrad/nn';
import { Downsample } from './scalable-vit/downsample.js';
import { Transformer } from './scalable-vit/transformer.js';
import {
  castPerStage,
  checkInteger,
  featureMapSizes,
  type PerStage,
} from './scalable-vit/per-stage.js';

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
 * Constructor options of {@link ScalableViT}: the Python kwargs in camelCase. Options typed
 * {@link PerStage} take one value for every stage or an array with one entry per stage (the
 * reference's tuples); `depth` is always an array and fixes the number of stages.
 * @example
 * ```ts
 * import { ScalableViT, type ScalableViTOptions } from '@tensorgrad/models';
 * const options: ScalableViTOptions = {
 *   numClasses: 3, dim: 8, depth: [1, 1], heads: [1, 2], reductionFactor: [2, 1], windowSize: [2, null],
 *   ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4, ffExpansionFactor: 2, channels: 1,
 *   dropout: 0, imageSize: 16, // checked at construction: 4x4 then 2x2 feature maps
 * };
 * if (new ScalableViT(options).stages().length !== 2) throw new Error('two stages');
 * ```
 */
export interface ScalableViTOptions {
  /** Number of classes of the head. */
  numClasses: number;
  /** Width of stage 0; stage `i` has `dim * 2 ** i` channels. */
  dim: number;
  /** Blocks per stage; its length is the number of stages. */
  depth: readonly number[];
  /** Heads of both attentions. */
  heads: PerStage<number>;
  /** SSA key/value reduction: kernel = stride of the key/value convolutions. */
  reductionFactor: PerStage<number>;
  /** IWSA window side; `null` = one window over the whole map. Default `null`. */
  windowSize?: PerStage<number | null>;
  /** IWSA query/key size per head. Default 32. */
  iwsaDimKey?: PerStage<number>;
  /** IWSA value size per head. Default 32. */
  iwsaDimValue?: PerStage<number>;
  /** SSA query/key size per head. Default 32. */
  ssaDimKey?: PerStage<number>;
  /** SSA value size per head. Default 32. */
  ssaDimValue?: PerStage<number>;
  /** Hidden width multiplier of every feed-forward. Default 4. */
  ffExpansionFactor?: number;
  /** Channels of the image. Default 3. */
  channels?: number;
  /** Dropout everywhere. Default 0. */
  dropout?: number;
  /**
   * Not in the reference (which learns the map sizes only when called): the `[height, width]`
   * (or side) of the images the model will see. When given, the constructor checks that every
   * stage's window size divides its feature map and that every reduction factor fits in it, so
   * a bad configuration fails when it is built rather than on the first batch.
   */
  imageSize?: number | readonly [number, number];
}

/** The per-stage hyperparameters of one stage, after {@link castPerStage}. */
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
 * `vit_pytorch.scalable_vit.ScalableViT`.
 *
 * `toPatches` (Conv2d 7x7, stride 4, padding 3) → for each stage `layers[i] =
 * [Transformer, Downsample or None]` (the last stage has neither a downsample nor an output norm)
 * → `mlpHead = [Reduce mean over h, w, LayerNorm, Linear]`. Members are declared in PyTorch's
 * order, so `stateDict()` lists the reference's keys in its order.
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
 * ```
 */
export class ScalableViT extends Module {
  /**
   * Patch stem: `Conv2d(channels, dim, 7, stride 4, padding 3)`.
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 2, dim: 8, depth: [1], heads: 2, reductionFactor: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (model.toPatches.weight.shape.join() !== '8,3,7,7' || model.toPatches.options.stride !== 4) throw new Error('7x7, stride 4');
   * ```
   */
  readonly toPatches: Conv2d;
  /**
   * `layers[i] = [Transformer, Downsample | null]`, one entry per stage.
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 2, dim: 8, depth: [1, 1], heads: 2, reductionFactor: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (model.layers.length !== 2 || model.layers.get(1)!.get(1) !== null) throw new Error('no downsample after the last stage');
   * ```
   */
  readonly layers: ModuleList<ModuleList>;
  /**
   * `Sequential(Reduce('b d h w -> b d', 'mean'), LayerNorm, Linear)`.
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 5, dim: 8, depth: [1], heads: 2, reductionFactor: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (model.mlpHead.length !== 3) throw new Error('Reduce, LayerNorm, Linear');
   * ```
   */
  readonly mlpHead: Sequential;
  /**
   * Channels the image must have.
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 2, dim: 8, depth: [1], heads: 2, reductionFactor: 1, channels: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (model.channels !== 1) throw new Error('grayscale');
   * ```
   */
  readonly channels: number;

  /**
   * @param options - the constructor options; invalid ones throw with the reason.
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * let error: unknown;
   * try { new ScalableViT({ numClasses: 2, dim: 8, depth: [1, 1], heads: 2, reductionFactor: 1, windowSize: [8, null], imageSize: 16 }); } catch (e) { error = e; }
   * if (!(error instanceof Error)) throw new Error('a window of 8 does not fit the 4x4 map of stage 0');
   * ```
   */
  constructor(options: ScalableViTOptions) {
    super();
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

  /**
   * Each stage's `Transformer` and `Downsample` (`null` for the last stage), in order.
   *
   * @example
   * ```ts
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 2, dim: 8, depth: [1, 1], heads: 2, reductionFactor: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * const norms = model.stages().map(([t]) => t.norm.constructor.name);
   * if (norms.join() !== 'ChanLayerNorm,Identity') throw new Error(`norms ${norms}`);
   * if (model.stages()[1]![1] !== null) throw new Error('no downsample after the last stage');
   * ```
   */
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

  /**
   * `[b, channels, height, width]` images → `[b, numClasses]` logits.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { ScalableViT } from '@tensorgrad/models';
   * const model = new ScalableViT({ numClasses: 4, dim: 8, depth: [1], heads: 2, reductionFactor: 2, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4, channels: 1 });
   * if (model.eval().forward(randn([1, 1, 16, 16])).shape.join() !== '1,4') throw new Error('logits');
   * ```
   */
  forward(img: Tensor): Tensor {
    if (img.ndim !== 4 || img.shape[1] !== this.channels) {
      throw new Error(
        `ScalableViT: expected images [b, ${this.channels}, height, width], got [${img.shape.join(', ')}]`,
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
