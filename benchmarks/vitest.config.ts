import { defineProject } from 'vitest/config';
import { sharedTestOptions, workspaceAlias } from '../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    ...sharedTestOptions,
    name: 'benchmarks',
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // settleMemory() runs the collector when it is exposed: memory tests count what is reachable.
    execArgv: ['--expose-gc'],
    testTimeout: 120_000,
  },
});
