/**
 * One ScalableViT stage: `depth` blocks of scalable self-attention, feed-forward, position
 * encoding, feed-forward and windowed self-attention, then an optional output norm.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Identity, Module, ModuleList } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';
import { FeedForward } from './feed-forward.js';
import { InteractiveWindowedSelfAttention } from './interactive-windowed-self-attention.js';
import { PEG } from './peg.js';
import { ScalableSelfAttention } from './scalable-self-attention.js';

/**
 * Constructor options of {@link Transformer} (the Python kwargs, camelCase).
 * @example
 * ```ts
 * import { scalableVit } from '@tensorgrad/models';
 * const options: scalableVit.TransformerOptions = {
 *   heads: 2, ffExpansionFactor: 2, dropout: 0, ssaDimKey: 4, ssaDimValue: 4, ssaReductionFactor: 2,
 *   iwsaDimKey: 4, iwsaDimValue: 4, iwsaWindowSize: 2, normOutput: false,
 * };
 * const stage = new scalableVit.Transformer(8, 1, options);
 * if (stage.norm.constructor.name !== 'Identity') throw new Error('no output norm');
 * ```
 */
export interface TransformerOptions {
  /** Heads of both attentions. Default 8. */
  heads?: number;
  /** Hidden width multiplier of the feed-forwards. Default 4. */
  ffExpansionFactor?: number;
  /** Dropout everywhere. Default 0. */
  dropout?: number;
  /** SSA query/key size per head. Default 32. */
  ssaDimKey?: number;
  /** SSA value size per head. Default 32. */
  ssaDimValue?: number;
  /** SSA key/value reduction (kernel = stride). Default 1. */
  ssaReductionFactor?: number;
  /** IWSA query/key size per head. Default 32. */
  iwsaDimKey?: number;
  /** IWSA value size per head. Default 32. */
  iwsaDimValue?: number;
  /** IWSA window side; `null` (default) = the whole map. */
  iwsaWindowSize?: number | null;
  /** End with a `ChanLayerNorm` (else an `Identity`). Default true. */
  normOutput?: boolean;
}

/** The five entries of a block, by position, as the reference stores them. */
type Block = [
  ScalableSelfAttention,
  FeedForward,
  PEG | null,
  FeedForward,
  InteractiveWindowedSelfAttention,
];

/** The entries of `layer`, typed; throws if the list is not what the constructor built. */
function blockParts(layer: ModuleList | null): Block {
  const parts = layer === null ? [] : [...layer];
  const [ssa, ff1, peg, ff2, iwsa] = parts;
  if (
    parts.length !== 5 ||
    !(ssa instanceof ScalableSelfAttention) ||
    !(ff1 instanceof FeedForward) ||
    !(peg === null || peg instanceof PEG) ||
    !(ff2 instanceof FeedForward) ||
    !(iwsa instanceof InteractiveWindowedSelfAttention)
  ) {
    throw new Error(
      'Transformer: each block must be ModuleList([SSA, FeedForward, PEG | null, FeedForward, IWSA])',
    );
  }
  return [ssa, ff1, peg, ff2, iwsa];
}

/**
 * `scalable_vit.Transformer(dim, depth, ...)`: `layers[i]` is
 * `ModuleList([SSA, FeedForward, PEG or None, FeedForward, IWSA])`, with the PEG only in the
 * first block (later blocks leave index 2 empty, so their state dict has no `.2.` keys), then
 * `norm` (a `ChanLayerNorm`, or an `Identity` when `normOutput` is false).
 *
 * The reference's forward unpacks a block as `ssa, ff1, peg, iwsa, ff2`, but the list holds the
 * IWSA last: by position the order run is SSA, FF, PEG, FF, IWSA. That order is reproduced here
 * (and names follow the positions, not the Python variable names).
 *
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { scalableVit } from '@tensorgrad/models';
 * const stage = new scalableVit.Transformer(8, 2, { heads: 2, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4, ssaReductionFactor: 2, iwsaWindowSize: 2 });
 * if (stage.forward(randn([1, 8, 4, 4])).shape.join() !== '1,8,4,4') throw new Error('shape');
 * if (Object.keys(stage.stateDict()).some((k) => k.startsWith('layers.1.2.'))) throw new Error('PEG only in block 0');
 * ```
 */
export class Transformer extends Module {
  /**
   * `layers[i] = [ssa, ff, peg | null, ff, iwsa]`.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const stage = new scalableVit.Transformer(8, 2, { heads: 2, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (stage.layers.get(0)!.get(2) === null || stage.layers.get(1)!.get(2) !== null) throw new Error('PEG in block 0 only');
   * ```
   */
  readonly layers: ModuleList<ModuleList>;
  /**
   * Output normalisation (`Identity` for the last stage).
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const last = new scalableVit.Transformer(8, 1, { heads: 2, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4, normOutput: false });
   * if (last.norm.constructor.name !== 'Identity') throw new Error('no output norm');
   * ```
   */
  readonly norm: ChanLayerNorm | Identity;

  /**
   * @param dim - channels of the stage.
   * @param depth - number of blocks.
   * @param options - per-block hyperparameters.
   * @example
   * ```ts
   * import { scalableVit } from '@tensorgrad/models';
   * const stage = new scalableVit.Transformer(8, 2, { heads: 2, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (stage.layers.length !== 2 || stage.norm.constructor.name !== 'ChanLayerNorm') throw new Error('2 blocks, norm');
   * ```
   */
  constructor(dim: number, depth: number, options: TransformerOptions = {}) {
    super();
    const {
      heads = 8,
      ffExpansionFactor = 4,
      dropout = 0,
      ssaDimKey = 32,
      ssaDimValue = 32,
      ssaReductionFactor = 1,
      iwsaDimKey = 32,
      iwsaDimValue = 32,
      iwsaWindowSize = null,
      normOutput = true,
    } = options;

    this.layers = new ModuleList<ModuleList>();
    for (let ind = 0; ind < depth; ind++) {
      const isFirst = ind === 0;
      this.layers.append(
        new ModuleList<Module>([
          new ScalableSelfAttention(dim, {
            heads,
            dimKey: ssaDimKey,
            dimValue: ssaDimValue,
            reductionFactor: ssaReductionFactor,
            dropout,
          }),
          new FeedForward(dim, ffExpansionFactor, dropout),
          isFirst ? new PEG(dim) : null,
          new FeedForward(dim, ffExpansionFactor, dropout),
          new InteractiveWindowedSelfAttention(dim, {
            heads,
            dimKey: iwsaDimKey,
            dimValue: iwsaDimValue,
            windowSize: iwsaWindowSize,
            dropout,
          }),
        ]),
      );
    }

    this.norm = normOutput ? new ChanLayerNorm(dim) : new Identity();
  }

  /**
   * `[b, dim, h, w]` → `[b, dim, h, w]`.
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { scalableVit } from '@tensorgrad/models';
   * const stage = new scalableVit.Transformer(4, 1, { heads: 1, ssaDimKey: 4, ssaDimValue: 4, iwsaDimKey: 4, iwsaDimValue: 4 });
   * if (stage.forward(randn([2, 4, 3, 5])).shape.join() !== '2,4,3,5') throw new Error('shape');
   * ```
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const layer of this.layers) {
      const [ssa, ff1, peg, ff2, iwsa] = blockParts(layer);
      x = ssa.forward(x).add(x);
      x = ff1.forward(x).add(x);
      // PEG adds its own residual.
      if (peg !== null) x = peg.forward(x);
      x = ff2.forward(x).add(x);
      x = iwsa.forward(x).add(x);
    }
    return this.norm.forward(x);
  }
}
