/**
 * Map-style datasets (`torch.utils.data.Dataset`): a length and an item per index.
 *
 * PyTorch's protocol is `__len__` and `__getitem__`; here they are `length` (as on a JS array)
 * and `get(index)` (as on a JS `Map`), so `len(ds)` is `ds.length` and `ds[i]` is `ds.get(i)`.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/**
 * A dataset with a size and random access, the input of `DataLoader`, `Subset` and
 * `randomSplit`. Subclasses give `length` (PyTorch's `__len__`) and `get(index)`
 * (`__getitem__`, called with `0 <= index < length`); iterating a dataset yields its items in
 * order.
 * @example
 * ```ts
 * import { Dataset } from '@tensorgrad/nn';
 * class Squares extends Dataset<[number, number]> {
 *   readonly length = 4;
 *   get(i: number): [number, number] {
 *     return [i, i * i];
 *   }
 * }
 * const pairs = [...new Squares()];
 * if (pairs.map(([, y]) => y).join() !== '0,1,4,9') throw new Error('Dataset');
 * ```
 */
export abstract class Dataset<T> implements Iterable<T> {
  /** The number of items (`__len__`). */
  abstract readonly length: number;

  /** The item at `index`, `0 <= index < length` (`__getitem__`). */
  abstract get(index: number): T;

  /** Yields `get(0)`, `get(1)`, ... `get(length - 1)`. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * What `DataLoader`, `Subset` and `randomSplit` accept: a `Dataset`, or a plain array of items
 * (PyTorch users pass lists as datasets the same way).
 */
export type DatasetLike<T> = Dataset<T> | readonly T[];

/** Item `index` of a dataset or an array. @internal */
export function itemAt<T>(dataset: DatasetLike<T>, index: number): T {
  return dataset instanceof Dataset ? dataset.get(index) : (dataset[index] as T);
}

/**
 * `index` as a position in `0 .. length-1`, counting from the end when negative (Python's
 * indexing, which `TensorDataset` and `Subset` keep); throws when out of range. @internal
 */
export function checkIndex(what: string, index: number, length: number): number {
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new Error(
      `${what}: index ${index} is out of range for a dataset of length ${length} (expected an integer in [${-length}, ${length - 1}])`,
    );
  }
  return index < 0 ? index + length : index;
}

/**
 * Rows of tensors that share their first dimension (`torch.utils.data.TensorDataset`): item `i`
 * is the tuple of row `i` of every tensor, as views (no copy).
 * @example
 * ```ts
 * import { arange, tensor } from '@tensorgrad/autograd';
 * import { TensorDataset } from '@tensorgrad/nn';
 * const x = arange(0, 6).reshape(3, 2);
 * const y = tensor([0, 1, 0], { dtype: 'int32' });
 * const ds = new TensorDataset(x, y);
 * const [row, label] = ds.get(1); // x[1], y[1]
 * if (ds.length !== 3 || String(row.toArray()) !== '2,3' || label.item() !== 1)
 *   throw new Error('TensorDataset');
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  /** The tensors, as given. */
  readonly tensors: T;

  /** Pair the rows of `tensors`, which must all have the same size in dim 0. */
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) {
      throw new Error('TensorDataset: expected at least one tensor, got none');
    }
    tensors.forEach((t, i) => {
      if (t.ndim === 0) {
        throw new Error(
          `TensorDataset: tensor ${i} is a scalar (shape []); every tensor needs a first dimension to index`,
        );
      }
    });
    const first = tensors[0] as Tensor;
    tensors.forEach((t, i) => {
      if (t.shape[0] !== first.shape[0]) {
        throw new Error(
          `TensorDataset: every tensor must have the same size in dim 0, got tensor 0 of shape ${shapeString(first.shape)} and tensor ${i} of shape ${shapeString(t.shape)} (${first.shape[0]} != ${t.shape[0]})`,
        );
      }
    });
    this.tensors = tensors;
  }

  /** The shared size of dim 0. */
  get length(): number {
    return this.tensors[0]!.shape[0] as number;
  }

  /** Row `index` of every tensor (negative counts from the end, as in Python). */
  get(index: number): T {
    const i = checkIndex('TensorDataset', index, this.length);
    return this.tensors.map((t) => t.select(0, i)) as T;
  }
}

/**
 * The items of `dataset` at `indices`, in that order (`torch.utils.data.Subset`): item `i` is
 * `dataset.get(indices[i])`.
 * @example
 * ```ts
 * import { Subset } from '@tensorgrad/nn';
 * const evens = new Subset(['a', 'b', 'c', 'd'], [0, 2]);
 * if ([...evens].join() !== 'a,c') throw new Error('Subset');
 * ```
 */
export class Subset<T> extends Dataset<T> {
  /**
   * @param dataset - the dataset to pick from.
   * @param indices - positions in `dataset`; not checked until read, as in PyTorch.
   */
  constructor(
    readonly dataset: DatasetLike<T>,
    readonly indices: readonly number[],
  ) {
    super();
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** `dataset.get(indices[index])` (negative counts from the end, as in Python). */
  get(index: number): T {
    const i = checkIndex('Subset', index, this.length);
    const inner = this.indices[i] as number;
    if (!(this.dataset instanceof Dataset)) checkIndex('Subset', inner, this.dataset.length);
    return itemAt(this.dataset, inner);
  }
}
