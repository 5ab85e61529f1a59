/**
 * One ScalableViT stage: `depth` blocks of scalable self-attention, feed-forward, position
 * encoding, feed-forward and windowed self-attention, then an optional output norm.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Identity, Module, ModuleList, checkOptions, type OptionSpec } from '@tensorgrad/nn';
import { ChanLayerNorm } from './chan-layer-norm.js';
import { FeedForward } from './feed-forward.js';
import { InteractiveWindowedSelfAttention } from './interactive-windowed-self-attention.js';
import { PEG } from './peg.js';
import { ScalableSelfAttention } from './scalable-self-attention.js';

/** Options of {@link Transformer}: the Python kwargs in camelCase, with the same defaults. */
export interface TransformerOptions {
  heads?: number;
  ffExpansionFactor?: number;
  dropout?: number;
  ssaDimKey?: number;
  ssaDimValue?: number;
  ssaReductionFactor?: number;
  iwsaDimKey?: number;
  iwsaDimValue?: number;
  /** `null` = one window over the whole map. */
  iwsaWindowSize?: number | null;
  normOutput?: boolean;
}

const TRANSFORMER_OPTIONS: OptionSpec<TransformerOptions> = {
  heads: 'optional',
  ffExpansionFactor: 'optional',
  dropout: 'optional',
  ssaDimKey: 'optional',
  ssaDimValue: 'optional',
  ssaReductionFactor: 'optional',
  iwsaDimKey: 'optional',
  iwsaDimValue: 'optional',
  iwsaWindowSize: 'optional',
  normOutput: 'optional',
};

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
 * `scalable_vit.Transformer(dim, depth, ...)`: `layers[i] = [SSA, FeedForward, PEG | None,
 * FeedForward, IWSA]`, the PEG only in block 0 (later blocks have no `.2.` keys), then `norm`.
 */
export class Transformer extends Module {
  readonly layers: ModuleList<ModuleList>;
  /** `ChanLayerNorm`, or `Identity` when `normOutput` is false (the last stage). */
  readonly norm: ChanLayerNorm | Identity;

  constructor(dim: number, depth: number, options: TransformerOptions = {}) {
    super();
    checkOptions('Transformer', options, TRANSFORMER_OPTIONS);
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

  /** `[b, dim, h, w]` → `[b, dim, h, w]`. */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const layer of this.layers) {
      // The reference unpacks `ssa, ff1, peg, iwsa, ff2`, but the list holds the IWSA last: by
      // position it runs SSA, FF, PEG, FF, IWSA, as here (names follow the positions).
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
