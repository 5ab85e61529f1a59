/**
 * Timing harness: every row runs its contenders (tensorgrad and the peers) in the same process,
 * interleaved sample by sample, so that a noisy neighbour on the shared machine slows them all
 * alike; a row reports the median of its samples and their spread.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/**
 * A full garbage collection, run untimed before every sample: contenders share one heap, and
 * without it one framework's garbage is collected during another's sample.
 */
const collectGarbage = runInNewContext('gc') as () => void;

/** One framework's implementation of a row's workload. */
export interface Contender {
  /** Column name, e.g. `tensorgrad`, `tfjs-cpu`, `tfjs-wasm`, `js-pytorch`. */
  name: string;
  /** Untimed, before each sample (e.g. `tf.setBackend`). */
  before?: () => void | Promise<void>;
  /** The timed work; must include reading the result back to a JS typed array / number. */
  run: () => void;
  /** Untimed, after the row (free the contender's tensors). */
  dispose?: () => void;
}

/** Timing of one contender in one row. */
export interface Timing {
  name: string;
  /** Median wall time of a sample, ms. */
  medianMs: number;
  /** Fastest and slowest samples, ms. */
  minMs: number;
  maxMs: number;
  samples: number;
  /** Work per sample (e.g. flops), when the row defines a rate. */
  rate?: number;
  /** Extra figures (peak memory, ...). */
  extra?: Record<string, number | string>;
}

/** One line of a result table. */
export interface RowResult {
  family: string;
  name: string;
  /** Unit of `rate` (e.g. `GFLOP/s`), if any. */
  rateUnit?: string;
  timings: Timing[];
  /** Why a peer has no figure (e.g. `js-pytorch: no conv2d`). */
  notes: string[];
}

/** How many samples to take. */
export interface SampleOptions {
  warmup: number;
  samples: number;
  /** Stop sampling early once a contender has used this much time in total (ms). */
  budgetMs?: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `contenders` interleaved: `warmup` untimed rounds, then up to `samples` timed rounds,
 * each round running every contender once (order rotated each round so that none always runs
 * right after a particular other one), each sample after a full garbage collection.
 */
export async function measure(
  contenders: readonly Contender[],
  options: SampleOptions,
): Promise<Timing[]> {
  const times: number[][] = contenders.map(() => []);
  const spent = contenders.map(() => 0);
  for (let round = 0; round < options.warmup + options.samples; round++) {
    const timed = round >= options.warmup;
    for (let k = 0; k < contenders.length; k++) {
      const i = (k + round) % contenders.length;
      const c = contenders[i];
      if (
        timed &&
        options.budgetMs !== undefined &&
        times[i].length >= 3 &&
        spent[i] > options.budgetMs
      ) {
        continue;
      }
      await c.before?.();
      collectGarbage();
      const start = performance.now();
      c.run();
      const ms = performance.now() - start;
      if (timed) {
        times[i].push(ms);
        spent[i] += ms;
      }
    }
  }
  return contenders.map((c, i) => ({
    name: c.name,
    medianMs: median(times[i]),
    minMs: Math.min(...times[i]),
    maxMs: Math.max(...times[i]),
    samples: times[i].length,
  }));
}

/** Adds a rate (work per second, in the unit's scale) to each timing. */
export function withRate(timings: Timing[], workPerSample: number, scale = 1e9): Timing[] {
  return timings.map((t) => ({ ...t, rate: workPerSample / scale / (t.medianMs / 1000) }));
}

/** Runs `body` with `console.warn`/`console.log` silenced (tfjs greets Node users loudly). */
export async function quietly<T>(body: () => Promise<T>): Promise<T> {
  const { warn, log } = console;
  console.warn = () => {};
  console.log = () => {};
  try {
    return await body();
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/**
 * Deterministic float32 values in [-scale, scale) from a small LCG, so that every framework in
 * a row starts from exactly the same numbers (and the agreement test can compare them).
 */
export function seededValues(size: number, seed: number, scale = 1): Float32Array {
  const out = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = ((state / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Nested JS arrays of `values` in `shape` (js-pytorch's storage format). */
export function nest(values: ArrayLike<number>, shape: readonly number[]): unknown[] | number {
  if (shape.length === 0) return values[0];
  const [head, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  const out: unknown[] = new Array(head);
  for (let i = 0; i < head; i++) {
    const slice = Array.prototype.slice.call(values, i * stride, (i + 1) * stride) as number[];
    out[i] = nest(slice, rest);
  }
  return out;
}

/** Flat float64 array of a nested JS array. */
export function flatten(nested: unknown): number[] {
  return Array.isArray(nested) ? (nested.flat(Infinity) as number[]) : [nested as number];
}
