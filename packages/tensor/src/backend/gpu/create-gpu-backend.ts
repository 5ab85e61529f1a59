/**
 * Choosing the gpu.js mode: which one this environment offers, which one was taken and why.
 */
import type { BackendData, View } from '../backend.js';
import { GpuBackend } from './gpu-backend.js';
import { gpuJsMissing, headlessGlProblem } from './gpu-js.js';
import { availableModes, type RuntimeMode } from './gpu-runtime.js';

/** Options of {@link createGpuBackend}. */
export interface GpuBackendOptions {
  /**
   * `'headlessgl'`, `'webgl2'`, `'webgl'` or `'webasm'` to require that gpu.js mode, or
   * `'auto'` (the default) to take the first that works in that order.
   */
  readonly mode?: string;
}

/** What {@link createGpuBackend} decided: the backend (or `null`), its mode, and why. */
export interface GpuBackendChoice {
  readonly backend: GpuBackend | null;
  readonly mode: string;
  readonly reason: string;
}

const MODE_ORDER: readonly RuntimeMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm'];

/**
 * Create the gpu backend in the best gpu.js mode available here, or the one requested, and
 * say which and why. Never falls back silently: a requested mode that is unavailable gives
 * `backend: null` with the reason. gpu.js swallows headless-gl's load errors, so in Node the
 * reason spells out what headlessgl needs (a display, e.g. `xvfb-run`, and a built `gl`).
 * Without gpu.js (an optional peer dependency) the reason says what to install.
 *
 * @example
 * ```ts
 * import { createGpuBackend } from '../../src/backend/gpu/index.js';
 * const { backend, mode, reason } = createGpuBackend();
 * // in Node without a display, e.g. "webasm", "no GL context (...); gpu.js runs WebAssembly on the cpu"
 * if (backend === null || backend.mode !== mode) throw new Error(`no gpu backend: ${reason}`);
 * if (mode === 'webasm' && !/no GL context .*gpu\.js runs WebAssembly/.test(reason)) throw new Error(reason);
 * const unknown = createGpuBackend({ mode: 'cuda' }); // never a silent fallback
 * if (unknown.backend !== null || !unknown.reason.startsWith('unknown gpu mode')) throw new Error(unknown.reason);
 * ```
 */
export function createGpuBackend(options: GpuBackendOptions = {}): GpuBackendChoice {
  const requested = options.mode ?? 'auto';
  const missing = gpuJsMissing();
  if (missing !== null) return { backend: null, mode: 'none', reason: missing };
  const available = availableModes();
  const noGl = noGlExplanation();
  let mode: RuntimeMode;
  let reason: string;
  if (requested === 'auto' || requested === 'gpu') {
    const found = MODE_ORDER.find((m) => available[m]);
    if (found === undefined) {
      return { backend: null, mode: 'none', reason: `no gpu.js mode is available (${noGl})` };
    }
    mode = found;
    reason =
      found === 'webasm'
        ? `no GL context (${noGl}); gpu.js runs WebAssembly on the cpu`
        : `${found} is available`;
  } else if ((MODE_ORDER as readonly string[]).includes(requested)) {
    mode = requested as RuntimeMode;
    if (!available[mode]) {
      const why = mode === 'headlessgl' ? ` (${noGl})` : '';
      return { backend: null, mode, reason: `requested mode ${mode} is not available here${why}` };
    }
    reason = `mode ${mode} requested`;
  } else {
    return {
      backend: null,
      mode: requested,
      reason: `unknown gpu mode "${requested}" (expected auto, ${MODE_ORDER.join(', ')})`,
    };
  }
  try {
    const backend = new GpuBackend(mode);
    selfTest(backend);
    return { backend, mode, reason };
  } catch (err) {
    return {
      backend: null,
      mode,
      reason: `${mode} failed its self-test: ${(err as Error).message}`,
    };
  }
}

/** Why headless GL is missing, in the terms a user can act on. */
function noGlExplanation(): string {
  if (typeof process === 'undefined' || typeof document !== 'undefined')
    return 'no WebGL in this page';
  const glProblem = headlessGlProblem();
  if (glProblem !== null) return glProblem;
  const display = process.env['DISPLAY'];
  return display
    ? `headless-gl did not load although DISPLAY=${display}; is the gl package built?`
    : 'headless-gl needs a display: DISPLAY is unset (run under xvfb-run)';
}

/** One tiny round trip, so that a broken context is reported at creation, not mid-model. */
function selfTest(backend: GpuBackend): void {
  const x = backend.upload([1, 2, 3], 'float32');
  try {
    const y = backend.binary('mul', whole(x), whole(x), 'float32');
    try {
      const got = Array.from(backend.download(whole(y)));
      if (got.join() !== '1,4,9') throw new Error(`1,2,3 squared gave ${got.join()}`);
    } finally {
      backend.dispose(y);
    }
  } finally {
    backend.dispose(x);
  }
}

function whole(data: BackendData): View {
  return { data, shape: [data.size], strides: [1], offset: 0 };
}
