/** `GroupNorm`: normalisation over groups of channels with a learned per-channel affine. */
import { type DType, type Tensor, ones, zeros } from '@tensorgrad/autograd';
import { groupNorm } from '../functional/group-norm.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { Parameter } from '../module/parameter.js';

/** Options of {@link GroupNorm} (PyTorch's keyword arguments). */
export interface GroupNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn a per-channel scale (ones) and shift (zeros) (default true). */
  affine?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
}

const GROUP_NORM_OPTIONS: OptionSpec<GroupNormLayerOptions> = {
  eps: 'optional',
  affine: 'optional',
  dtype: 'optional',
};

/**
 * Group normalisation (as `torch.nn.GroupNorm`) of an input [n, numChannels, ...]: the channels
 * are split into `numGroups` groups, each normalised per sample; `weight` and `bias` are per
 * channel. The same in training and evaluation mode. State dict: `weight`, `bias`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { GroupNorm } from '@tensorgrad/nn';
 * const norm = new GroupNorm(2, 6); // 6 channels in 2 groups of 3
 * const y = norm.forward(randn([4, 6, 5, 5]));
 * if (y.shape.join() !== '4,6,5,5') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class GroupNorm extends Module {
  /** The number of groups the channels are split into. */
  readonly numGroups: number;
  /** The number of channels, c of the input [n, c, ...]. */
  readonly numChannels: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Scale, [numChannels], initialised to ones (null without `affine`). */
  readonly weight: Parameter | null;
  /** Shift, [numChannels], initialised to zeros (null without `affine`). */
  readonly bias: Parameter | null;

  /** Create the layer; `numChannels` must be divisible by `numGroups`. */
  constructor(numGroups: number, numChannels: number, options: GroupNormLayerOptions = {}) {
    super();
    checkOptions('GroupNorm', options, GROUP_NORM_OPTIONS);
    if (
      !Number.isInteger(numGroups) ||
      !Number.isInteger(numChannels) ||
      numGroups < 1 ||
      numChannels % numGroups !== 0
    ) {
      throw new Error(
        `GroupNorm: expected numChannels to be divisible by numGroups (both positive integers), got numGroups=${numGroups} and numChannels=${numChannels}`,
      );
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = options.eps ?? 1e-5;
    this.affine = options.affine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(ones([numChannels], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  /** Normalise `input` [n, numChannels, ...]. */
  forward(input: Tensor): Tensor {
    return groupNorm(input, this.numGroups, {
      weight: this.weight,
      bias: this.bias,
      eps: this.eps,
    });
  }
}
