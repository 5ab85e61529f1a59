/** `dropout`: zero random elements while training. */
import { fromRaw } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { defaultGenerator, rand, tidy } from '@tensorgrad/tensor';
import type { Generator } from '@tensorgrad/tensor';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Source of the random mask (default: the global generator). */
  generator?: Generator;
}

/**
 * While `training`, zero each element with probability `p` and scale the survivors by
 * 1 / (1 - p), so the expectation is unchanged; otherwise return `input` itself.
 * @example
 * dropout(x, 0.1, model.training);
 * dropout(x, 0.5, true, { generator: new Generator(0) });
 */
export function dropout(
  input: Tensor,
  p = 0.5,
  training = true,
  options: DropoutOptions = {},
): Tensor {
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout: p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return input;
  // p = 1 would scale by 1/0; every element is dropped, as PyTorch returns zeros.
  if (p === 1) return input.mul(0);
  const generator = options.generator ?? defaultGenerator();
  const scale = 1 / (1 - p);
  // u >= p has probability 1 - p: the kept elements.
  const noise = tidy(() => rand(input.shape, { generator }).ge(p).cast(input.dtype).mul(scale));
  return input.mul(fromRaw(noise));
}
