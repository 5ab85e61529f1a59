/** `randomSplit`: disjoint random subsets of a dataset (`torch.utils.data.random_split`). */
import { type Generator, randperm } from '@tensorgrad/autograd';
import { type DatasetLike, Subset } from './dataset.js';

/** Options of {@link randomSplit}. */
export interface RandomSplitOptions {
  /** The generator of the permutation (default: the global one). */
  readonly generator?: Generator;
}

/**
 * The subset sizes `lengths` asks for: as given, or, when they are fractions summing to 1,
 * ⌊n · fraction⌋ each, with the remaining items handed out one by one from the first subset on
 * (PyTorch 1.13's rule).
 */
function splitSizes(lengths: readonly number[], n: number): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  // PyTorch's test, kept as is: a sum close to 1 means fractions, so lengths [1] splits a
  // dataset of any size into one subset of all of it.
  if (Math.abs(total - 1) <= 1e-9 && total <= 1) {
    const sizes = lengths.map((fraction, i) => {
      if (!(fraction >= 0 && fraction <= 1)) {
        throw new Error(`randomSplit: fraction at index ${i} is ${fraction}, not between 0 and 1`);
      }
      return Math.floor(n * fraction);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
    return sizes;
  }
  lengths.forEach((length, i) => {
    if (!Number.isInteger(length) || length < 0) {
      throw new Error(
        `randomSplit: length at index ${i} is ${length}; expected non-negative integers summing to the dataset's length ${n}, or fractions summing to 1`,
      );
    }
  });
  if (total !== n) {
    throw new Error(
      `randomSplit: lengths [${lengths.join(', ')}] sum to ${total}, but the dataset has ${n} items; expected lengths summing to ${n}, or fractions summing to 1`,
    );
  }
  return [...lengths];
}

/**
 * Splits `dataset` into disjoint random `Subset`s of the given `lengths` — item counts summing
 * to the dataset's length, or fractions summing to 1 — as `torch.utils.data.random_split`.
 * @example
 * ```ts
 * import { Generator } from '@tensorgrad/autograd';
 * import { randomSplit } from '@tensorgrad/nn';
 * const items = Array.from({ length: 10 }, (_, i) => i);
 * const [train, val] = randomSplit(items, [0.8, 0.2], { generator: new Generator(42) });
 * if (train!.length !== 8 || val!.length !== 2) throw new Error('randomSplit: sizes');
 * const all = [...train!, ...val!].sort((a, b) => a - b);
 * if (all.join() !== items.join()) throw new Error('randomSplit: every item exactly once');
 * ```
 */
export function randomSplit<T>(
  dataset: DatasetLike<T>,
  lengths: readonly number[],
  options: RandomSplitOptions = {},
): Subset<T>[] {
  const sizes = splitSizes(lengths, dataset.length);
  const perm = randperm(dataset.length, { generator: options.generator, backend: 'cpu' });
  const indices = Array.from(perm.data());
  perm.dispose();
  let offset = 0;
  return sizes.map((size) => {
    offset += size;
    return new Subset(dataset, indices.slice(offset - size, offset));
  });
}
