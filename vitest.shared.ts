import { fileURLToPath } from 'node:url';

/**
 * Tests import sibling packages from their TypeScript sources, so `vitest` needs no build
 * first and every package's tests see the current code. (The published entry points, `dist/`,
 * are checked separately by `packages/*\/test/dist-import.test.ts` after `npm run build`.)
 */
const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// '@tensorgrad/models/parity' comes before '@tensorgrad/models': an alias also matches the
// subpaths of its key, so the more specific one must win first.
export const workspaceAlias = {
  '@tensorgrad/models/parity': fileURLToPath(
    new URL('./packages/models/src/parity/index.ts', import.meta.url),
  ),
  '@tensorgrad/tensor': src('tensor'),
  '@tensorgrad/autograd': src('autograd'),
  '@tensorgrad/nn': src('nn'),
  '@tensorgrad/models': src('models'),
};
