import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The parity fixture folder: `shared/parity/` at the repository root, or beside the checkout
 * (`../shared/parity/`) where the repository has no `shared/` of its own. Never copied here.
 */
export const parityDir: URL = [
  new URL('../../../../shared/parity/', import.meta.url),
  new URL('../../../../../shared/parity/', import.meta.url),
].find((url) => existsSync(fileURLToPath(new URL('manifest.json', url))))!;

if (parityDir === undefined)
  throw new Error('parity fixtures not found (looked for shared/parity/manifest.json)');
