/** `Dropout`: random zeroing in training mode, identity in eval mode. */
import type { Tensor } from '@tensorgrad/autograd';
import type { Generator } from '@tensorgrad/autograd';
import { dropout } from '../functional/dropout.js';
import { Module } from '../module/module.js';

/**
 * Options of {@link Dropout}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/autograd';
 * import { Dropout, type DropoutLayerOptions } from '@tensorgrad/nn';
 * const options: DropoutLayerOptions = { generator: new Generator(0) };
 * const y = new Dropout(0.5, options).forward(randn([4, 4]));
 * if (y.shape.join() !== '4,4') throw new Error('same shape');
 * ```
 */
export interface DropoutLayerOptions {
  /** Source of the masks (default: the global generator at each call). */
  generator?: Generator;
}

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

  /**
   * Create the layer; `p` must be in [0, 1].
   * @example
   * ```ts
   * import { Dropout } from '@tensorgrad/nn';
   * let error: unknown;
   * try { new Dropout(1.5); } catch (e) { error = e; }
   * if (new Dropout().p !== 0.5 || error === undefined) throw new Error('p defaults to 0.5, checked');
   * ```
   */
  constructor(
    readonly p = 0.5,
    options: DropoutLayerOptions = {},
  ) {
    super();
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout: p must be in [0, 1], got ${p}`);
    this.#generator = options.generator;
  }

  /**
   * Dropout in training mode, identity in eval mode.
   * @example
   * ```ts
   * import { ones } from '@tensorgrad/autograd';
   * import { Generator } from '@tensorgrad/tensor';
   * import { Dropout } from '@tensorgrad/nn';
   * const y = [...new Dropout(0.5, { generator: new Generator(1) }).forward(ones([100])).data()];
   * if (!y.every((v) => v === 0 || v === 2)) throw new Error('kept elements are scaled by 1 / (1 - p)');
   * ```
   */
  forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training, { generator: this.#generator });
  }
}
