/** Running the ViT on one backend and timing it. */
import { noGrad, tensor, tidy } from '@tensorgrad/autograd';
import { backendInfo, setBackend, type BackendName } from '@tensorgrad/autograd';
import type { createModel } from './model.js';

/** What one backend produced. */
export interface BackendRun {
  readonly backend: BackendName;
  /** gpu.js's mode (`webgl2`, `webgl`, ...) on the gpu backend; absent on the cpu. */
  readonly mode: string | undefined;
  /** `[images, classes]` logits, read back to the host. */
  readonly logits: number[][];
  /** The first forward pass, which on the gpu also compiles every shader, in milliseconds. */
  readonly firstMs: number;
  /** The median of the later, warm forward passes, in milliseconds. */
  readonly ms: number;
}

/** Warm passes timed after the first one; the median of an odd count is one real sample. */
const WARM_RUNS = 5;

/**
 * Move `model` to `backend`, make it current and classify `pixels` (`[n, 3, h, w]` values).
 * Times include reading the logits back, since that is where the gpu waits for its work.
 */
export function runOn(
  backend: BackendName,
  model: ReturnType<typeof createModel>,
  pixels: Float32Array,
  shape: readonly number[],
): BackendRun {
  // Throws rather than falling back when WebGL is missing: a silent cpu run would pass for a gpu one.
  setBackend(backend);
  model.to(backend);
  const forward = (): number[][] =>
    tidy(() => noGrad(() => model.forward(tensor(pixels, { shape })).toArray() as number[][]));

  let start = performance.now();
  const logits = forward();
  const firstMs = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    start = performance.now();
    forward();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { backend, mode: backendInfo().mode, logits, firstMs, ms: times[WARM_RUNS >> 1]! };
}

/** Largest |a − b| over two equally shaped matrices. */
export function maxAbsDiff(a: readonly number[][], b: readonly number[][]): number {
  let worst = 0;
  a.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - b[i]![j]!)))));
  return worst;
}

/** Index of the largest value in each row: the predicted class. */
export function argmaxRows(rows: readonly number[][]): number[] {
  return rows.map((row) => row.indexOf(Math.max(...row)));
}
