/** Dataset, TensorDataset, Subset: lengths, items, index checks and errors. */
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '@tensorgrad/autograd';
import { Dataset, Subset, TensorDataset } from '@tensorgrad/nn';
import { numbers } from '../helpers.js';

class Range extends Dataset<number> {
  constructor(readonly length: number) {
    super();
  }
  get(i: number): number {
    return i * 10;
  }
}

describe('Dataset', () => {
  it('iterates get(0) .. get(length - 1)', () => {
    expect([...new Range(4)]).toEqual([0, 10, 20, 30]);
    expect([...new Range(0)]).toEqual([]);
  });
});

describe('TensorDataset', () => {
  const x = arange(0, 12, 1, { dtype: 'float32' }).reshape(4, 3);
  const y = tensor([5, 6, 7, 8], { dtype: 'int32' });

  it('gives row i of every tensor as views', () => {
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(4);
    const [row, label] = ds.get(2);
    expect(numbers(row)).toEqual([6, 7, 8]);
    expect(row.shape).toEqual([3]);
    expect(label.shape).toEqual([]);
    expect(label.item()).toBe(7);
    expect(row.value.storage).toBe(x.value.storage); // a view, not a copy
    expect(ds.tensors).toEqual([x, y]);
  });

  it('counts negative indices from the end, as Python does', () => {
    const ds = new TensorDataset(x, y);
    expect(ds.get(-1)[1].item()).toBe(8);
    expect(ds.get(-4)[1].item()).toBe(5);
  });

  it('rejects out-of-range and fractional indices', () => {
    const ds = new TensorDataset(x, y);
    expect(() => ds.get(4)).toThrow(
      'TensorDataset: index 4 is out of range for a dataset of length 4 (expected an integer in [-4, 3])',
    );
    expect(() => ds.get(-5)).toThrow('index -5 is out of range');
    expect(() => ds.get(1.5)).toThrow('index 1.5 is out of range');
  });

  it('names the sizes when the first dims differ', () => {
    expect(() => new TensorDataset(x, tensor([1, 2, 3]))).toThrow(
      'TensorDataset: every tensor must have the same size in dim 0, got tensor 0 of shape [4, 3] and tensor 1 of shape [3] (4 != 3)',
    );
  });

  it('rejects no tensors and scalars', () => {
    expect(() => new TensorDataset()).toThrow('TensorDataset: expected at least one tensor');
    expect(() => new TensorDataset(x, tensor(1))).toThrow(
      'TensorDataset: tensor 1 is a scalar (shape [])',
    );
  });

  it('has length 0 for tensors with no rows', () => {
    const ds = new TensorDataset(zeros([0, 3]), zeros([0]));
    expect(ds.length).toBe(0);
    expect([...ds]).toEqual([]);
    expect(() => ds.get(0)).toThrow('index 0 is out of range for a dataset of length 0');
  });
});

describe('Subset', () => {
  it('reads the dataset at its indices, in their order', () => {
    const s = new Subset(new Range(10), [7, 2, 2]);
    expect(s.length).toBe(3);
    expect([...s]).toEqual([70, 20, 20]);
    expect(s.get(-1)).toBe(20);
  });

  it('works on arrays and checks both indices', () => {
    const s = new Subset(['a', 'b', 'c'], [2, 5]);
    expect(s.get(0)).toBe('c');
    expect(() => s.get(2)).toThrow('Subset: index 2 is out of range for a dataset of length 2');
    expect(() => s.get(1)).toThrow('Subset: index 5 is out of range for a dataset of length 3');
  });

  it('nests', () => {
    const inner = new Subset(new Range(10), [9, 8, 7, 6]);
    expect([...new Subset(inner, [3, 0])]).toEqual([60, 90]);
  });
});
