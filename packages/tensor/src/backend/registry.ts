/**
 * Backend selection: which backend ops run on, and why.
 *
 * The cpu backend is always available. The gpu backend (gpu.js) is created lazily, the first
 * time it is asked for, because creating a WebGL context is slow and, in Node, runs on a
 * software rasteriser. The automatic default is gpu in a browser with WebGL2 and cpu in Node;
 * `TENSORGRAD_BACKEND=cpu|gpu` overrides it. gpu.js is an optional peer dependency, found at
 * run time (`gpu/gpu-js.ts`); when it is missing the gpu's reason says what to install.
 */
import type { Backend } from './backend.js';
import { CpuBackend } from './cpu/index.js';
import { cpuThreads } from './cpu/pool/threads.js';
import { simdGemmEnabled } from './cpu/wasm/gemm.js';
import { setGpuJs } from './gpu/gpu-js.js';
import { createGpuBackend } from './gpu/index.js';

/**
 * The names `setBackend` accepts.
 * @example
 * ```ts
 * import { type BackendName, getBackend, setBackend } from '@tensorgrad/tensor';
 * const name: BackendName = 'cpu';
 * setBackend(name);
 * if (getBackend().name !== name) throw new Error('BackendName');
 * ```
 */
export type BackendName = 'cpu' | 'gpu';

/**
 * What `backendInfo()` reports.
 * @example
 * ```ts
 * import { type BackendInfo, backendInfo, setBackend } from '@tensorgrad/tensor';
 * setBackend('cpu');
 * const info: BackendInfo = backendInfo();
 * if (info.name !== 'cpu' || info.reason !== "setBackend('cpu')") throw new Error('BackendInfo');
 * ```
 */
export interface BackendInfo {
  /** The current backend. */
  readonly name: string;
  /** Why it was chosen (env var, automatic default, explicit `setBackend`). */
  readonly reason: string;
  /** The gpu.js mode, when the gpu backend is current. */
  readonly mode?: string;
  /**
   * When the gpu backend is current: whether it keeps float32 subnormals (0 < |x| < 2^-126) or
   * flushes them to zero of the same sign, as GPUs do in hardware (headless GL does; the
   * webasm mode keeps them). A flushing gpu keeps subnormal data on the host and hands the ops
   * reading it to the cpu; its answers differ from the cpu's only where a gpu kernel's result
   * underflows into the subnormal range (docs/DESIGN.md, "Special values").
   */
  readonly subnormals?: 'kept' | 'flushed';
  /**
   * When the cpu backend is current: how many threads its large float32 matrix products run on
   * (1: the calling thread only). See `TENSORGRAD_THREADS` in the cpu backend's README.
   */
  readonly threads?: number;
  /**
   * When the cpu backend is current: whether its float32 matmul and softmax run on WebAssembly
   * SIMD (off without SIMD support, or with `TENSORGRAD_SIMD=0`).
   */
  readonly simd?: boolean;
}

let cpu: CpuBackend | null = null;
let gpu: { backend: Backend | null; mode: string; reason: string } | null = null;
let current: { backend: Backend; reason: string; mode?: string } | null = null;

function env(name: string): string | undefined {
  return typeof process !== 'undefined' ? process.env[name] : undefined;
}

function cpuBackend(): Backend {
  cpu ??= new CpuBackend();
  return cpu;
}

function gpuBackend(): { backend: Backend | null; mode: string; reason: string } {
  if (gpu === null) {
    let created: { backend: Backend | null; mode: string; reason: string };
    try {
      const mode = env('TENSORGRAD_GPU_MODE');
      created = createGpuBackend(mode === undefined ? {} : { mode });
    } catch (err) {
      created = {
        backend: null,
        mode: 'none',
        reason: `gpu.js failed to start: ${(err as Error).message}`,
      };
    }
    gpu = created;
  }
  return gpu;
}

function hasWebGL2(): boolean {
  if (typeof document === 'undefined') return false;
  try {
    return document.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

function chooseDefault(): { backend: Backend; reason: string; mode?: string } {
  const requested = env('TENSORGRAD_BACKEND');
  if (requested === 'cpu') return { backend: cpuBackend(), reason: 'TENSORGRAD_BACKEND=cpu' };
  if (requested === 'gpu') {
    const g = gpuBackend();
    if (g.backend === null) {
      return {
        backend: cpuBackend(),
        reason: `TENSORGRAD_BACKEND=gpu but gpu is unavailable (${g.reason}); using cpu`,
      };
    }
    return { backend: g.backend, reason: `TENSORGRAD_BACKEND=gpu (${g.reason})`, mode: g.mode };
  }
  if (requested !== undefined && requested !== '') {
    throw new Error(`TENSORGRAD_BACKEND: unknown backend "${requested}" (expected cpu or gpu)`);
  }
  if (hasWebGL2()) {
    const g = gpuBackend();
    if (g.backend !== null)
      return { backend: g.backend, reason: 'browser with WebGL2', mode: g.mode };
    return {
      backend: cpuBackend(),
      reason: `automatic default: WebGL2 is here but the gpu backend is unavailable (${g.reason})`,
    };
  }
  const where =
    typeof document === 'undefined'
      ? 'Node (headless GL would be a software rasteriser)'
      : 'no WebGL2';
  return { backend: cpuBackend(), reason: `automatic default: ${where}` };
}

function ensureCurrent(): { backend: Backend; reason: string; mode?: string } {
  if (current === null) {
    current = chooseDefault();
    if (env('TENSORGRAD_DEBUG') === '1') {
      console.debug(`[tensorgrad] backend ${current.backend.name}: ${current.reason}`);
    }
  }
  return current;
}

/**
 * Give the gpu backend gpu.js's module. tensorgrad does not install gpu.js (an optional peer
 * dependency: it pulls 84 MB of `webgpu`); a bundled browser app that wants the gpu backend
 * installs it and calls this once, before the gpu backend is first used. In Node an installed
 * gpu.js is found without this, and a page that loads gpu.js's browser bundle with a
 * `<script>` tag is found through its global `GPU`.
 * @example
 * ```ts
 * import * as gpujs from 'gpu.js';
 * import { gpuAvailability, provideGpuJs } from '@tensorgrad/tensor';
 * provideGpuJs(gpujs); // setBackend('gpu') runs on it from now on
 * // mode: 'webgl2' in a browser; in Node 'headlessgl' under a display, else 'webasm'
 * const { available, mode, reason } = gpuAvailability();
 * if (!available) throw new Error(`no gpu backend (${mode}): ${reason}`);
 * ```
 */
export function provideGpuJs(gpujs: object): void {
  setGpuJs(gpujs);
  // A gpu backend that failed to start (e.g. for want of gpu.js) may start now.
  if (gpu !== null && gpu.backend === null) gpu = null;
}

/**
 * Make `name` the backend new ops run on. Throws if the gpu backend cannot be created here.
 * @example
 * ```ts
 * import { setBackend, tensor } from '@tensorgrad/tensor';
 * setBackend('cpu');
 * if (tensor([1]).backend !== 'cpu') throw new Error('setBackend');
 * ```
 */
export function setBackend(name: BackendName): void {
  if (name === 'cpu') {
    current = { backend: cpuBackend(), reason: "setBackend('cpu')" };
  } else if (name === 'gpu') {
    const g = gpuBackend();
    if (g.backend === null)
      throw new Error(`setBackend: the gpu backend is unavailable (${g.reason})`);
    current = { backend: g.backend, reason: "setBackend('gpu')", mode: g.mode };
  } else {
    throw new Error(`setBackend: unknown backend "${String(name)}" (expected cpu or gpu)`);
  }
}

/**
 * The backend new ops run on.
 * @example
 * ```ts
 * import { getBackend, setBackend } from '@tensorgrad/tensor';
 * setBackend('cpu');
 * const b = getBackend();
 * if (b.name !== 'cpu' || !b.supports('float64')) throw new Error('getBackend');
 * ```
 */
export function getBackend(): Backend {
  return ensureCurrent().backend;
}

/**
 * The current backend's name, why it was chosen and, for gpu, the gpu.js mode.
 * @example
 * ```ts
 * import { backendInfo } from '@tensorgrad/tensor';
 * const { name, reason } = backendInfo(); // 'cpu' in Node, unless TENSORGRAD_BACKEND=gpu
 * if (name !== 'cpu' && name !== 'gpu') throw new Error(`backendInfo: ${name} (${reason})`);
 * ```
 */
export function backendInfo(): BackendInfo {
  const c = ensureCurrent();
  if (c.backend.name === 'cpu') {
    const simd = simdGemmEnabled();
    return { name: c.backend.name, reason: c.reason, threads: cpuThreads().threads, simd };
  }
  return c.mode === undefined
    ? { name: c.backend.name, reason: c.reason }
    : {
        name: c.backend.name,
        reason: c.reason,
        mode: c.mode,
        subnormals: c.backend.subnormals ?? 'kept',
      };
}

/**
 * A backend by name, created if needed (throws if the gpu is unavailable).
 * @example
 * ```ts
 * import { backendByName } from '../../src/backend/registry.js';
 * if (backendByName('cpu').name !== 'cpu') throw new Error('backendByName');
 * ```
 */
export function backendByName(name: string): Backend {
  if (name === 'cpu') return cpuBackend();
  if (name === 'gpu') {
    const g = gpuBackend();
    if (g.backend === null)
      throw new Error(`backend: the gpu backend is unavailable (${g.reason})`);
    return g.backend;
  }
  throw new Error(`backend: unknown backend "${name}" (expected cpu or gpu)`);
}

/**
 * Whether the gpu backend can be created here, and why not if it cannot.
 * @example
 * ```ts
 * import { gpuAvailability } from '@tensorgrad/tensor';
 * const { available, reason } = gpuAvailability();
 * if (typeof available !== 'boolean' || reason === '') throw new Error('gpuAvailability');
 * ```
 */
export function gpuAvailability(): { available: boolean; reason: string; mode: string } {
  const g = gpuBackend();
  return { available: g.backend !== null, reason: g.reason, mode: g.mode };
}

/**
 * The backends created so far (memory() sums over them).
 * @internal
 */
export function loadedBackends(): Backend[] {
  const out: Backend[] = [];
  if (cpu !== null) out.push(cpu);
  if (gpu?.backend) out.push(gpu.backend);
  return out;
}
