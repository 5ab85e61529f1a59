/**
 * How many threads the cpu backend may use: the one decision every threaded kernel reads.
 *
 * Automatic: min(cores, 4) in Node (worker_threads) and in a cross-origin isolated page (Web
 * Workers; SharedArrayBuffer exists only there), 1 anywhere else. `TENSORGRAD_THREADS=n`
 * overrides it (1 turns threads off), `setCpuThreads(n)` overrides both (tests use it to run
 * the same product on 1 and on n threads).
 */

/** At most this many threads by default: the products we split stop scaling around here. */
const DEFAULT_CAP = 4;

/** The thread count and why it was chosen. */
export interface ThreadChoice {
  readonly threads: number;
  readonly reason: string;
}

interface NodeOs {
  availableParallelism?: () => number;
  cpus: () => unknown[];
}

/**
 * Node's builtin modules, synchronously (`process.getBuiltinModule`, Node ≥ 20.16): a static
 * `import 'node:os'` would break the browser bundle, and a dynamic one is asynchronous while
 * every backend call is synchronous.
 */
export function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.(name) as T | undefined;
}

function isNode(): boolean {
  return (
    (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !==
    undefined
  );
}

function environmentThreads(): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.TENSORGRAD_THREADS;
}

/** What this environment allows when nobody asked for a count. */
function automaticChoice(): ThreadChoice {
  if (isNode()) {
    const os = nodeBuiltin<NodeOs>('node:os');
    if (os === undefined || nodeBuiltin('node:worker_threads') === undefined) {
      return { threads: 1, reason: 'this Node has no process.getBuiltinModule (needs ≥ 20.16)' };
    }
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    return {
      threads: Math.max(1, Math.min(cores, DEFAULT_CAP)),
      reason: `automatic: ${cores} cores, at most ${DEFAULT_CAP} (worker_threads)`,
    };
  }
  const g = globalThis as {
    crossOriginIsolated?: boolean;
    navigator?: { hardwareConcurrency?: number };
  };
  if (g.crossOriginIsolated !== true || typeof Worker === 'undefined') {
    return {
      threads: 1,
      reason: 'not cross-origin isolated: no SharedArrayBuffer for Web Workers',
    };
  }
  const cores = g.navigator?.hardwareConcurrency ?? 1;
  return {
    threads: Math.max(1, Math.min(cores, DEFAULT_CAP)),
    reason: `automatic: ${cores} cores, at most ${DEFAULT_CAP} (Web Workers)`,
  };
}

/** Parses `TENSORGRAD_THREADS`; undefined when it is unset or empty. */
function requestedByEnvironment(): number | undefined {
  const text = environmentThreads();
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`TENSORGRAD_THREADS: expected a whole number ≥ 1, received "${text}"`);
  }
  return n;
}

let chosen: ThreadChoice | undefined;
/** Set when the pool failed: threads stay off, and this says why. */
let failure: string | undefined;

/** The number of threads the cpu backend's large products run on, and why. */
export function cpuThreads(): ThreadChoice {
  if (chosen === undefined) {
    const requested = requestedByEnvironment();
    chosen =
      requested === undefined
        ? automaticChoice()
        : { threads: requested, reason: `TENSORGRAD_THREADS=${requested}` };
  }
  if (failure !== undefined && chosen.threads > 1) return { threads: 1, reason: failure };
  return chosen;
}

/**
 * Sets the cpu backend's thread count (1: everything on the calling thread); `undefined`
 * returns to the environment's choice. Results do not depend on it: products are split along
 * output rows or columns only, so each element is summed in the same order on any count.
 * @example
 * ```ts
 * import { cpuThreads, setCpuThreads } from '../../src/backend/cpu/pool/threads.js';
 * setCpuThreads(1);
 * if (cpuThreads().threads !== 1) throw new Error('setCpuThreads');
 * setCpuThreads(undefined);
 * ```
 */
export function setCpuThreads(threads: number | undefined): void {
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new Error(`setCpuThreads: expected a whole number ≥ 1, received ${threads}`);
  }
  chosen = threads === undefined ? undefined : { threads, reason: `setCpuThreads(${threads})` };
  failure = undefined;
  for (const listener of listeners) listener();
}

/**
 * PyTorch's `torch.set_num_threads`: how many threads the cpu backend's large float32 products
 * use (1: the calling thread only). Results are bit-identical whatever the count. In Node the
 * default is min(cores, 4); in a browser, Web Workers need a cross-origin isolated page.
 * @example
 * ```ts
 * import { getNumThreads, setNumThreads } from '@tensorgrad/tensor';
 * setNumThreads(1); // e.g. to leave the other cores to a server's requests
 * if (getNumThreads() !== 1) throw new Error('setNumThreads');
 * ```
 */
export function setNumThreads(threads: number): void {
  if (!(Number.isInteger(threads) && threads >= 1)) {
    throw new Error(`setNumThreads: expected a whole number ≥ 1, received ${String(threads)}`);
  }
  setCpuThreads(threads);
}

/**
 * PyTorch's `torch.get_num_threads`: the threads the cpu backend's large products run on now
 * (1 after a worker failed; `backendInfo().threads` says the same, and why in `cpuThreads()`).
 */
export function getNumThreads(): number {
  return cpuThreads().threads;
}

/** Records that the worker pool failed (threads are off until `setCpuThreads` is called). */
export function reportThreadFailure(reason: string): void {
  failure = reason;
  for (const listener of listeners) listener();
}

const listeners: (() => void)[] = [];

/** Calls `listener` whenever the thread count may have changed (pools restart then). */
export function onThreadsChanged(listener: () => void): void {
  listeners.push(listener);
}
