/**
 * The error thrown by every einops function for a bad pattern, a shape that does not fit it,
 * or bad axis lengths.
 *
 * @example
 * try { rearrange(x, 'a b -> a'); } catch (e) { e instanceof EinopsError; } // true
 */
export class EinopsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EinopsError';
  }
}
