/**
 * The error thrown by every einops function for a bad pattern, a shape that does not fit it,
 * or bad axis lengths.
 *
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { EinopsError, rearrange } from '@tensorgrad/nn';
 * let caught: unknown;
 * try { rearrange(zeros([2, 3]), 'a b -> a'); } catch (e) { caught = e; }
 * if (!(caught instanceof EinopsError)) throw new Error('an EinopsError');
 * ```
 */
export class EinopsError extends Error {
  /** An error with `message`, named `EinopsError`. */
  constructor(message: string) {
    super(message);
    this.name = 'EinopsError';
  }
}
