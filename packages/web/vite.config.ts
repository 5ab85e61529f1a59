import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so `dist/` can be served from any path (the e2e script serves it at
  // the root of a throwaway local server).
  base: './',
  build: {
    target: 'es2022',
    // gpu.js's UMD bundle alone is ~640 kB minified; the warning would fire on every build.
    chunkSizeWarningLimit: 2000,
  },
});
