/** The parameters of the convolution layers (`Conv1d`, `Conv2d`), made and initialised once. */
import { empty } from '@tensorgrad/autograd';
import { kaimingUniform_, uniform_ } from '../init/init.js';
import { Parameter } from '../module/parameter.js';
import type { ParameterOptions } from './linear.js';

/** What {@link convParameters} reads from a layer's options. */
export interface ConvParameterOptions extends ParameterOptions {
  readonly groups?: number;
  readonly bias?: boolean;
}

/**
 * The weight `[outChannels, inChannels / groups, ...kernel]` and bias `[outChannels]` (or null)
 * of a convolution, initialised as PyTorch's `_ConvNd.reset_parameters`: kaiming-uniform with
 * a = √5 for the weight, U(±1/√fanIn) for the bias. Throws, naming `layer`, when `groups` does
 * not divide both channel counts.
 */
export function convParameters(
  layer: string,
  inChannels: number,
  outChannels: number,
  kernel: readonly number[],
  options: ConvParameterOptions,
): { weight: Parameter; bias: Parameter | null } {
  const groups = options.groups ?? 1;
  if (
    !Number.isInteger(groups) ||
    groups < 1 ||
    inChannels % groups !== 0 ||
    outChannels % groups !== 0
  ) {
    throw new Error(
      `${layer}: groups=${groups} must be a positive integer dividing both inChannels=${inChannels} and outChannels=${outChannels}`,
    );
  }
  const dtype = options.dtype ?? 'float32';
  const weight = new Parameter(empty([outChannels, inChannels / groups, ...kernel], { dtype }));
  const bias = (options.bias ?? true) ? new Parameter(empty([outChannels], { dtype })) : null;
  kaimingUniform_(weight, { a: Math.sqrt(5), generator: options.generator });
  if (bias) {
    const fanIn = (inChannels / groups) * kernel.reduce((a, b) => a * b, 1);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform_(bias, -bound, bound, { generator: options.generator });
  }
  return { weight, bias };
}
