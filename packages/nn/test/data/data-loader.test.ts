/** DataLoader: batching, the last batch, shuffling by seed and epoch, collation and memory. */
import { describe, expect, it } from 'vitest';
import { Generator, Tensor, arange, manualSeed, memory, tensor, zeros } from '@tensorgrad/autograd';
import { DataLoader, Dataset, TensorDataset } from '@tensorgrad/nn';
import { numbers } from '../helpers.js';

/** Items 0..n-1 as plain numbers, so that batches show which indices they hold. */
function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Every batch of one epoch as lists of the sample indices. */
function epoch(loader: DataLoader<number>): number[][] {
  return [...loader].map((b) => numbers(b));
}

describe('DataLoader batching', () => {
  it('yields batchSize samples per batch, in order, and a last partial batch', () => {
    const loader = new DataLoader(indices(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('drops the last partial batch with dropLast', () => {
    const loader = new DataLoader(indices(7), { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const exact = new DataLoader(indices(6), { batchSize: 3, dropLast: true });
    expect(exact.length).toBe(2);
    expect(epoch(exact)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(new DataLoader(indices(2), { batchSize: 3, dropLast: true }).length).toBe(0);
  });

  it('defaults to batches of one', () => {
    const loader = new DataLoader(indices(3));
    expect(loader.batchSize).toBe(1);
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map((b) => b.shape)).toEqual([[1], [1], [1]]);
    expect(batches.map((b) => b.dtype)).toEqual(['int32', 'int32', 'int32']);
  });

  it('batches a TensorDataset as tuples of stacked rows', () => {
    const x = arange(0, 10, 1, { dtype: 'float32' }).reshape(5, 2);
    const y = tensor([0, 1, 0, 1, 1], { dtype: 'int32' });
    const shapes: number[][][] = [];
    const rows: number[] = [];
    for (const [xb, yb] of new DataLoader(new TensorDataset(x, y), { batchSize: 2 })) {
      shapes.push([[...xb.shape], [...yb.shape]]);
      rows.push(...numbers(xb));
      expect(yb.dtype).toBe('int32');
    }
    expect(shapes).toEqual([
      [[2, 2], [2]],
      [[2, 2], [2]],
      [[1, 2], [1]],
    ]);
    expect(rows).toEqual(indices(10));
  });

  it('passes each batch to collateFn', () => {
    const loader = new DataLoader(['a', 'b', 'c'], {
      batchSize: 2,
      collateFn: (batch: string[]) => batch.join('+'),
    });
    const batches: string[] = [...loader];
    expect(batches).toEqual(['a+b', 'c']);
  });

  it('has no batches for an empty dataset, and refuses to shuffle one as PyTorch does', () => {
    const empty = new TensorDataset(zeros([0, 3]));
    const loader = new DataLoader(empty, { batchSize: 4 });
    expect(loader.length).toBe(0);
    expect([...loader]).toEqual([]);
    expect(() => new DataLoader(empty, { shuffle: true })).toThrow(
      'DataLoader: shuffle needs a non-empty dataset, got one of length 0',
    );
  });

  it('rejects a batchSize that is not a positive integer', () => {
    expect(() => new DataLoader(indices(3), { batchSize: 0 })).toThrow(
      'DataLoader: batchSize must be a positive integer, got 0',
    );
    expect(() => new DataLoader(indices(3), { batchSize: 1.5 })).toThrow('got 1.5');
    expect(() => new DataLoader(indices(3), { batchSize: -2 })).toThrow('got -2');
  });
});

describe('DataLoader shuffling', () => {
  const n = 23;

  it('visits every index exactly once per epoch, reshuffling every epoch', () => {
    const loader = new DataLoader(indices(n), {
      batchSize: 5,
      shuffle: true,
      generator: new Generator(1),
    });
    const first = epoch(loader);
    const second = epoch(loader);
    for (const e of [first, second]) {
      expect(e.map((b) => b.length)).toEqual([5, 5, 5, 5, 3]);
      expect(e.flat().sort((a, b) => a - b)).toEqual(indices(n));
    }
    expect(first.flat()).not.toEqual(indices(n));
    expect(second.flat()).not.toEqual(first.flat());
  });

  it('repeats the sequence of epochs for the same seed', () => {
    const run = (seed: number) => {
      const loader = new DataLoader(indices(n), {
        batchSize: 4,
        shuffle: true,
        generator: new Generator(seed),
      });
      return [epoch(loader), epoch(loader)];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('draws from the global generator without one, so manualSeed fixes it', () => {
    const loader = new DataLoader(indices(n), { batchSize: 4, shuffle: true });
    manualSeed(5);
    const a = epoch(loader);
    manualSeed(5);
    expect(epoch(loader)).toEqual(a);
  });

  it('keeps dropLast batches full when shuffling', () => {
    const loader = new DataLoader(indices(n), {
      batchSize: 5,
      shuffle: true,
      dropLast: true,
      generator: new Generator(2),
    });
    const e = epoch(loader);
    expect(e.map((b) => b.length)).toEqual([5, 5, 5, 5]);
    expect(new Set(e.flat()).size).toBe(20);
  });
});

describe('DataLoader memory', () => {
  it('frees the per-sample tensors a dataset makes, keeping only the batch', () => {
    class Fresh extends Dataset<Tensor> {
      readonly length = 6;
      get(i: number): Tensor {
        return tensor([i, i]).mul(2); // two new tensors per sample
      }
    }
    const before = memory().tensors;
    const batches = [...new DataLoader(new Fresh(), { batchSize: 4 })];
    expect(memory().tensors).toBe(before + 2);
    expect(numbers(batches[1]!)).toEqual([8, 8, 10, 10]);
    for (const b of batches) b.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('leaves no tensors behind when shuffling a TensorDataset', () => {
    const ds = new TensorDataset(arange(0, 8, 1, { dtype: 'float32' }).reshape(4, 2));
    const before = memory().tensors;
    for (const [xb] of new DataLoader(ds, { batchSize: 3, shuffle: true })) xb.dispose();
    expect(memory().tensors).toBe(before);
  });
});
