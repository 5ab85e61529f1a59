import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAlias } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    ...sharedTestOptions,
    name: 'demo',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
  },
});
