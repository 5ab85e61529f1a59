/** `groupNorm`: normalisation over groups of channels, per sample. */
import type { Tensor } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** Options of {@link groupNorm} (PyTorch's keyword arguments of `F.group_norm`). */
export interface GroupNormOptions {
  /** Per-channel scale, shape [c] (default: none). */
  weight?: Tensor | null;
  /** Per-channel shift, shape [c] (default: none). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Group normalisation (torch.nn.functional.group_norm) of an input [n, c, ...]: the channels
 * are split into `numGroups` consecutive groups, and each sample's group is normalised over its
 * channels and spatial positions with the biased variance, then scaled and shifted per channel.
 * It uses no batch statistics, so training and evaluation compute the same thing.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { F } from '@tensorgrad/nn';
 * // One sample, 4 channels in 2 groups: {1, 3} and {10, 30} are normalised apart.
 * const y = F.groupNorm(tensor([[1, 3, 10, 30]]), 2, { eps: 0 });
 * if (String(y.toArray()) !== '-1,1,-1,1') throw new Error(`${y.toArray()}`);
 * ```
 */
export function groupNorm(
  input: Tensor,
  numGroups: number,
  options: GroupNormOptions = {},
): Tensor {
  const { weight = null, bias = null, eps = 1e-5 } = options;
  if (input.ndim < 2) {
    throw new Error(
      `groupNorm: expected an input of shape [n, c, ...] (at least 2-D), got shape ${shapeString(input.shape)}`,
    );
  }
  const [n, channels] = input.shape as [number, number];
  if (!Number.isInteger(numGroups) || numGroups < 1 || channels % numGroups !== 0) {
    throw new Error(
      `groupNorm: expected numGroups to be a positive integer dividing the input's channels (dim 1), got numGroups=${numGroups} and input of shape ${shapeString(input.shape)}`,
    );
  }
  for (const [name, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t !== null && !(t.ndim === 1 && t.shape[0] === channels)) {
      throw new Error(
        `groupNorm: ${name} has shape ${shapeString(t.shape)}; expected ${shapeString([channels])}, one value per channel (dim 1) of the input of shape ${shapeString(input.shape)}`,
      );
    }
  }
  // Sizes spelled out rather than -1, which an empty batch would leave undetermined.
  const groupSize = (channels / numGroups) * input.shape.slice(2).reduce((a, b) => a * b, 1);
  const grouped = input.reshape([n, numGroups, groupSize]);
  const centered = grouped.sub(grouped.mean(2, true));
  const variance = centered.square().mean(2, true);
  let y = centered.mul(variance.add(eps).rsqrt()).reshape(input.shape);
  const perChannel = input.shape.map((d, i) => (i === 1 ? d : 1));
  if (weight !== null) y = y.mul(weight.reshape(perChannel));
  if (bias !== null) y = y.add(bias.reshape(perChannel));
  return y;
}
