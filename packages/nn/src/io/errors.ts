/**
 * The error thrown for every malformed safetensors file or unsupported tensor.
 *
 * A dedicated class lets callers (e.g. `Module.loadSafetensors`) tell a bad file apart from a
 * programming error without matching on message text.
 *
 * @example
 * try { readSafetensors(new Uint8Array(3)); } catch (e) { e instanceof SafetensorsError; } // true
 */
export class SafetensorsError extends Error {
  /** The tensor the problem concerns, when there is one. */
  readonly tensorName: string | undefined;

  constructor(message: string, tensorName?: string) {
    super(`safetensors: ${tensorName === undefined ? '' : `tensor "${tensorName}": `}${message}`);
    this.name = 'SafetensorsError';
    this.tensorName = tensorName;
  }
}
