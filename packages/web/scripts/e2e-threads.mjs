// The cpu backend's worker pool in the browser, checked by scripts/e2e.mjs: in the page without
// a bundler (served cross-origin isolated), using the tensorgrad.js module that page loads,
// float32 products large enough to be split over Web Workers must give the same bits on 2
// threads as on 1, and as Node; the workers must really compute (their threads use CPU time);
// navigating away must end them, and the browser must then close promptly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getNumThreads, setBackend, setNumThreads, tensor } from '@tensorgrad/autograd';

/** [name, shape of a, shape of b, b transposed]: products above the pool's size threshold. */
const PRODUCTS = [
  ['[300, 257] @ [257, 190]', [300, 257], [257, 190], false],
  ['[3, 70, 300] @ [3, 300, 90]', [3, 70, 300], [3, 300, 90], false],
  ['[200, 300] @ [130, 300]ᵀ', [200, 300], [130, 300], true],
];

/** How long the workers may take to appear after the first threaded product. */
const WORKER_START_MS = 10_000;
/** How long the page's threaded products run while the workers' CPU time is measured. */
const BUSY_MS = 600;
/**
 * Stopping the pool must end its workers within this. Chromium ends a worker whose script has
 * returned at once, and one still sleeping in `Atomics.wait` only 2 s later (forcibly): the
 * pool wakes its workers to return first.
 */
const WORKER_END_MS = 1_000;
/** Closing the browser (and navigating away from a page with workers) must take less than this. */
const CLOSE_MS = 5_000;

/** Deterministic float32 values in [-1, 1) with a spread of exponents (so sums round). */
function values(size, seed) {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648 - 0.5) * 2 * 2 ** ((i % 7) - 3);
  }
  return out;
}

const count = (shape) => shape.reduce((p, s) => p * s, 1);

/** The operands of every product, as plain arrays (they cross into the page as JSON). */
function operands() {
  return PRODUCTS.map(([name, aShape, bShape, bT], i) => ({
    name,
    a: { shape: aShape, values: Array.from(values(count(aShape), 2 * i + 1)) },
    b: { shape: bShape, values: Array.from(values(count(bShape), 2 * i + 2)) },
    bT,
  }));
}

/** Node's products (built packages, cpu backend) on `threads` threads, as float32 bits. */
function nodeBits(inputs, threads) {
  setNumThreads(threads);
  return inputs.map(({ a, b, bT }) => {
    const x = tensor(Float32Array.from(a.values), { shape: a.shape });
    const y = tensor(Float32Array.from(b.values), { shape: b.shape });
    const out = x.matmul(bT ? y.mT : y);
    const bits = Array.from(new Uint32Array(Float32Array.from(out.data()).buffer));
    for (const t of [x, y, out]) t.dispose();
    return bits;
  });
}

/** Where the first of two bit arrays differs, or -1. */
function firstDifference(got, want) {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return i;
  return -1;
}

/**
 * Linux only: the browser's processes (the one started with `--user-data-dir=profile` and its
 * descendants), or undefined where /proc is missing.
 */
function browserProcesses(profile) {
  if (!existsSync('/proc/self/stat')) return undefined;
  const parents = new Map();
  const roots = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 2nd field after the command name, which may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(entry, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes(`--user-data-dir=${profile}`)) roots.push(entry);
    } catch {
      // The process ended while we read it.
    }
  }
  const ours = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!ours.has(pid) && ours.has(parent)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  return [...ours];
}

/**
 * Linux only: CPU time (clock ticks) used so far by each of the browser's dedicated-worker
 * threads (Chromium names them "DedicatedWorker thread"), by thread id; undefined without /proc.
 */
function workerThreadTicks(profile) {
  const pids = browserProcesses(profile);
  if (pids === undefined) return undefined;
  const ticks = new Map();
  for (const pid of pids) {
    let tids = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8');
        if (!comm.startsWith('DedicatedWorker')) continue;
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${pid}/${tid}`, Number(fields[11]) + Number(fields[12])); // utime + stime
      } catch {
        // The thread ended while we read it.
      }
    }
  }
  return ticks;
}

/** Ticks each worker thread of `after` used since `before`. */
function ticksSince(before, after) {
  return [...after].map(([tid, t]) => t - (before.get(tid) ?? 0));
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Resolves true once `holds()` is true, false if it is not within `ms`. */
async function waitUntil(holds, ms) {
  const deadline = performance.now() + ms;
  while (!holds()) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * In the page: imports the page's own tensorgrad.js, reports isolation and the automatic
 * thread count, turns 2 threads on and runs one product (which starts the pool's workers:
 * in a browser they start while the page runs, so this product stays on the calling thread).
 */
async function startPool({ moduleUrl, inputs }) {
  const tg = await import(moduleUrl);
  tg.setBackend('cpu');
  const automatic = { threads: tg.getNumThreads(), info: tg.backendInfo() };
  const operands = inputs.map(({ a, b, bT }) => {
    const x = tg.tensor(new Float32Array(a.values), { shape: a.shape });
    const y = tg.tensor(new Float32Array(b.values), { shape: b.shape });
    return [x, bT ? y.mT : y];
  });
  window.__threads = { tg, operands };
  tg.setNumThreads(2);
  operands[0][0].matmul(operands[0][1]).dispose();
  return {
    isolated: globalThis.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    cores: navigator.hardwareConcurrency,
    automatic: { threads: automatic.threads, info: automatic.info },
  };
}

/**
 * In the page: every product on `threads` threads as float32 bits, then the first product
 * repeated for `busyMs` (long enough to show in the workers' CPU time), and what the backend
 * reports afterwards (a failed pool turns threads off, so this shows that none failed).
 */
async function products({ threads, busyMs }) {
  const { tg, operands } = window.__threads;
  if (tg.getNumThreads() !== threads) tg.setNumThreads(threads);
  // A pool (re)started by this product takes chunks only once the event loop has turned and
  // its workers have started.
  operands[0][0].matmul(operands[0][1]).dispose();
  await new Promise((done) => setTimeout(done, 300));
  const bits = operands.map(([x, y]) => {
    const out = x.matmul(y);
    const result = Array.from(new Uint32Array(Float32Array.from(out.data()).buffer));
    out.dispose();
    return result;
  });
  const [x, y] = operands[0];
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < busyMs) {
    x.matmul(y).dispose();
    runs++;
  }
  const ms = (performance.now() - started) / runs;
  return { bits, ms, threads: tg.getNumThreads(), info: tg.backendInfo() };
}

/**
 * Runs the check in a fresh browser from `launch(profile)`; returns its problems, and prints
 * what it saw.
 */
export async function checkThreads({ launch, origin, profile, log }) {
  const problems = [];
  const inputs = operands();
  setBackend('cpu');
  const nodeThreads = getNumThreads();
  const node = nodeBits(inputs, nodeThreads);
  const nodeOne = nodeBits(inputs, 1);
  setNumThreads(nodeThreads);
  inputs.forEach(({ name }, i) => {
    if (firstDifference(nodeOne[i], node[i]) >= 0) {
      problems.push(`Node: ${name} differs on 1 and ${nodeThreads} threads`);
    }
  });

  const context = await launch(profile);
  let closed = false;
  try {
    await context.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const warnings = [];
    page.on('pageerror', (err) => problems.push(`uncaught page error: ${err.message}`));
    page.on('console', (message) => {
      if (message.text().includes('[tensorgrad]')) warnings.push(message.text());
    });
    // The page without a bundler, on the cpu: its own forward pass runs first, then this check
    // uses the same tensorgrad.js module instance.
    await page.goto(`${origin}/static/index.html?backend=cpu`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
    const moduleUrl = `${origin}/static/tensorgrad.js`;
    const start = await page.evaluate(startPool, { moduleUrl, inputs });
    log(
      `crossOriginIsolated ${start.isolated}, SharedArrayBuffer ${start.sharedArrayBuffer}, ` +
        `${start.cores} cores, automatic threads ${start.automatic.threads} ` +
        `(backendInfo().threads ${start.automatic.info.threads})`,
    );
    if (start.isolated !== true) problems.push('the page is not cross-origin isolated');
    if (!(start.automatic.threads > 1) || !(start.automatic.info.threads > 1)) {
      problems.push(
        `automatic thread count ${start.automatic.threads} (backendInfo().threads ` +
          `${start.automatic.info.threads}), expected > 1`,
      );
    }
    if (!(await waitUntil(() => page.workers().length >= 1, WORKER_START_MS))) {
      problems.push(`no Web Worker started within ${WORKER_START_MS} ms of setNumThreads(2)`);
    }

    const before = workerThreadTicks(profile);
    const two = await page.evaluate(products, { threads: 2, busyMs: BUSY_MS });
    const after = workerThreadTicks(profile);
    const workersOnTwo = page.workers().length;
    // setNumThreads(1) stops the pool: its workers must end promptly.
    const ending = performance.now();
    await page.evaluate(() => window.__threads.tg.setNumThreads(1));
    await waitUntil(() => page.workers().length === 0, CLOSE_MS);
    const endedMs = performance.now() - ending;
    const workersOnOne = page.workers().length;
    const one = await page.evaluate(products, { threads: 1, busyMs: BUSY_MS });

    const used = before && after ? ticksSince(before, after) : undefined;
    log(
      `2 threads: ${workersOnTwo} worker(s), backendInfo().threads ${two.info.threads}, ` +
        `${two.ms.toFixed(2)} ms per [300, 257] @ [257, 190]` +
        (used ? `, worker threads used ${used.join(' + ')} CPU ticks in ${BUSY_MS} ms` : ''),
    );
    log(
      `1 thread:  backendInfo().threads ${one.info.threads}, ${one.ms.toFixed(2)} ms per ` +
        `product; setNumThreads(1) ended the pool's worker(s) in ${endedMs.toFixed(0)} ms`,
    );
    if (two.threads !== 2 || two.info.threads !== 2) {
      problems.push(
        `after the 2-thread products getNumThreads() is ${two.threads} and backendInfo().threads ` +
          `${two.info.threads}, expected 2 (did the pool fail?)`,
      );
    }
    if (workersOnTwo < 1) problems.push('no Web Worker was running on 2 threads');
    if (used !== undefined && !used.some((t) => t > 0)) {
      problems.push('the Web Workers used no CPU time: the pool did not compute');
    }
    if (workersOnOne !== 0 || endedMs > WORKER_END_MS) {
      problems.push(
        `setNumThreads(1): ${workersOnOne} worker(s) left after ${endedMs.toFixed(0)} ms, ` +
          `expected none within ${WORKER_END_MS} ms`,
      );
    }
    for (const warning of warnings) problems.push(`page warned: ${warning}`);
    let identical = true;
    inputs.forEach(({ name }, i) => {
      const checks = [
        ['2 threads vs 1 thread in the page', two.bits[i], one.bits[i]],
        ['the page on 2 threads vs Node', two.bits[i], node[i]],
        ['the page on 1 thread vs Node', one.bits[i], node[i]],
      ];
      for (const [what, got, want] of checks) {
        const at = firstDifference(got, want);
        if (at < 0) continue;
        identical = false;
        problems.push(`${name}: ${what} differ first at element ${at}`);
      }
    });
    log(
      `${inputs.length} products (${inputs.map((p) => p.name).join(', ')}): ` +
        (identical ? 'bit-identical' : 'bits differ') +
        ` on 2 threads, 1 thread and in Node (${nodeThreads} threads)`,
    );

    // Workers running, then navigating away: the navigation must not hang, and must end them.
    await page.evaluate(products, { threads: 2, busyMs: 0 });
    const running = page.workers().length;
    let navigated = performance.now();
    await page.goto(`${origin}/static/index.html?backend=cpu`, { timeout: CLOSE_MS });
    navigated = performance.now() - navigated;
    await sleep(300);
    log(
      `navigating away with ${running} worker(s) running took ${navigated.toFixed(0)} ms; ` +
        `${page.workers().length} worker(s) afterwards`,
    );
    if (page.workers().length !== 0) {
      problems.push(`${page.workers().length} worker(s) survived navigating away`);
    }

    const closing = performance.now();
    await context.close();
    closed = true;
    const closeMs = performance.now() - closing;
    let left = browserProcesses(profile);
    while (left !== undefined && left.length > 0 && performance.now() - closing < CLOSE_MS) {
      await sleep(100);
      left = browserProcesses(profile);
    }
    log(
      `browser closed in ${closeMs.toFixed(0)} ms` +
        (left === undefined ? '' : `; ${left.length} of its processes left`),
    );
    if (closeMs > CLOSE_MS) problems.push(`closing the browser took ${closeMs.toFixed(0)} ms`);
    if (left !== undefined && left.length > 0) {
      problems.push(
        `browser processes ${left.join(', ')} still running ${CLOSE_MS} ms after close`,
      );
    }
  } finally {
    if (!closed) await context.close();
  }
  return problems;
}
