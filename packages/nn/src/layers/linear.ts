/** `Linear`: a fully connected layer. */
import type { Tensor } from '@tensorgrad/autograd';
import { empty } from '@tensorgrad/autograd';
import type { DType, Generator } from '@tensorgrad/autograd';
import { linear } from '../functional/linear.js';
import { kaimingUniform_, uniform_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { Parameter } from '../module/parameter.js';

/** Options shared by layers that create parameters. */
export interface ParameterOptions {
  /** dtype of the parameters (default float32; float64 for gradient checks). */
  dtype?: DType;
  /** Source of the initial values (default: the global generator). */
  generator?: Generator;
}

/** The names of {@link ParameterOptions}, for the option checks of the layers that take them. */
export const PARAMETER_OPTIONS: OptionSpec<ParameterOptions> = {
  dtype: 'optional',
  generator: 'optional',
};

/** Options of {@link Linear}. */
export interface LinearOptions extends ParameterOptions {
  /** Whether to add a learned bias (default true). */
  bias?: boolean;
}

const LINEAR_OPTIONS: OptionSpec<LinearOptions> = { ...PARAMETER_OPTIONS, bias: 'optional' };

/**
 * y = x Wᵀ + b (as `torch.nn.Linear`). `weight` is `[outFeatures, inFeatures]`.
 *
 * Initialised as PyTorch: weight by Kaiming-uniform with a = √5, i.e. U(±1/√inFeatures), and
 * bias by U(±1/√inFeatures).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Linear } from '@tensorgrad/nn';
 * const fc = new Linear(4, 3);
 * const y = fc.forward(randn([8, 4])); // [8, 4] → [8, 3]
 * if (y.shape.join() !== '8,3') throw new Error(`shape ${y.shape}`);
 * if (fc.weight.shape.join() !== '3,4') throw new Error('weight is [out, in]');
 * ```
 */
export class Linear extends Module {
  /** `[outFeatures, inFeatures]` */
  readonly weight: Parameter;
  /** `[outFeatures]`, or null when built with `bias: false`. */
  readonly bias: Parameter | null;

  /** Create the layer with freshly initialised `weight` and `bias`. */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    checkOptions('Linear', options, LINEAR_OPTIONS);
    const dtype = options.dtype ?? 'float32';
    this.weight = new Parameter(empty([outFeatures, inFeatures], { dtype }));
    this.bias = (options.bias ?? true) ? new Parameter(empty([outFeatures], { dtype })) : null;
    kaimingUniform_(this.weight, { a: Math.sqrt(5), generator: options.generator });
    if (this.bias) {
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      uniform_(this.bias, -bound, bound, { generator: options.generator });
    }
  }

  /** `[..., inFeatures]` → `[..., outFeatures]` */
  forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }
}
