/** `Embedding`: a lookup table of learned vectors. */
import { noGrad } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { arange, empty, tidy } from '@tensorgrad/autograd';
import { embedding } from '../functional/embedding.js';
import { normal_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { PARAMETER_OPTIONS, type ParameterOptions } from './linear.js';

/**
 * Options of {@link Embedding}.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Embedding, type EmbeddingOptions } from '@tensorgrad/nn';
 * const options: EmbeddingOptions = { paddingIdx: -1 };
 * const emb = new Embedding(5, 2, options);
 * if (emb.paddingIdx !== 4) throw new Error('negative index counts from the end');
 * if ([...emb.forward(tensor([4], { dtype: 'int32' })).data()].join() !== '0,0') throw new Error('zero row');
 * ```
 */
export interface EmbeddingOptions extends ParameterOptions {
  /** Index whose row is initialised to zeros and receives no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

const EMBEDDING_OPTIONS: OptionSpec<EmbeddingOptions> = {
  ...PARAMETER_OPTIONS,
  paddingIdx: 'optional',
};

/**
 * Maps int32 indices `[...]` to rows of `weight` `[numEmbeddings, embeddingDim]` (as
 * `torch.nn.Embedding`). Initialised N(0, 1), with the `paddingIdx` row zeroed.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { Embedding } from '@tensorgrad/nn';
 * const emb = new Embedding(100, 32, { paddingIdx: 0 });
 * const tokens = zeros([2, 5], { dtype: 'int32' });
 * if (emb.forward(tokens).shape.join() !== '2,5,32') throw new Error('[B, T] → [B, T, 32]');
 * ```
 */
export class Embedding extends Module {
  /** `[numEmbeddings, embeddingDim]` */
  readonly weight: Parameter;
  /** The padding row's index (normalised to be non-negative), or null. */
  readonly paddingIdx: number | null;

  /** Create the table, N(0, 1) with the `paddingIdx` row zeroed. */
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    checkOptions('Embedding', options, EMBEDDING_OPTIONS);
    const paddingIdx = options.paddingIdx ?? null;
    if (paddingIdx !== null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
      throw new Error(
        `Embedding: paddingIdx=${paddingIdx} is out of range for ${numEmbeddings} embeddings`,
      );
    }
    this.paddingIdx =
      paddingIdx !== null && paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
    this.weight = normal_(
      new Parameter(empty([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' })),
      0,
      1,
      {
        generator: options.generator,
      },
    );
    if (this.paddingIdx !== null) {
      const row = this.paddingIdx;
      const weight = this.weight;
      tidy(() =>
        noGrad(() =>
          weight.assign(
            weight.detach().maskedFill(arange(0, numEmbeddings).eq(row).unsqueeze(1), 0),
          ),
        ),
      );
    }
  }

  /** int32 `[...]` → `[..., embeddingDim]` */
  forward(indices: Tensor): Tensor {
    return embedding(indices, this.weight, this.paddingIdx);
  }
}
