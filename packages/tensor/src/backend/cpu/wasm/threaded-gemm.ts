/**
 * float32 matmul over the worker pool: the same product as `gemm.ts`, its output cut into
 * bands that the threads share out.
 *
 * The calling thread places the operands in a shared WebAssembly memory exactly as the
 * single-threaded product does, then each depth block's kernel call is cut into bands of whole
 * register tiles: of 8-column panels (a thread then reads only its panels of b), or of 4-row
 * panels when there are too few columns. Workers and the calling thread take bands until none
 * is left (`pool.ts`). Only output rows and columns are divided, never the depth, and a tile's
 * sums do not depend on where the tile lies or which thread computes it: every element is
 * summed in the same order on any number of threads, so results are bit-identical to one
 * thread's.
 */
import { KernelPool, startPool } from '../pool/pool.js';
import { cpuThreads, onThreadsChanged } from '../pool/threads.js';
import { gemmModuleBytes, gemmOn, load, MR, NR, type Kernel, type Matrix } from './gemm.js';
import { instantiateKernel } from './instance.js';

/**
 * Products with fewer multiply-adds (m·k·n) than this stay on the calling thread. Measured on
 * 2 cores, 2 threads against 1 for n³: 64³ 0.95×, 72³ 0.9×, 80³ 1.12×, 96³ 1.25×, 128³ 1.4×
 * (waking a worker and the claims cost a few µs; 64³ takes 19 µs).
 */
const THRESHOLD = 80 * 80 * 80;

/**
 * Bands per thread: threads take bands until none is left, so a thread that the operating
 * system runs less (a busy machine) takes fewer instead of holding up the product.
 */
const CHUNKS_PER_THREAD = 4;

/**
 * Upper bound of the shared memory where there is no cpu heap, in 64 KiB pages (1 GiB):
 * WebAssembly requires a shared memory to declare one. A product that needs more runs on the
 * calling thread. With a heap, products run over the heap's memory (at most 2 GiB).
 */
const SHARED_MAXIMUM_PAGES = 16384;

/** `gemm` argument positions that a band changes (see `gemmModuleBytes`). */
const A_PTR = 0;
const A_PANEL = 1;
const B_PTR = 4;
const B_PANEL = 5;
const C_PTR = 7;
const LDC = 8;
const C_PANEL = 9;
const M_PANELS = 10;
const N_PANELS = 11;

let pooled: { kern: Kernel; pool: KernelPool } | null | undefined;
let threadedProducts = 0;

/**
 * How many products ran on more than one thread so far (tests check that the pool was used).
 * @internal
 */
export function threadedProductCount(): number {
  return threadedProducts;
}

onThreadsChanged(() => {
  pooled?.pool.terminate();
  pooled = undefined;
});

/** The shared kernel and its pool, started on first use; null when threads are off. */
function gemmPool(): { kern: Kernel; pool: KernelPool } | null {
  if (pooled !== undefined) return pooled;
  if (cpuThreads().threads < 2 || typeof SharedArrayBuffer === 'undefined') return (pooled = null);
  // The heap's kernel (operands read where they lie), else one over a shared memory of its own.
  const onHeap = load();
  const kern =
    onHeap !== null && onHeap.heap
      ? onHeap
      : instantiateKernel<Kernel['exports']>(
          gemmModuleBytes(SHARED_MAXIMUM_PAGES),
          SHARED_MAXIMUM_PAGES,
        );
  const pool = kern && startPool(kern.module, kern.memory, ['gemm'], kern.exports);
  return (pooled = kern && pool ? { kern, pool } : null);
}

/**
 * The product of `simdGemm` split over the pool; false (nothing done) when it stays on the
 * calling thread: small, threads off or not started yet, or too large for the shared memory.
 */
export function threadedGemm(
  a: Matrix,
  b: Matrix,
  out: Float32Array,
  outOffset: number,
  m: number,
  k: number,
  n: number,
): boolean {
  if (m * k * n < THRESHOLD) return false;
  const threaded = gemmPool();
  if (threaded === null) return false;
  const { kern, pool } = threaded;
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const threads = cpuThreads().threads;
  const byColumns = nPanels >= mPanels || nPanels >= CHUNKS_PER_THREAD * threads;
  const parts = Math.min(
    CHUNKS_PER_THREAD * threads,
    KernelPool.maxChunks,
    byColumns ? nPanels : mPanels,
  );
  if (parts < 2 || pool.ready() === 0) return false;
  const run = (args: number[]) => pool.run(0, splitCall(args, parts, byColumns));
  try {
    gemmOn(kern, run, a, b, out, outOffset, m, k, n);
    threadedProducts++;
  } catch (error) {
    // The shared memory cannot grow that far: the private one has no maximum.
    if (error instanceof RangeError) return false;
    throw error;
  }
  return true;
}

/** One `gemm` call cut into `parts` bands of whole panels (columns or rows), as even as can be. */
function splitCall(args: readonly number[], parts: number, byColumns: boolean): number[][] {
  const panels = args[byColumns ? N_PANELS : M_PANELS];
  const bands: number[][] = [];
  for (let t = 0; t < parts; t++) {
    const first = Math.floor((t * panels) / parts);
    const end = Math.floor(((t + 1) * panels) / parts);
    const band = args.slice();
    if (byColumns) {
      band[B_PTR] += first * args[B_PANEL];
      band[C_PTR] += first * args[C_PANEL];
      band[N_PANELS] = end - first;
    } else {
      band[A_PTR] += first * args[A_PANEL];
      band[C_PTR] += first * MR * args[LDC];
      band[M_PANELS] = end - first;
    }
    bands.push(band);
  }
  return bands;
}
