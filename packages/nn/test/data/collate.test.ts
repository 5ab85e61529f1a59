/** defaultCollate: PyTorch's default_collate on tensors, numbers, tuples and objects. */
import { describe, expect, it } from 'vitest';
import { Tensor, memory, tensor } from '@tensorgrad/autograd';
import { defaultCollate } from '@tensorgrad/nn';
import { numbers } from '../helpers.js';

describe('defaultCollate', () => {
  it('stacks tensors along a new dim 0', () => {
    const b = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(b.shape).toEqual([3, 2]);
    expect(b.dtype).toBe('float32');
    expect(numbers(b)).toEqual([1, 2, 3, 4, 5, 6]);
    const scalars = defaultCollate([
      tensor(1, { dtype: 'float64' }),
      tensor(2, { dtype: 'float64' }),
    ]);
    expect(scalars.shape).toEqual([2]);
    expect(scalars.dtype).toBe('float64');
  });

  it('turns integers into int32, other numbers into float32, booleans into bool', () => {
    const ints = defaultCollate([0, 2, -1]);
    expect(ints.dtype).toBe('int32');
    expect(numbers(ints)).toEqual([0, 2, -1]);
    const floats = defaultCollate([0, 0.5]);
    expect(floats.dtype).toBe('float32');
    expect(numbers(floats)).toEqual([0, 0.5]);
    expect(defaultCollate([1, 2 ** 31]).dtype).toBe('float32'); // beyond int32
    expect(defaultCollate([1, NaN]).dtype).toBe('float32');
    const flags = defaultCollate([true, false]);
    expect(flags.dtype).toBe('bool');
    expect(flags.toArray()).toEqual([true, false]);
  });

  it('stacks typed arrays as tensors of their dtype (PyTorch does so with numpy arrays)', () => {
    const b = defaultCollate([new Float64Array([1, 2]), new Float64Array([3, 4])]);
    expect(b.dtype).toBe('float64');
    expect(b.shape).toEqual([2, 2]);
    expect(defaultCollate([new Int32Array([1]), new Int32Array([2])]).dtype).toBe('int32');
  });

  it('collates tuples element by element, keeping strings as lists', () => {
    const [x, y, name] = defaultCollate([
      [tensor([1, 1]), 0, 'a'],
      [tensor([2, 2]), 1, 'b'],
    ] as [Tensor, number, string][]);
    expect(x.shape).toEqual([2, 2]);
    expect(numbers(x)).toEqual([1, 1, 2, 2]);
    expect(y.dtype).toBe('int32');
    expect(numbers(y)).toEqual([0, 1]);
    expect(name).toEqual(['a', 'b']);
  });

  it('collates plain objects key by key, recursively', () => {
    const b = defaultCollate([
      { image: tensor([1]), meta: { id: 3, scale: 0.5 }, tags: [true, 'x'] },
      { image: tensor([2]), meta: { id: 4, scale: 1.5 }, tags: [false, 'y'] },
    ] as { image: Tensor; meta: { id: number; scale: number }; tags: [boolean, string] }[]);
    expect(Object.keys(b)).toEqual(['image', 'meta', 'tags']);
    expect(b.image.shape).toEqual([2, 1]);
    expect(b.meta.id.dtype).toBe('int32');
    expect(numbers(b.meta.scale)).toEqual([0.5, 1.5]);
    expect(b.tags[0].toArray()).toEqual([true, false]);
    expect(b.tags[1]).toEqual(['x', 'y']);
  });

  it('frees its intermediates, leaving only the batch', () => {
    const samples = [{ a: [tensor([1, 2])] }, { a: [tensor([3, 4])] }];
    const before = memory().tensors;
    const b = defaultCollate(samples);
    expect(memory().tensors).toBe(before + 1);
    b.a[0].dispose();
    expect(memory().tensors).toBe(before);
  });

  it('explains what it cannot batch', () => {
    expect(() => defaultCollate([])).toThrow('defaultCollate: got an empty batch');
    expect(() => defaultCollate([tensor([1]), 2] as unknown[])).toThrow(
      'defaultCollate: sample 1 has a number, expected a Tensor as in sample 0',
    );
    expect(() => defaultCollate([[1, 2], [3]])).toThrow(
      'defaultCollate: each element in the batch should be of equal size, got length 2 in sample 0 and length 1 in sample 1',
    );
    expect(() => defaultCollate([{ a: 1, b: 2 }, { a: 1 }] as object[])).toThrow(
      "defaultCollate: sample 1 has no key 'b', which sample 0 has",
    );
    expect(() => defaultCollate([[{ a: tensor([1]) }], [{ a: 0 }]] as unknown[])).toThrow(
      'defaultCollate: sample 1 has a number at [0].a, expected a Tensor as in sample 0',
    );
    expect(() => defaultCollate([new Map(), new Map()])).toThrow(
      'defaultCollate: cannot batch a Map; samples may hold Tensors, typed arrays, numbers, booleans, strings, arrays and plain objects (pass a collateFn for anything else)',
    );
    expect(() => defaultCollate([[null], [null]])).toThrow('cannot batch null at [0]');
    expect(() => defaultCollate([tensor([1, 2]), tensor([1])])).toThrow(
      'stack: tensor 1 has shape [1], expected [2] (all equal)',
    );
  });
});
