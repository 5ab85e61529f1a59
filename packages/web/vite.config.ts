import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so `dist/` can be served from any path (the e2e script serves it at
  // the root of a throwaway local server).
  base: './',
  build: {
    target: 'es2022',
    // gpu.js's UMD bundle alone is ~640 kB minified; the warning would fire on every build.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // @tensorgrad/models' index also exports its Node-only parity runner (manifest.js,
      // fixture.js, command.js import node:fs and node:path). The page never calls it and the
      // package is `sideEffects: false`, so those modules are tree-shaken away; marking the
      // builtins external only stops Vite from resolving them to its empty browser stub, whose
      // missing named exports (`join`, `readFileSync`) would fail the build first.
      external: ['node:fs', 'node:path'],
    },
  },
});
