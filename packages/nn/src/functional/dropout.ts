/** `dropout`: zero random elements while training. */
import type { Tensor } from '@tensorgrad/autograd';
import { defaultGenerator, rand, tidy } from '@tensorgrad/autograd';
import type { Generator } from '@tensorgrad/autograd';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Source of the random mask (default: the global generator). */
  generator?: Generator;
}

/**
 * While `training`, zero each element with probability `p` and scale the survivors by
 * 1 / (1 - p), so the expectation is unchanged; otherwise return `input` itself.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import { Generator } from '@tensorgrad/autograd';
 * import { dropout } from '@tensorgrad/nn';
 * const x = ones([4, 4]);
 * if (dropout(x, 0.1, false) !== x) throw new Error('not training: the input itself');
 * const y = [...dropout(x, 0.5, true, { generator: new Generator(0) }).data()];
 * if (!y.every((v) => v === 0 || v === 2)) throw new Error('survivors scaled by 2');
 * ```
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
  return input.mul(noise);
}
