import { fileURLToPath } from 'node:url';

/**
 * Tests import sibling packages from their TypeScript sources, so `vitest` needs no build
 * first and every package's tests see the current code. (The published entry points, `dist/`,
 * are checked separately by `packages/*\/test/dist-import.test.ts` after `npm run build`.)
 */
const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/**
 * Test options every project spreads into its `test` block. `requireAssertions`: a test that
 * calls no `expect` fails, so every test counted as passed checked something and could have
 * failed (documentation blocks are classified by vitest.doctest.ts: those without a check run
 * as examples, and `npm test` counts them apart).
 */
export const sharedTestOptions = { expect: { requireAssertions: true } };

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
