import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../vitest.shared.js';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: { name: 'benchmarks', include: ['test/**/*.test.ts'], pool: 'forks', testTimeout: 120_000 },
});
