/** `conv2d`: 2-D cross-correlation, as `torch.nn.functional.conv2d`. */
import { conv2d as conv2dOp } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { pad } from './pad.js';
import { shapeText } from './shape-text.js';

/**
 * A size given once for both spatial dimensions, or as `[height, width]`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { conv2d, type Pair } from '@tensorgrad/nn';
 * const stride: Pair = [1, 2];
 * const y = conv2d(randn([1, 1, 4, 4]), randn([1, 1, 1, 1]), null, { stride });
 * if (y.shape.join() !== '1,1,4,2') throw new Error(`shape ${y.shape}`);
 * ```
 */
export type Pair = number | readonly [number, number];

/**
 * Options of {@link conv2d}.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { conv2d, type Conv2dOptions } from '@tensorgrad/nn';
 * const options: Conv2dOptions = { padding: 2, dilation: 2 };
 * const y = conv2d(randn([1, 2, 5, 5]), randn([3, 2, 3, 3]), null, options);
 * if (y.shape.join() !== '1,3,5,5') throw new Error(`shape ${y.shape}`);
 * ```
 */
export interface Conv2dOptions {
  /** Step between output positions (default 1). */
  stride?: Pair;
  /**
   * Zeros added on each side (default 0), or `'valid'` (none) or `'same'` (output size =
   * input size; needs stride 1; an odd total padding puts the extra row/column at the end, as
   * PyTorch does).
   */
  padding?: Pair | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: Pair;
  /** Split channels into this many independent groups (default 1; `inChannels` = depthwise). */
  groups?: number;
}

/**
 * Convolve `input` `[N, C_in, H, W]` (or unbatched `[C_in, H, W]`) with `weight`
 * `[C_out, C_in / groups, kH, kW]` and add `bias` `[C_out]`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { conv2d } from '@tensorgrad/nn';
 * const x = randn([2, 4, 8, 8]);
 * const y = conv2d(x, randn([6, 4, 3, 3]), randn([6]), { stride: 2, padding: 1 });
 * if (y.shape.join() !== '2,6,4,4') throw new Error(`shape ${y.shape}`);
 * const depthwise = conv2d(x, randn([4, 1, 3, 3]), null, { padding: 'same', groups: 4 });
 * if (depthwise.shape.join() !== '2,4,8,8') throw new Error(`shape ${depthwise.shape}`);
 * ```
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv2dOptions = {},
): Tensor {
  if (input.ndim === 3) return conv2d(input.unsqueeze(0), weight, bias, options).squeeze(0);
  if (input.ndim !== 4) {
    throw new Error(
      `conv2d: input has shape ${shapeText(input.shape)}; expected [N, C, H, W] or [C, H, W]`,
    );
  }
  if (weight.ndim !== 4) {
    throw new Error(
      `conv2d: weight has shape ${shapeText(weight.shape)}; expected [C_out, C_in / groups, kH, kW]`,
    );
  }
  const groups = options.groups ?? 1;
  const [outChannels, groupChannels, kernelH, kernelW] = weight.shape as [
    number,
    number,
    number,
    number,
  ];
  if (!Number.isInteger(groups) || groups < 1 || outChannels % groups !== 0) {
    throw new Error(
      `conv2d: groups=${groups} must be a positive integer dividing the ${outChannels} output channels`,
    );
  }
  if (input.shape[1] !== groupChannels * groups) {
    throw new Error(
      `conv2d: input has ${input.shape[1]} channels (shape ${shapeText(input.shape)}), but weight ` +
        `${shapeText(weight.shape)} with groups=${groups} expects ${groupChannels * groups}`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new Error(`conv2d: bias has shape ${shapeText(bias.shape)}; expected [${outChannels}]`);
  }
  const stride = pair(options.stride ?? 1);
  const dilation = pair(options.dilation ?? 1);
  let padding: [number, number];
  let x = input;
  if (options.padding === 'valid') {
    padding = [0, 0];
  } else if (options.padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) {
      throw new Error(`conv2d: padding='same' needs stride 1, got stride [${stride.join(', ')}]`);
    }
    const totalH = dilation[0] * (kernelH - 1);
    const totalW = dilation[1] * (kernelW - 1);
    padding = [Math.floor(totalH / 2), Math.floor(totalW / 2)];
    // An odd total cannot be split evenly: PyTorch pads the extra row/column at the end.
    if (totalH % 2 === 1 || totalW % 2 === 1) {
      x = pad(x, [0, totalW % 2, 0, totalH % 2]);
    }
  } else {
    padding = pair(options.padding ?? 0);
  }
  return conv2dOp(x, weight, bias ?? undefined, { stride, padding, dilation, groups });
}

function pair(value: Pair): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}
