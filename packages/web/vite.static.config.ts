/**
 * The page without a bundler, in `dist/static/`: tensorgrad as one ES module (`tensorgrad.js`,
 * from bundle/tensorgrad.ts), the demo's image generator (`shapes.js`), gpu.js's browser build
 * as it ships (`gpu-browser.min.js`, a classic script that defines the global `GPU`), the
 * checkpoint, and static/index.html, whose `<script type="module">` imports the first two.
 * Runs after the main `vite build`, which empties `dist/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The checkpoint, when trained (`npm run checkpoint`; it is not kept in the repository). */
const CHECKPOINT = here('./public/shapes-vit.safetensors');

/** The files of the static page that are copied, not built: output name → source path. */
const COPIED: Record<string, string> = {
  'index.html': here('./static/index.html'),
  'gpu-browser.min.js': createRequire(import.meta.url).resolve('gpu.js/dist/gpu-browser.min.js'),
  ...(existsSync(CHECKPOINT) ? { 'shapes-vit.safetensors': CHECKPOINT } : {}),
};

/** Emits {@link COPIED} next to the built modules. */
function copiedFiles(): Plugin {
  return {
    name: 'tensorgrad-static-page',
    generateBundle() {
      for (const [fileName, path] of Object.entries(COPIED)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(path) });
      }
    },
  };
}

export default defineConfig({
  plugins: [copiedFiles()],
  build: {
    outDir: 'dist/static',
    emptyOutDir: true,
    copyPublicDir: false,
    target: 'es2022',
    sourcemap: true,
    // Readable in the browser's devtools without the source map; whitespace is most of the
    // difference, which a server's gzip takes care of.
    minify: false,
    lib: {
      entry: { tensorgrad: here('./bundle/tensorgrad.ts'), shapes: here('./bundle/shapes.ts') },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
  },
});
