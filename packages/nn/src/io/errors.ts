/**
 * The error thrown for every malformed safetensors file or unsupported tensor.
 *
 * A dedicated class lets callers (e.g. `Module.loadSafetensors`) tell a bad file apart from a
 * programming error without matching on message text.
 *
 * @example
 * ```ts
 * import { SafetensorsError, readSafetensors } from '@tensorgrad/nn';
 * let caught: unknown;
 * try { readSafetensors(new Uint8Array(3)); } catch (e) { caught = e; }
 * if (!(caught instanceof SafetensorsError)) throw new Error('a SafetensorsError');
 * ```
 */
export class SafetensorsError extends Error {
  /** The tensor the problem concerns, when there is one. */
  readonly tensorName: string | undefined;

  /**
   * An error about `tensorName` (when given); the message says which tensor.
   * @example
   * ```ts
   * import { SafetensorsError } from '@tensorgrad/nn';
   * const error = new SafetensorsError('unsupported dtype F8', 'w');
   * if (error.message !== 'safetensors: tensor "w": unsupported dtype F8') throw new Error(error.message);
   * ```
   */
  constructor(message: string, tensorName?: string) {
    super(`safetensors: ${tensorName === undefined ? '' : `tensor "${tensorName}": `}${message}`);
    this.name = 'SafetensorsError';
    this.tensorName = tensorName;
  }
}
