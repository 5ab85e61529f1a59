/** `LayerNorm`: normalisation over the trailing dimensions with a learned scale and shift. */
import type { Tensor } from '@tensorgrad/autograd';
import { empty } from '@tensorgrad/autograd';
import type { DType } from '@tensorgrad/autograd';
import { layerNorm } from '../functional/layer-norm.js';
import { ones_, zeros_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { Parameter } from '../module/parameter.js';

/** Options of {@link LayerNorm}. */
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

const LAYER_NORM_OPTIONS: OptionSpec<LayerNormOptions> = {
  eps: 'optional',
  elementwiseAffine: 'optional',
  bias: 'optional',
  dtype: 'optional',
};

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
  /** The trailing shape normalised over. */
  readonly normalizedShape: readonly number[];
  /** Added to the variance. */
  readonly eps: number;
  /** Scale, shape `normalizedShape`, initialised to ones (null without `elementwiseAffine`). */
  readonly weight: Parameter | null;
  /** Shift, shape `normalizedShape`, initialised to zeros (null without affine or bias). */
  readonly bias: Parameter | null;

  /** Create the layer over the trailing `normalizedShape` (a number is one dimension). */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    checkOptions('LayerNorm', options, LAYER_NORM_OPTIONS);
    this.normalizedShape =
      typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = options.eps ?? 1e-5;
    const dtype = options.dtype ?? 'float32';
    const affine = options.elementwiseAffine ?? true;
    const create = (): Parameter => new Parameter(empty(this.normalizedShape, { dtype }));
    this.weight = affine ? ones_(create()) : null;
    this.bias = affine && (options.bias ?? true) ? zeros_(create()) : null;
  }

  /** Normalise the trailing `normalizedShape` dimensions of `input`. */
  forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, this.weight, this.bias, this.eps);
  }
}
