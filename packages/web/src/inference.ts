/** Classifying the images on one backend, and timing it. */
import { noGrad, setBackend, tensor, tidy, type BackendName } from '@tensorgrad/autograd';
import type { ImageBatch } from '@tensorgrad/demo/shapes';
import type { Checkpoint } from './checkpoint.js';

/** What one backend produced. */
export interface Classification {
  /** `[images, classes]` logits, read back to the host. */
  readonly logits: number[][];
  /** Softmax of each row of `logits`. */
  readonly probabilities: number[][];
  /** The predicted class of each image: the index of its largest logit. */
  readonly predictions: number[];
  /** The first forward pass, which on the gpu also compiles every shader, in milliseconds. */
  readonly firstMs: number;
  /** The median of the later, warm forward passes, in milliseconds. */
  readonly ms: number;
}

/** Warm passes timed after the first one; the median of an odd count is one real sample. */
const WARM_RUNS = 5;

/**
 * Move the checkpoint's model to `backend`, make that backend current and classify `batch`.
 * Times include reading the results back, since that is where the gpu waits for its work.
 */
export function classify(
  backend: BackendName,
  { model }: Checkpoint,
  batch: ImageBatch,
): Classification {
  setBackend(backend);
  model.to(backend);
  const shape = [batch.n, 3, batch.size, batch.size];
  const forward = () =>
    tidy(() =>
      noGrad(() => {
        const logits = model.forward(tensor(batch.images, { shape }));
        return {
          logits: logits.toArray() as number[][],
          probabilities: logits.softmax(-1).toArray() as number[][],
        };
      }),
    );

  let start = performance.now();
  const { logits, probabilities } = forward();
  const firstMs = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    start = performance.now();
    forward();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    logits,
    probabilities,
    predictions: argmaxRows(logits),
    firstMs,
    ms: times[WARM_RUNS >> 1]!,
  };
}

/** Index of the largest value in each row (the first one on a tie, like `argmax`). */
export function argmaxRows(rows: readonly number[][]): number[] {
  return rows.map((row) => row.indexOf(Math.max(...row)));
}

/** Fraction of `predictions` equal to `labels`. */
export function accuracy(predictions: readonly number[], labels: ArrayLike<number>): number {
  let right = 0;
  predictions.forEach((p, i) => (right += p === labels[i] ? 1 : 0));
  return predictions.length === 0 ? 0 : right / predictions.length;
}
