/** `Conv1d`: a 1-D convolution layer. */
import type { Tensor } from '@tensorgrad/autograd';
import { conv1d, conv1dAsConv2d, type Conv1dOptions } from '../functional/conv1d.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import type { Parameter } from '../module/parameter.js';
import { convParameters } from './conv-parameters.js';
import { PARAMETER_OPTIONS, type ParameterOptions } from './linear.js';

/** Options of {@link Conv1d} (PyTorch's keyword arguments, camelCase). */
export interface Conv1dLayerOptions extends ParameterOptions, Conv1dOptions {
  /** Whether to add a learned bias (default true). */
  readonly bias?: boolean;
}

const CONV1D_OPTIONS: OptionSpec<Conv1dLayerOptions> = {
  ...PARAMETER_OPTIONS,
  stride: 'optional',
  padding: 'optional',
  dilation: 'optional',
  groups: 'optional',
  bias: 'optional',
};

/**
 * 1-D convolution (as `torch.nn.Conv1d`) over `[N, inChannels, length]`: `weight` is
 * `[outChannels, inChannels / groups, kernelSize]`, `bias` `[outChannels]` (state-dict keys
 * `weight` and `bias`). It runs as the library's one conv2d on a height-1 image.
 *
 * Initialised as PyTorch: Kaiming-uniform with a = √5 and bias U(±1/√fanIn), where
 * fanIn = inChannels / groups · kernelSize.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Conv1d } from '@tensorgrad/nn';
 * const conv = new Conv1d(16, 32, 5, { padding: 'same', dilation: 2 });
 * const y = conv.forward(randn([4, 16, 100])); // [N, C, length]: the length is kept
 * if (y.shape.join() !== '4,32,100') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class Conv1d extends Module {
  /** `[outChannels, inChannels / groups, kernelSize]` */
  readonly weight: Parameter;
  /** `[outChannels]`, or null when built with `bias: false`. */
  readonly bias: Parameter | null;
  /** The number of kernel taps. */
  readonly kernelSize: number;

  /** Create the layer; `kernelSize` is a number or PyTorch's 1-tuple `[k]`. */
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | readonly [number],
    readonly options: Conv1dLayerOptions = {},
  ) {
    super();
    checkOptions('Conv1d', options, CONV1D_OPTIONS);
    const k = Array.isArray(kernelSize) && kernelSize.length === 1 ? kernelSize[0] : kernelSize;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw new Error(
        `Conv1d: expected kernelSize to be a positive integer or [kernelSize], got ${JSON.stringify(kernelSize)}`,
      );
    }
    this.kernelSize = k;
    // Check stride, padding and dilation now rather than at the first forward (as PyTorch does).
    const { stride } = conv1dAsConv2d(options);
    if (options.padding === 'same' && stride[1] !== 1) {
      throw new Error(
        `Conv1d: padding 'same' is not supported for strided convolutions (expected stride 1, got ${stride[1]})`,
      );
    }
    ({ weight: this.weight, bias: this.bias } = convParameters(
      'Conv1d',
      inChannels,
      outChannels,
      [k],
      options,
    ));
  }

  /** `[N, inChannels, length]` (or `[inChannels, length]`) → `[N, outChannels, length']` */
  forward(input: Tensor): Tensor {
    const { stride, padding, dilation, groups } = this.options;
    return conv1d(input, this.weight, this.bias, { stride, padding, dilation, groups });
  }
}
