/**
 * A pool of worker threads running one WebAssembly kernel module over one shared memory.
 *
 * The calling thread places operands in the shared memory and posts a job: one function of the
 * module and a list of chunks (integer argument lists: pointers into that memory and sizes).
 * It then takes chunks itself, like the workers, and returns when every chunk is done, so the
 * backend's API stays synchronous. Jobs travel through a shared Int32Array
 * (`worker-source.ts` describes the protocol), not through messages: waking a worker costs
 * ~7 µs instead of a message's ~50 µs, and a worker sleeping in `Atomics.wait` keeps no event
 * loop busy, so Node exits with it.
 *
 * Failures: a worker whose chunk throws (a trap) marks itself failed; the calling thread then
 * runs that chunk itself (so a product is never lost, and a real bug throws here), shuts the
 * pool down and reports why through `reportThreadFailure`: the backend goes on single-threaded
 * and `backendInfo()` says so. A worker that cannot start within `STARTUP_MS` counts as failed.
 */
import { cpuThreads, reportThreadFailure, nodeBuiltin } from './threads.js';
import {
  ARGC,
  browserWorkerSource,
  CHUNK_TABLE,
  CHUNKS,
  CLAIM,
  FAILED,
  FAILED_CHUNK,
  FINISHED,
  FN,
  JOB,
  LOCKED,
  MAX_ARGS,
  MAX_CHUNKS,
  MESSAGE,
  MESSAGE_LENGTH,
  nodeWorkerSource,
  QUIT,
  READY,
  STATE,
  WORKER_INTS,
  WORKERS,
} from './worker-source.js';

/** How long Node waits for new workers to instantiate the module (they take ~25 ms). */
const STARTUP_MS = 2000;

/**
 * How long a job may go without a chunk finishing before the calling thread gives up on the
 * workers (one killed from outside, or out of memory, never reports): it then runs every chunk
 * itself. Chunks are milliseconds long; a stall this long means a worker is gone, or so starved
 * that one thread is no slower.
 */
const STALL_MS = 10_000;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface WorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true; workerData: unknown; name?: string },
  ) => NodeWorker;
}

/** A started worker, in Node or a browser. */
interface Handle {
  terminate(): void;
}

/**
 * A pool running `module` (instantiated here as `local`) over the shared `memory`, with the
 * backend's thread count; null when threads are off (one thread, or no SharedArrayBuffer) or
 * the workers cannot start (then reported: the backend goes on with one thread).
 */
export function startPool(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  names: readonly string[],
  local: Record<string, unknown>,
): KernelPool | null {
  const { threads } = cpuThreads();
  if (threads < 2 || typeof SharedArrayBuffer === 'undefined') return null;
  let pool: KernelPool;
  try {
    pool = new KernelPool(module, memory, names, local, threads - 1);
  } catch (error) {
    // Workers cannot be created here (a browser's content security policy, say).
    reportThreadFailure(`worker threads could not be created (${(error as Error).message})`);
    return null;
  }
  // A pool whose workers failed to start has reported it (threads are off from now on).
  return pool.failed === undefined ? pool : null;
}

export class KernelPool {
  /** At most this many chunks per job. */
  static readonly maxChunks = MAX_CHUNKS;
  private readonly control: Int32Array;
  private readonly handles: Handle[] = [];
  private readonly workers: number;
  private readonly localFunctions: ((...args: number[]) => void)[];
  /** Whether this thread may sleep in `Atomics.wait` (a browser's main thread may not). */
  private readonly canBlock: boolean;
  /** Set once a worker failed: the pool is shut down and every chunk runs here. */
  private failure: string | undefined;

  /**
   * Starts `workers` workers, each instantiating `module` over `memory` (which must be shared)
   * with `names` the functions jobs may name; `local` are the same functions instantiated
   * on the calling thread. In Node it waits until they are ready (or failed); in a browser the
   * workers start while the page runs, and take chunks once they have.
   */
  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    names: readonly string[],
    local: Record<string, unknown>,
    workers: number,
  ) {
    this.workers = workers;
    this.localFunctions = names.map((name) => local[name] as (...args: number[]) => void);
    this.control = new Int32Array(new SharedArrayBuffer((WORKERS + workers * WORKER_INTS) * 4));
    this.canBlock = agentCanBlock(this.control);
    const threads = nodeBuiltin<WorkerThreads>('node:worker_threads');
    for (let index = 0; index < workers; index++) {
      const init = { module, memory, control: this.control.buffer, index, names };
      this.handles.push(threads ? startNodeWorker(threads, init, this) : startWebWorker(init));
    }
    if (threads) this.awaitStartup();
  }

  /** Workers started and ready to take chunks (0 once the pool failed). */
  ready(): number {
    if (this.failure !== undefined) return 0;
    let n = 0;
    for (let w = 0; w < this.workers; w++) if (this.state(w) === READY) n++;
    return n;
  }

  /** Why the pool stopped, if it did. */
  get failed(): string | undefined {
    return this.failure;
  }

  /**
   * Calls function `fn` on every argument list of `chunks`, spread over the workers and this
   * thread, and returns when all calls are done. Which thread runs which chunk varies from
   * call to call, so chunks must write disjoint memory.
   */
  run(fn: number, chunks: readonly (readonly number[])[]): void {
    const argc = chunks[0]?.length ?? 0;
    if (chunks.length > MAX_CHUNKS || argc > MAX_ARGS || chunks.some((c) => c.length !== argc)) {
      throw new Error(
        `pool: expected at most ${MAX_CHUNKS} chunks of at most ${MAX_ARGS} arguments, all of ` +
          `one count; received ${chunks.length} chunks of ${chunks.map((c) => c.length).join(', ')}`,
      );
    }
    if (this.failure !== undefined || chunks.length < 2) {
      for (const chunk of chunks) this.localFunctions[fn](...chunk);
      return;
    }
    const ctl = this.control;
    Atomics.store(ctl, CLAIM, LOCKED);
    ctl[FN] = fn;
    ctl[ARGC] = argc;
    Atomics.store(ctl, FINISHED, 0);
    Atomics.store(ctl, CHUNKS, chunks.length);
    chunks.forEach((chunk, c) => {
      chunk.forEach((value, i) => (ctl[CHUNK_TABLE + c * MAX_ARGS + i] = value));
    });
    Atomics.store(ctl, CLAIM, 0);
    Atomics.add(ctl, JOB, 1);
    Atomics.notify(ctl, JOB);
    try {
      // Take chunks like a worker until none is left.
      for (;;) {
        const chunk = Atomics.load(ctl, CLAIM);
        if (chunk >= chunks.length) break;
        if (Atomics.compareExchange(ctl, CLAIM, chunk, chunk + 1) !== chunk) continue;
        this.localFunctions[fn](...chunks[chunk]);
        Atomics.add(ctl, FINISHED, 1);
      }
    } catch (error) {
      // Workers may still be running chunks of this job: stop them; the caller drops the pool
      // and its memory (threads are off from now on), so nothing reads what they leave.
      this.shutDown(`a kernel call failed (${String(error)}); the cpu backend runs on one thread`);
      throw error;
    }
    this.awaitChunks(fn, chunks);
  }

  /** Stops every worker; later jobs run on the calling thread. */
  terminate(): void {
    // Wake the sleeping workers so that they return: a browser ends a worker at once when its
    // script has returned, and one still in `Atomics.wait` only after a delay (2 s in Chromium).
    Atomics.store(this.control, QUIT, 1);
    Atomics.add(this.control, JOB, 1);
    Atomics.notify(this.control, JOB);
    for (const handle of this.handles) handle.terminate();
    this.handles.length = 0;
  }

  /** Marks the pool failed, stops it and reports why (once). */
  shutDown(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    this.terminate();
    console.warn(`[tensorgrad] ${reason}`);
    reportThreadFailure(reason);
  }

  /** Waits until every chunk is counted, running the chunks of failed workers here. */
  private awaitChunks(fn: number, chunks: readonly (readonly number[])[]): void {
    const ctl = this.control;
    const rescued = new Set<number>();
    let failure: string | undefined;
    let rescueError: unknown;
    let progress = { finished: -1, at: performance.now() };
    for (;;) {
      const finished = Atomics.load(ctl, FINISHED);
      if (finished === chunks.length) break;
      if (finished !== progress.finished) progress = { finished, at: performance.now() };
      else if (performance.now() - progress.at > STALL_MS) {
        // Redo every chunk here: each writes the same numbers wherever it runs, so chunks a
        // worker did finish, or a late worker still writing, change nothing.
        this.shutDown(
          `a worker thread stopped responding (no chunk finished for ${STALL_MS / 1000} s); ` +
            'the cpu backend runs on one thread from now on',
        );
        for (const chunk of chunks) this.localFunctions[fn](...chunk);
        return;
      }
      for (let w = 0; w < this.workers; w++) {
        if (this.state(w) !== FAILED || rescued.has(w)) continue;
        rescued.add(w);
        const chunk = ctl[WORKERS + w * WORKER_INTS + FAILED_CHUNK];
        failure ??= `a worker thread failed (${this.message(w)}); the cpu backend runs on one thread from now on`;
        if (chunk < 0) continue;
        try {
          this.localFunctions[fn](...chunks[chunk]);
        } catch (error) {
          // It fails here too: a real error, thrown once the other chunks are done.
          rescueError ??= error;
        }
        Atomics.add(ctl, FINISHED, 1);
      }
      // A failing worker also wakes this wait (it notifies FINISHED without changing it).
      if (this.canBlock) Atomics.wait(ctl, FINISHED, finished, 50);
    }
    // Only now, with no chunk running anywhere: stopping a worker mid-chunk would lose it.
    if (failure !== undefined) this.shutDown(failure);
    if (rescueError !== undefined) throw rescueError;
  }

  private state(w: number): number {
    return Atomics.load(this.control, WORKERS + w * WORKER_INTS + STATE);
  }

  /** Node: waits for every worker to be READY or FAILED, at most STARTUP_MS. */
  private awaitStartup(): void {
    const deadline = performance.now() + STARTUP_MS;
    for (let w = 0; w < this.workers; w++) {
      const at = WORKERS + w * WORKER_INTS + STATE;
      while (this.state(w) !== READY && this.state(w) !== FAILED) {
        const left = deadline - performance.now();
        if (left <= 0 || this.failure !== undefined) break;
        Atomics.wait(this.control, at, this.state(w), left);
      }
      if (this.state(w) === READY) continue;
      this.shutDown(
        this.state(w) === FAILED
          ? `a worker thread could not start (${this.message(w)}); the cpu backend runs on one thread`
          : `worker threads did not start within ${STARTUP_MS} ms; the cpu backend runs on one thread`,
      );
      return;
    }
  }

  /** The error message a failed worker left in its block. */
  private message(w: number): string {
    const at = WORKERS + w * WORKER_INTS + MESSAGE;
    let text = '';
    for (let i = 0; i < MESSAGE_LENGTH && this.control[at + i] !== 0; i++) {
      text += String.fromCharCode(this.control[at + i]);
    }
    return text.split('\n')[0] || 'no message';
  }
}

/** Whether `Atomics.wait` may block here; it throws on a browser's main thread. */
function agentCanBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, 0, 1, 0); // the value differs: returns 'not-equal' at once
    return true;
  } catch {
    return false;
  }
}

function startNodeWorker(threads: WorkerThreads, init: object, pool: KernelPool): Handle {
  const worker = new threads.Worker(nodeWorkerSource, {
    eval: true,
    workerData: init,
    name: 'tensorgrad cpu',
  });
  // The pool must not keep a finished program alive.
  worker.unref();
  // A worker that dies outside a call (its script failed) is only seen here, asynchronously.
  worker.on('error', (error) => pool.shutDown(`a worker thread failed (${error.message})`));
  return { terminate: () => void worker.terminate() };
}

function startWebWorker(init: object): Handle {
  const url = URL.createObjectURL(new Blob([browserWorkerSource], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'tensorgrad cpu' });
  worker.postMessage(init);
  return { terminate: () => worker.terminate() };
}
