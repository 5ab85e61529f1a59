/**
 * `MaxPool2d`, `AvgPool2d` and `AdaptiveAvgPool2d`: the 2-D poolings as layers, holding their
 * options (no parameters, no state). The work is autograd's `maxPool2d`, `avgPool2d` and
 * `adaptiveAvgPool2d`, which `F` re-exports.
 */
import {
  type AdaptiveSize,
  type AvgPool2dOptions,
  type MaxPool2dOptions,
  type Pair,
  type PoolValuesAndIndices,
  type Tensor,
  adaptiveAvgPool2d,
  avgPool2d,
  maxPool2d,
} from '@tensorgrad/autograd';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';

const MAX_POOL_OPTIONS: OptionSpec<MaxPool2dOptions> = {
  stride: 'optional',
  padding: 'optional',
  dilation: 'optional',
  returnIndices: 'optional',
  ceilMode: 'optional',
};

const AVG_POOL_OPTIONS: OptionSpec<AvgPool2dOptions> = {
  stride: 'optional',
  padding: 'optional',
  ceilMode: 'optional',
  countIncludePad: 'optional',
  divisorOverride: 'optional',
};

/**
 * 2-D max pooling (as `torch.nn.MaxPool2d`); see autograd's `maxPool2d`. With
 * `returnIndices: true` the layer's `forward` returns `{ values, indices }` (the type follows).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { MaxPool2d } from '@tensorgrad/nn';
 * const y = new MaxPool2d(2).forward(randn([1, 3, 8, 8]));
 * if (y.shape.join() !== '1,3,4,4') throw new Error(`shape ${y.shape}`);
 * const { indices } = new MaxPool2d(3, { stride: 2, returnIndices: true }).forward(randn([3, 7, 7]));
 * if (indices.dtype !== 'int32' || indices.shape.join() !== '3,3,3') throw new Error('indices');
 * ```
 */
export class MaxPool2d<ReturnIndices extends boolean = false> extends Module {
  /** The window size. */
  readonly kernelSize: Pair;
  /** The options as given (stride defaults to the kernel size). */
  readonly options: MaxPool2dOptions & { readonly returnIndices?: ReturnIndices };

  /** Create the layer; the options are checked on the first forward, against the input. */
  constructor(
    kernelSize: Pair,
    options: MaxPool2dOptions & { readonly returnIndices?: ReturnIndices } = {},
  ) {
    super();
    checkOptions('MaxPool2d', options, MAX_POOL_OPTIONS);
    this.kernelSize = kernelSize;
    this.options = { ...options };
  }

  /** Pool `input` [n, c, h, w] or [c, h, w]. */
  forward(input: Tensor): ReturnIndices extends true ? PoolValuesAndIndices : Tensor {
    return maxPool2d(input, this.kernelSize, this.options) as ReturnIndices extends true
      ? PoolValuesAndIndices
      : Tensor;
  }
}

/**
 * 2-D average pooling (as `torch.nn.AvgPool2d`); see autograd's `avgPool2d`.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import { AvgPool2d } from '@tensorgrad/nn';
 * const pool = new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false });
 * const y = pool.forward(ones([1, 5, 5])); // border windows divide by what they cover
 * if ([...y.data()].some((v) => v !== 1)) throw new Error('averages of ones');
 * ```
 */
export class AvgPool2d extends Module {
  /** The window size. */
  readonly kernelSize: Pair;
  /** The options as given (stride defaults to the kernel size). */
  readonly options: AvgPool2dOptions;

  /** Create the layer; the options are checked on the first forward, against the input. */
  constructor(kernelSize: Pair, options: AvgPool2dOptions = {}) {
    super();
    checkOptions('AvgPool2d', options, AVG_POOL_OPTIONS);
    this.kernelSize = kernelSize;
    this.options = { ...options };
  }

  /** Pool `input` [n, c, h, w] or [c, h, w]. */
  forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, this.options);
  }
}

/**
 * 2-D adaptive average pooling (as `torch.nn.AdaptiveAvgPool2d`): any input size becomes
 * `outputSize` (null keeps that dim); see autograd's `adaptiveAvgPool2d`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { AdaptiveAvgPool2d } from '@tensorgrad/nn';
 * const gap = new AdaptiveAvgPool2d(1); // global average pooling
 * if (gap.forward(randn([2, 8, 7, 5])).shape.join() !== '2,8,1,1') throw new Error('shape');
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  /** Create the layer for an output size: one number, or [h, w] with null keeping that dim. */
  constructor(readonly outputSize: AdaptiveSize) {
    super();
  }

  /** Pool `input` [n, c, h, w] or [c, h, w] to the output size. */
  forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }
}
