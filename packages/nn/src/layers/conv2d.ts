/** `Conv2d`: a 2-D convolution layer. */
import type { Pair, Tensor } from '@tensorgrad/autograd';
import { conv2d } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { convParameters } from './conv-parameters.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { PARAMETER_OPTIONS, type ParameterOptions } from './linear.js';

/** Options of {@link Conv2d} (PyTorch's keyword arguments, camelCase). */
export interface Conv2dLayerOptions extends ParameterOptions {
  /** Default 1. */
  stride?: Pair;
  /** Default 0; also `'valid'` or `'same'`. */
  padding?: Pair | 'valid' | 'same';
  /** Default 1. */
  dilation?: Pair;
  /** Default 1; `groups = inChannels` makes a depthwise convolution. */
  groups?: number;
  /** Whether to add a learned bias (default true). */
  bias?: boolean;
}

const CONV2D_OPTIONS: OptionSpec<Conv2dLayerOptions> = {
  ...PARAMETER_OPTIONS,
  stride: 'optional',
  padding: 'optional',
  dilation: 'optional',
  groups: 'optional',
  bias: 'optional',
};

/**
 * 2-D convolution (as `torch.nn.Conv2d`): `weight` is `[outChannels, inChannels / groups, kH, kW]`.
 *
 * Initialised as PyTorch: Kaiming-uniform with a = √5 and bias U(±1/√fanIn), where
 * fanIn = inChannels / groups · kH · kW.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Conv2d } from '@tensorgrad/nn';
 * const conv = new Conv2d(3, 16, 3, { padding: 1 });
 * const y = conv.forward(randn([2, 3, 8, 8])); // [N, 3, 8, 8] → [N, 16, 8, 8]
 * if (y.shape.join() !== '2,16,8,8') throw new Error(`shape ${y.shape}`);
 * if (conv.weight.shape.join() !== '16,3,3,3') throw new Error('weight [out, in, kH, kW]');
 * ```
 */
export class Conv2d extends Module {
  /** `[outChannels, inChannels / groups, kH, kW]` */
  readonly weight: Parameter;
  /** `[outChannels]`, or null when built with `bias: false`. */
  readonly bias: Parameter | null;
  /** `[kH, kW]` */
  readonly kernelSize: readonly [number, number];

  /**
   * Create the layer; `kernelSize` is one number for a square kernel or `[kH, kW]`.
   * @example
   * ```ts
   * import { Conv2d } from '@tensorgrad/nn';
   * const depthwise = new Conv2d(8, 8, 3, { padding: 'same', groups: 8 });
   * if (depthwise.weight.shape.join() !== '8,1,3,3') throw new Error('one filter per channel');
   * ```
   */
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    readonly options: Conv2dLayerOptions = {},
  ) {
    super();
    checkOptions('Conv2d', options, CONV2D_OPTIONS);
    this.kernelSize =
      typeof kernelSize === 'number' ? [kernelSize, kernelSize] : [kernelSize[0], kernelSize[1]];
    ({ weight: this.weight, bias: this.bias } = convParameters(
      'Conv2d',
      inChannels,
      outChannels,
      this.kernelSize,
      options,
    ));
  }

  /** `[N, inChannels, H, W]` → `[N, outChannels, H', W']` */
  forward(input: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this.options;
    return conv2d(input, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}
