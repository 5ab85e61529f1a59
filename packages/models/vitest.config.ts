import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAlias } from '../../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    ...sharedTestOptions,
    name: 'models',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
});
