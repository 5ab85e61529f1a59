/** `Dropout`: random zeroing in training mode, identity in eval mode. */
import type { Tensor } from '@tensorgrad/autograd';
import type { Generator } from '@tensorgrad/autograd';
import { dropout } from '../functional/dropout.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';

/** Options of {@link Dropout}. */
export interface DropoutLayerOptions {
  /** Source of the masks (default: the global generator at each call). */
  generator?: Generator;
}

const DROPOUT_OPTIONS: OptionSpec<DropoutLayerOptions> = { generator: 'optional' };

/**
 * While `training`, zero each element with probability `p` and scale the rest by 1 / (1 − p);
 * in eval mode, return the input unchanged (as `torch.nn.Dropout`).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/autograd';
 * import { Dropout } from '@tensorgrad/nn';
 * const drop = new Dropout(0.1, { generator: new Generator(0) });
 * const x = randn([2, 3]);
 * if (drop.eval().forward(x) !== x) throw new Error('identity in eval mode');
 * ```
 */
export class Dropout extends Module {
  readonly #generator: Generator | undefined;

  /** Create the layer; `p` must be in [0, 1]. */
  constructor(
    readonly p = 0.5,
    options: DropoutLayerOptions = {},
  ) {
    super();
    checkOptions('Dropout', options, DROPOUT_OPTIONS);
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: p must be in [0, 1], got ${p}`);
    this.#generator = options.generator;
  }

  /** Dropout in training mode, identity in eval mode. */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training, { generator: this.#generator });
  }
}
