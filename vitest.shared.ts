import { fileURLToPath } from 'node:url';

/**
 * Tests import sibling packages from their TypeScript sources, so `vitest` needs no build
 * first and every package's tests see the current code. (The published entry points, `dist/`,
 * are checked separately by `packages/*\/test/dist-import.test.ts` after `npm run build`.)
 */
const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export const workspaceAlias = {
  '@tensorgrad/tensor': src('tensor'),
  '@tensorgrad/autograd': src('autograd'),
  '@tensorgrad/nn': src('nn'),
  '@tensorgrad/models': src('models'),
};
