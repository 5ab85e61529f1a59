/**
 * The code each pool worker runs, as JavaScript text.
 *
 * Why text and not a worker file: the worker only instantiates a kernel module it is handed
 * and calls its exports, so it needs none of tensorgrad's sources; as text it is started the
 * same way from `dist/`, from the TypeScript sources under vitest (where a `worker.js` beside
 * this file does not exist) and from a single-file browser bundle (a Blob URL), with no file
 * to locate. It is plain ES2020 with no imports, so no build step changes it.
 *
 * Protocol, over one shared Int32Array (`pool.ts` is the other side). A job is one function of
 * the module called on CHUNKS argument lists (the CHUNK_TABLE, MAX_ARGS ints each). The
 * calling thread locks CLAIM, writes the job, sets CLAIM to 0 and increments JOB; sleeping
 * workers wake. Every thread, the caller included, then claims the next chunk by
 * compare-and-swap on CLAIM, runs it and counts it in FINISHED, until no chunk is left; the
 * caller returns once FINISHED reaches CHUNKS. Work is taken, not assigned: a worker that the
 * operating system does not schedule (a busy machine) holds nobody up. A chunk that throws (a
 * trap) sets the worker's STATE to FAILED, its FAILED_CHUNK, and its MESSAGE (char codes).
 * To stop, the caller sets QUIT and increments JOB: workers leave their loop instead of
 * sleeping again.
 */

/** Int32 offsets of the job header. */
export const JOB = 0;
export const CLAIM = 1;
export const FINISHED = 2;
export const FN = 3;
export const CHUNKS = 4;
export const ARGC = 5;
export const QUIT = 6;
/** CLAIM while the caller writes a job: above any chunk index, so nothing can be claimed. */
export const LOCKED = 0x7fffffff;
/** At most this many arguments per call and chunks per job. */
export const MAX_ARGS = 16;
export const MAX_CHUNKS = 64;
export const CHUNK_TABLE = 8;
/** Per worker: STATE, FAILED_CHUNK, MESSAGE; the first block starts at WORKERS. */
export const WORKERS = CHUNK_TABLE + MAX_CHUNKS * MAX_ARGS;
export const STATE = 0;
export const FAILED_CHUNK = 1;
export const MESSAGE = 2;
export const MESSAGE_LENGTH = 254;
export const WORKER_INTS = MESSAGE + MESSAGE_LENGTH;

/** STATE values. */
export const STARTING = 0;
export const READY = 1;
export const FAILED = 2;

/**
 * `(init) => void`: init is `{ module, memory, control, index, names }` (control: the shared
 * Int32Array's buffer; index: this worker's number). Between jobs the worker sleeps in
 * `Atomics.wait`, which costs nothing, and Node ends it with the process. The loop returns
 * when QUIT is set: Chromium terminates a Web Worker gracefully only once its script returns,
 * and forcibly, 2 s later, one that is still waiting.
 */
const workerMain = `(init) => {
  const ctl = new Int32Array(init.control);
  const own = ${WORKERS} + init.index * ${WORKER_INTS};
  const fail = (error, chunk) => {
    const text = String(error && error.stack ? error.stack : error);
    for (let i = 0; i < ${MESSAGE_LENGTH}; i++)
      ctl[own + ${MESSAGE} + i] = i < text.length ? text.charCodeAt(i) : 0;
    ctl[own + ${FAILED_CHUNK}] = chunk;
    Atomics.store(ctl, own + ${STATE}, ${FAILED});
    Atomics.notify(ctl, own + ${STATE});
    Atomics.notify(ctl, ${FINISHED});
  };
  let fns;
  try {
    const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
    fns = init.names.map((name) => instance.exports[name]);
  } catch (error) {
    fail(error, -1);
    return;
  }
  Atomics.store(ctl, own + ${STATE}, ${READY});
  Atomics.notify(ctl, own + ${STATE});
  const args = [];
  for (let job = Atomics.load(ctl, ${JOB}); ; ) {
    Atomics.wait(ctl, ${JOB}, job);
    if (Atomics.load(ctl, ${QUIT}) !== 0) return;
    job = Atomics.load(ctl, ${JOB});
    for (;;) {
      const chunk = Atomics.load(ctl, ${CLAIM});
      if (chunk >= Atomics.load(ctl, ${CHUNKS})) break;
      if (Atomics.compareExchange(ctl, ${CLAIM}, chunk, chunk + 1) !== chunk) continue;
      // Claimed: the job cannot finish (nor change) before this chunk is counted.
      args.length = ctl[${ARGC}];
      for (let i = 0; i < args.length; i++) args[i] = ctl[${CHUNK_TABLE} + chunk * ${MAX_ARGS} + i];
      try {
        fns[ctl[${FN}]](...args);
      } catch (error) {
        fail(error, chunk);
        return;
      }
      Atomics.add(ctl, ${FINISHED}, 1);
      Atomics.notify(ctl, ${FINISHED});
    }
  }
}`;

/**
 * The worker script for Node's `new Worker(source, { eval: true, workerData: init })`. Not
 * `require`: an eval worker inherits `--input-type=module` from `node -e`, and is then an ES
 * module without it.
 */
export const nodeWorkerSource = `(${workerMain})(
  process.getBuiltinModule('node:worker_threads').workerData,
);`;

/** The worker script for a browser Web Worker: init arrives as the first message. */
export const browserWorkerSource = `self.onmessage = (event) => {
  self.onmessage = null;
  (${workerMain})(event.data);
};`;
