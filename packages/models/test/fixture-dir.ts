/**
 * Where the parity fixtures are: `$TENSORGRAD_PARITY_DIR`, else `shared/parity` inside the
 * repository, else next to it (`../shared/parity`, this workspace's layout).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [
  process.env.TENSORGRAD_PARITY_DIR,
  fileURLToPath(new URL('../../../shared/parity', import.meta.url)),
  fileURLToPath(new URL('../../../../shared/parity', import.meta.url)),
].filter((d): d is string => d !== undefined && d !== '');

const found = candidates.find((d) => existsSync(`${d}/manifest.json`));
if (found === undefined) {
  throw new Error(
    `parity fixtures not found; looked for manifest.json in ${candidates.join(', ')} (set TENSORGRAD_PARITY_DIR)`,
  );
}

/** The parity fixture directory used by the tests. */
export const PARITY_DIR: string = found;
