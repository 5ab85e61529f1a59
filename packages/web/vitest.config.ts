import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared.js';

// The page's DOM-free logic runs in Node on the cpu backend; the page itself is checked in a
// real browser by scripts/e2e.mjs.
export default defineProject({
  resolve: { alias: workspaceAlias },
  test: { name: 'web', include: ['test/**/*.test.ts'], pool: 'forks', testTimeout: 60_000 },
});
