/**
 * Finding gpu.js at run time. gpu.js is an optional peer dependency of `@tensorgrad/tensor`,
 * not a dependency: it hard-depends on `webgpu` (84 MB) and, in Node, pulls `gl`, a native
 * build that needs the X11/GL headers, while most users (the cpu backend in Node, or a
 * browser) need neither. Nothing imports gpu.js statically, so a project without it installs
 * and runs the cpu backend; the gpu backend says exactly what to install (docs/DESIGN.md,
 * "Install and packaging").
 *
 * Where gpu.js comes from, first found wins:
 * 1. the module handed to {@link provideGpuJs} (a bundled browser app: `import * as gpujs
 *    from 'gpu.js'` resolves to gpu.js's browser build, which needs neither webgpu nor gl);
 * 2. in Node, `require('gpu.js')` from this package's location — synchronous, because
 *    `setBackend('gpu')` is; reached through `process.getBuiltinModule` (Node >= 20.16) so
 *    that no bundler sees a Node import;
 * 3. the global `GPU` that gpu.js's browser bundle defines when a `<script>` tag loads it.
 */
import type * as GpuJs from 'gpu.js';

/** The part of gpu.js's module that the gpu backend uses. */
export type GpuJsModule = Pick<
  typeof GpuJs,
  'GPU' | 'HeadlessGLKernel' | 'WebGL2Kernel' | 'WebGLKernel' | 'WebAssemblyKernel'
>;

/** What one attempt to find gpu.js gave: the module, or why there is none. */
type Found = { readonly module: GpuJsModule } | { readonly missing: string };

/** The Node calls this file uses, typed loosely: the package also runs in browsers. */
interface NodeRequire {
  (id: string): unknown;
  resolve(id: string, options?: { paths?: string[] }): string;
}

let provided: GpuJsModule | null = null;
let found: Found | null = null;

/** What Node needs for gpu.js to run on GL rather than in its WebAssembly mode. */
export const NODE_GL_HINT =
  'headless-gl, the GL context gpu.js uses in Node, is its optional dependency `gl`: it builds ' +
  'from source during `npm install` when the X11/GL headers are present (Debian: `apt-get ' +
  'install -y libx11-dev libxi-dev libxext-dev libgl1-mesa-dev pkg-config`) and needs a ' +
  'display (e.g. `xvfb-run`); without it gpu.js runs its WebAssembly mode';

/**
 * Give the gpu backend the gpu.js module to use. Needed in a bundled browser app, where
 * tensorgrad cannot load gpu.js by itself; in Node `setBackend('gpu')` finds an installed
 * gpu.js without it. Call it before the gpu backend is first asked for.
 * @internal exported to users through `provideGpuJs` in the backend registry.
 */
export function setGpuJs(module: unknown): void {
  // A namespace import of gpu.js (a CommonJS module) may hold its exports under `default`.
  const ns = module as (Partial<GpuJsModule> & { default?: Partial<GpuJsModule> }) | null;
  const m =
    typeof ns?.GPU !== 'function' && typeof ns?.default?.GPU === 'function' ? ns.default : ns;
  if (m === null || typeof m !== 'object' || typeof m.GPU !== 'function') {
    throw new Error(
      "provideGpuJs: expected gpu.js's module (import * as gpujs from 'gpu.js'), got " +
        (m === null || typeof m !== 'object' ? String(m) : `an object without GPU`),
    );
  }
  provided = m as GpuJsModule;
  found = null;
}

/** gpu.js's module, or `null` when it cannot be found here (then {@link gpuJsMissing} says why). */
export function gpuJs(): GpuJsModule | null {
  const f = find();
  return 'module' in f ? f.module : null;
}

/** Why gpu.js cannot be used here, in terms a user can act on; `null` when it can. */
export function gpuJsMissing(): string | null {
  const f = find();
  return 'missing' in f ? f.missing : null;
}

/**
 * Why headless-gl (the `gl` package gpu.js loads in Node) is unusable here, or `null` when it
 * loads (or when this is not Node, or gpu.js was provided rather than required).
 */
export function headlessGlProblem(): string | null {
  const req = nodeRequire();
  if (req === null || provided !== null) return null;
  try {
    // gpu.js requires `gl` itself, so load it from gpu.js's own folder (cached: one instance).
    const gpuJsDir = req.resolve('gpu.js').replace(/[\\/][^\\/]*$/, '');
    req(req.resolve('gl', { paths: [gpuJsDir] }));
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && /'gl'/.test(e.message)) {
      return `headless-gl is not installed: ${NODE_GL_HINT}`;
    }
    return `headless-gl is installed but does not load (${e.message.split('\n')[0]}): rebuild it with \`npm rebuild gl\` once the X11/GL headers are there`;
  }
}

function find(): Found {
  if (found !== null) return found;
  if (provided !== null) return (found = { module: provided });
  const req = nodeRequire();
  if (req !== null) return (found = requireGpuJs(req));
  const global = (globalThis as { GPU?: Partial<GpuJsModule> }).GPU;
  if (global !== undefined && typeof global.GPU === 'function') {
    return (found = { module: global as GpuJsModule });
  }
  const inNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  return (found = {
    missing: inNode
      ? 'gpu.js cannot be loaded synchronously on this Node (it needs process.getBuiltinModule, ' +
        "Node >= 20.16): call provideGpuJs(await import('gpu.js')) first"
      : "gpu.js is not loaded: `npm install gpu.js`, then `import * as gpujs from 'gpu.js'` and " +
        "call `provideGpuJs(gpujs)` before `setBackend('gpu')` (or load gpu.js's " +
        'dist/gpu-browser.min.js with a <script> tag)',
  });
}

function requireGpuJs(req: NodeRequire): Found {
  try {
    return { module: req('gpu.js') as GpuJsModule };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && /'gpu\.js'/.test(e.message)) {
      return {
        missing:
          'gpu.js is not installed (it is an optional peer dependency of @tensorgrad/tensor): ' +
          `\`npm install gpu.js\`. ${NODE_GL_HINT}`,
      };
    }
    return { missing: `gpu.js failed to load: ${e.message}` };
  }
}

/** `require` relative to this file, in Node >= 20.16; `null` elsewhere. */
function nodeRequire(): NodeRequire | null {
  const proc = typeof process === 'undefined' ? undefined : process;
  const getBuiltin = proc?.getBuiltinModule as ((id: string) => unknown) | undefined;
  if (typeof getBuiltin !== 'function') return null;
  const nodeModule = getBuiltin('node:module') as
    { createRequire(from: string): NodeRequire } | undefined;
  return nodeModule?.createRequire(import.meta.url) ?? null;
}
