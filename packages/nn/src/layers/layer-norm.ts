/** `LayerNorm`: normalisation over the trailing dimensions with a learned scale and shift. */
import type { Tensor } from '@tensorgrad/autograd';
import { empty } from '@tensorgrad/autograd';
import type { DType } from '@tensorgrad/autograd';
import { layerNorm } from '../functional/layer-norm.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

/**
 * Options of {@link LayerNorm}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { LayerNorm, type LayerNormOptions } from '@tensorgrad/nn';
 * const options: LayerNormOptions = { eps: 1e-6, bias: false };
 * const norm = new LayerNorm(8, options);
 * if (norm.bias !== null || norm.weight === null) throw new Error('scale only');
 * if (norm.forward(randn([2, 8])).shape.join() !== '2,8') throw new Error('shape');
 * ```
 */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5, PyTorch's). */
  eps?: number;
  /** Learn a per-element scale (ones) and shift (zeros) (default true). */
  elementwiseAffine?: boolean;
  /** With `elementwiseAffine`, whether to learn the shift (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
}

/**
 * `(x − mean) / √(var + eps) · weight + bias` over the last dimensions (as `torch.nn.LayerNorm`;
 * biased variance).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { LayerNorm } from '@tensorgrad/nn';
 * const norm = new LayerNorm(32);
 * const y = norm.forward(randn([2, 10, 32]));
 * if (y.shape.join() !== '2,10,32') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class LayerNorm extends Module {
  /**
   * The trailing shape normalised over.
   * @example
   * ```ts
   * import { LayerNorm } from '@tensorgrad/nn';
   * if (new LayerNorm([3, 4]).normalizedShape.join() !== '3,4') throw new Error('last two dims');
   * ```
   */
  readonly normalizedShape: readonly number[];
  /**
   * Added to the variance.
   * @example
   * ```ts
   * import { LayerNorm } from '@tensorgrad/nn';
   * if (new LayerNorm(4).eps !== 1e-5) throw new Error("PyTorch's default");
   * ```
   */
  readonly eps: number;
  /**
   * Scale, shape `normalizedShape`, initialised to ones (null without `elementwiseAffine`).
   * @example
   * ```ts
   * import { LayerNorm } from '@tensorgrad/nn';
   * if (new LayerNorm(2).weight!.data().join() !== '1,1') throw new Error('ones');
   * if (new LayerNorm(2, { elementwiseAffine: false }).weight !== null) throw new Error('no affine');
   * ```
   */
  readonly weight: Parameter | null;
  /**
   * Shift, shape `normalizedShape`, initialised to zeros (null without affine or bias).
   * @example
   * ```ts
   * import { LayerNorm } from '@tensorgrad/nn';
   * if (new LayerNorm(2).bias!.data().join() !== '0,0') throw new Error('zeros');
   * ```
   */
  readonly bias: Parameter | null;

  /**
   * Create the layer over the trailing `normalizedShape` (a number is one dimension).
   * @example
   * ```ts
   * import { LayerNorm } from '@tensorgrad/nn';
   * const norm = new LayerNorm([2, 3], { eps: 1e-6 });
   * if (norm.weight!.shape.join() !== '2,3') throw new Error('one scale per element');
   * ```
   */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape =
      typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    const dtype = options.dtype ?? 'float32';
    const affine = options.elementwiseAffine ?? true;
    const create = (): Parameter => new Parameter(empty(this.normalizedShape, { dtype }));
    this.weight = affine ? ones_(create()) : null;
    this.bias = affine && (options.bias ?? true) ? zeros_(create()) : null;
  }

  /**
   * Normalise the trailing `normalizedShape` dimensions of `input`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { LayerNorm } from '@tensorgrad/nn';
   * const y = [...new LayerNorm(2).forward(tensor([[1, 3]])).data()];
   * if (Math.abs(y[0]! + 1) > 1e-3 || Math.abs(y[1]! - 1) > 1e-3) throw new Error(`got ${y}`);
   * ```
   */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}
