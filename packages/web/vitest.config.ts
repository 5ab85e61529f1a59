import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAlias } from '../../vitest.shared.js';

// The page's DOM-free logic runs in Node on the cpu backend; the page itself is checked in a
// real browser by scripts/e2e.mjs. The demo's image generator comes from its source too.
export default defineProject({
  resolve: {
    alias: {
      '@tensorgrad/demo/shapes': fileURLToPath(
        new URL('../demo/src/data/shapes.ts', import.meta.url),
      ),
      ...workspaceAlias,
    },
  },
  test: {
    ...sharedTestOptions,
    name: 'web',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
