/** `DataLoader`: mini-batches of a dataset, in order or shuffled (`torch.utils.data.DataLoader`). */
import { type Generator, randperm, tidy } from '@tensorgrad/autograd';
import { type Collated, defaultCollate } from './collate.js';
import { type DatasetLike, itemAt } from './dataset.js';

/** Options of {@link DataLoader}, as in PyTorch (camelCase). */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (`batch_size`). Default 1. */
  readonly batchSize?: number;
  /** Visit the samples in a new random order every epoch. Default false. */
  readonly shuffle?: boolean;
  /**
   * The generator the shuffle draws from (default: the global one, so `manualSeed` fixes it).
   * Each epoch draws a new permutation from it.
   */
  readonly generator?: Generator;
  /** Leave out the last batch when it would be smaller than `batchSize`. Default false. */
  readonly dropLast?: boolean;
  /** Merges a list of samples into a batch (`collate_fn`). Default {@link defaultCollate}. */
  readonly collateFn?: (batch: T[]) => B;
}

/**
 * Iterates a dataset in mini-batches: each `for...of` pass is one epoch. `length` is the
 * number of batches per epoch (PyTorch's `len(loader)`). Samples are read with `get` and merged
 * by `collateFn`; tensors made for a batch that do not end up in it are freed (each batch is
 * assembled inside `tidy`), so a dataset that caches tensors it creates in `get` must `keep`
 * them. Everything runs in the calling thread (there are no worker processes).
 * @example
 * ```ts
 * import { Generator, arange } from '@tensorgrad/autograd';
 * import { DataLoader, TensorDataset } from '@tensorgrad/nn';
 * const x = arange(0, 10).reshape(5, 2);
 * const y = arange(0, 5);
 * const loader = new DataLoader(new TensorDataset(x, y), {
 *   batchSize: 2,
 *   shuffle: true,
 *   generator: new Generator(0),
 * });
 * const sizes: number[] = [];
 * for (const [xb, yb] of loader) sizes.push(xb.shape[0]!, yb.shape[0]!);
 * if (loader.length !== 3 || sizes.join() !== '2,2,2,2,1,1') throw new Error('DataLoader');
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether every epoch visits the samples in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is left out. */
  readonly dropLast: boolean;
  /** The shuffle's generator, if one was given. */
  readonly generator: Generator | undefined;
  /** Merges a list of samples into a batch. */
  readonly collateFn: (batch: T[]) => B;

  /** Batches of `dataset` (a `Dataset` or an array of samples). */
  constructor(
    readonly dataset: DatasetLike<T>,
    options: DataLoaderOptions<T, B> = {},
  ) {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    if (this.shuffle && dataset.length === 0) {
      // torch's RandomSampler refuses an empty dataset too ("num_samples should be a positive
      // integer value"); without shuffle an empty dataset simply has no batches.
      throw new Error('DataLoader: shuffle needs a non-empty dataset, got one of length 0');
    }
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator;
    // Without a collateFn nothing infers B, so it is its default, Collated<T>: what
    // defaultCollate returns (TypeScript cannot tie a class parameter's default to an option).
    this.collateFn = options.collateFn ?? (defaultCollate as unknown as (batch: T[]) => B);
  }

  /** Batches per epoch: ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with `dropLast`. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch: the batches in order, or in a fresh random order when `shuffle` is set. */
  *[Symbol.iterator](): Iterator<B> {
    const order = this.sampleOrder();
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const indices = order.slice(b * this.batchSize, (b + 1) * this.batchSize);
      yield tidy(() => this.collateFn(indices.map((i) => itemAt(this.dataset, i))));
    }
  }

  /** The epoch's sample indices: `0 .. n-1`, or a permutation drawn by `randperm`. */
  private sampleOrder(): number[] {
    const n = this.dataset.length;
    if (!this.shuffle) return Array.from({ length: n }, (_, i) => i);
    // The permutation is read on the host, so it is made there whatever the current backend.
    const perm = randperm(n, { generator: this.generator, backend: 'cpu' });
    const order = Array.from(perm.data());
    perm.dispose();
    return order;
  }
}
