/** `batchNorm`: normalisation of each channel over the batch (and spatial) dims. */
import { type Tensor, noGrad, tidy } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** Options of {@link batchNorm} (PyTorch's keyword arguments of `F.batch_norm`, camelCase). */
export interface BatchNormOptions {
  /** Per-channel scale, shape [c] (default: none). */
  weight?: Tensor | null;
  /** Per-channel shift, shape [c] (default: none). */
  bias?: Tensor | null;
  /**
   * Normalise with the batch's statistics and update the running ones (default false: normalise
   * with the running statistics, which must then be given).
   */
  training?: boolean;
  /** Weight of the batch in the running statistics' update (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalisation (torch.nn.functional.batch_norm) of an input [n, c, ...]: each channel is
 * normalised over every dim but dim 1, `(x − mean) / √(var + eps) · weight + bias`.
 *
 * In training mode the statistics are the batch's: the biased variance normalises, and — as in
 * PyTorch — the running statistics, when given, are updated in place with the *unbiased* one:
 * `running = (1 − momentum) · running + momentum · batch`. The update is not recorded by
 * autograd. Otherwise `runningMean` and `runningVar` normalise.
 * @example
 * ```ts
 * import { tensor, zeros, ones } from '@tensorgrad/autograd';
 * import { F } from '@tensorgrad/nn';
 * const x = tensor([[1], [3]]); // [n=2, c=1]: mean 2, biased variance 1, unbiased 2
 * const runningMean = zeros([1]);
 * const runningVar = ones([1]);
 * const y = F.batchNorm(x, runningMean, runningVar, { training: true, eps: 0 });
 * if (String(y.toArray()) !== '-1,1') throw new Error(`${y.toArray()}`);
 * // 0.9 · 0 + 0.1 · 2 and 0.9 · 1 + 0.1 · 2 (the unbiased variance)
 * if (Math.abs(runningMean.item() - 0.2) > 1e-6) throw new Error('running mean');
 * if (Math.abs(runningVar.item() - 1.1) > 1e-6) throw new Error('running var');
 * ```
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (input.ndim < 2) {
    throw new Error(
      `batchNorm: expected an input of shape [n, c, ...] (at least 2-D), got shape ${shapeString(input.shape)}`,
    );
  }
  const channels = input.shape[1] as number;
  const perChannel = [
    ['runningMean', runningMean],
    ['runningVar', runningVar],
    ['weight', weight],
    ['bias', bias],
  ] as const;
  for (const [name, t] of perChannel) {
    if (t !== null && !(t.ndim === 1 && t.shape[0] === channels)) {
      throw new Error(
        `batchNorm: ${name} has shape ${shapeString(t.shape)}; expected ${shapeString([channels])}, one value per channel (dim 1) of the input of shape ${shapeString(input.shape)}`,
      );
    }
  }
  if ((runningMean === null) !== (runningVar === null)) {
    throw new Error(
      `batchNorm: expected runningMean and runningVar both given or both null, got only ${runningMean === null ? 'runningVar' : 'runningMean'}`,
    );
  }
  if (!training && runningMean === null) {
    throw new Error(
      'batchNorm: expected runningMean and runningVar in evaluation mode (training false), got null; pass them or set training: true',
    );
  }
  const count = input.size / Math.max(channels, 1);
  if (training && count === 1) {
    throw new Error(
      `batchNorm: expected more than 1 value per channel when training, got input of shape ${shapeString(input.shape)}`,
    );
  }
  const statShape = input.shape.map((d, i) => (i === 1 ? d : 1));
  const perChannelView = (t: Tensor): Tensor => t.reshape(statShape);

  if (!training) {
    // PyTorch's cpu form: y = x · scale + shift with scale = weight / √(var + eps) and
    // shift = bias − mean · scale, computed per channel first.
    const invStd = (runningVar as Tensor).add(eps).rsqrt();
    const scale = weight === null ? invStd : invStd.mul(weight);
    const shifted = (runningMean as Tensor).mul(scale).neg();
    const shift = bias === null ? shifted : shifted.add(bias);
    return input.mul(perChannelView(scale)).add(perChannelView(shift));
  }

  const axes = input.shape.map((_, i) => i).filter((i) => i !== 1);
  const mean = input.mean(axes, true);
  const centered = input.sub(mean);
  const variance = centered.square().mean(axes, true); // biased: this one normalises
  if (runningMean !== null && runningVar !== null && count > 0) {
    updateRunningStats(runningMean, runningVar, mean, variance, momentum, count);
  }
  let scale = variance.add(eps).rsqrt();
  if (weight !== null) scale = scale.mul(perChannelView(weight));
  const y = centered.mul(scale);
  return bias === null ? y : y.add(perChannelView(bias));
}

/**
 * `running = (1 − momentum) · running + momentum · batch`, with the unbiased batch variance;
 * both new values are computed before either is assigned, and nothing is recorded.
 */
function updateRunningStats(
  runningMean: Tensor,
  runningVar: Tensor,
  mean: Tensor,
  biasedVariance: Tensor,
  momentum: number,
  count: number,
): void {
  tidy(() =>
    noGrad(() => {
      const channels = runningMean.shape[0] as number;
      const batchMean = mean.detach().reshape([channels]).cast(runningMean.dtype);
      const unbiased = biasedVariance
        .detach()
        .reshape([channels])
        .mul(count / (count - 1))
        .cast(runningVar.dtype);
      const nextMean = runningMean.mul(1 - momentum).add(batchMean.mul(momentum));
      const nextVar = runningVar.mul(1 - momentum).add(unbiased.mul(momentum));
      runningMean.assign(nextMean);
      runningVar.assign(nextVar);
    }),
  );
}
