import { defineConfig } from 'vitest/config';

// Each package carries its own vitest.config.ts (defineProject); this file only lists them.
export default defineConfig({
  test: {
    projects: ['packages/*', 'benchmarks'],
  },
});
