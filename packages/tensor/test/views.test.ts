/**
 * Views: which ops share storage and which copy, reshape's copy rule, slicing semantics.
 */
import { describe, expect, test } from 'vitest';
import { arange, tensor, zeros, type NDArray } from '@tensorgrad/tensor';

const sharesStorage = (a: NDArray, b: NDArray) => a.storage === b.storage;

describe('views share storage; copies do not', () => {
  const x = arange(24, { dtype: 'float32' }).reshape(2, 3, 4);
  const cases: [string, (t: NDArray) => NDArray, boolean][] = [
    ['reshape (contiguous)', (t) => t.reshape(6, 4), true],
    ['view', (t) => t.view(-1), true],
    ['permute', (t) => t.permute(2, 0, 1), true],
    ['transpose', (t) => t.transpose(0, 2), true],
    ['mT', (t) => t.mT, true],
    ['expand', (t) => t.unsqueeze(0).expand(5, -1, -1, -1), true],
    ['squeeze', (t) => t.unsqueeze(1).squeeze(), true],
    ['flatten', (t) => t.flatten(1), true],
    ['unflatten', (t) => t.unflatten(-1, [2, 2]), true],
    ['slice', (t) => t.slice(2, 1, 3), true],
    ['index', (t) => t.index(0, '...', '::2'), true],
    ['select', (t) => t.select(1, -1), true],
    ['narrow', (t) => t.narrow(2, 1, 2), true],
    ['flip', (t) => t.flip(0, 2), true],
    ['split', (t) => t.split(2, -1)[1]!, true],
    ['chunk', (t) => t.chunk(3, 1)[2]!, true],
    ['contiguous (already)', (t) => t.contiguous(), true],
    ['cast to the same dtype', (t) => t.cast('float32'), true],
    ['contiguous (permuted)', (t) => t.permute(2, 1, 0).contiguous(), false],
    ['reshape of a transposed tensor', (t) => t.mT.reshape(-1), false],
    ['clone', (t) => t.clone(), false],
    ['add', (t) => t.add(0), false],
  ];
  for (const [name, f, shares] of cases) {
    test(`${name} ${shares ? 'shares' : 'does not share'} storage`, () => {
      expect(sharesStorage(f(x), x)).toBe(shares);
    });
  }
});

describe('reshape and view', () => {
  test('reshape infers -1 and keeps row-major order', () => {
    expect(arange(6).reshape(-1, 2).toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });
  test('reshape of a transposed matrix copies, in the transposed order', () => {
    const t = arange(6).reshape(2, 3).mT;
    expect(t.isContiguous()).toBe(false);
    expect(t.reshape(6).toArray()).toEqual([0, 3, 1, 4, 2, 5]);
  });
  test('view of a transposed matrix throws and names reshape', () => {
    expect(() => arange(6).reshape(2, 3).mT.view(6)).toThrow(
      'view: shape [6] is not compatible with the strides of a tensor of shape [3, 2] and strides [1, 3] (use reshape, which copies)',
    );
  });
  test('view can split and merge dims whose strides allow it, even when not contiguous', () => {
    const t = arange(24).reshape(2, 3, 4).permute(1, 0, 2); // [3, 2, 4], the last dim is contiguous
    const v = t.view(3, 2, 2, 2);
    expect(v.toArray()).toEqual(t.reshape(3, 2, 2, 2).toArray());
    expect(v.storage).toBe(t.storage);
  });
  test('reshape of size-0 and 0-d tensors', () => {
    expect(zeros([0, 3]).reshape(3, 0, 5).shape).toEqual([3, 0, 5]);
    expect(tensor(5).reshape(1, 1).toArray()).toEqual([[5]]);
    expect(tensor([5]).reshape([]).item()).toBe(5);
  });
  test('reshape with a wrong size throws with both shapes', () => {
    expect(() => arange(6).reshape(4, 2)).toThrow(
      'reshape: shape [4, 2] is invalid for input of shape [6] (size 6)',
    );
  });
});

describe('slicing', () => {
  const x = arange(10);
  test('python semantics: negative and clamped bounds, steps', () => {
    expect(x.slice(0, -3).toArray()).toEqual([7, 8, 9]);
    expect(x.slice(0, 2, 100, 3).toArray()).toEqual([2, 5, 8]);
    expect(x.slice(0, -100, 2).toArray()).toEqual([0, 1]);
    expect(x.slice(0, 5, 2).toArray()).toEqual([]);
  });
  test('negative steps walk backwards', () => {
    expect(x.slice(0, undefined, undefined, -1).toArray()).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(x.slice(0, 8, 2, -3).toArray()).toEqual([8, 5]);
  });
  test('index: numbers, slice strings, ellipsis and new axes', () => {
    const t = arange(24).reshape(2, 3, 4);
    expect(t.index(1, ':', -1).toArray()).toEqual([15, 19, 23]);
    expect(t.index('...', '1:3').shape).toEqual([2, 3, 2]);
    expect(t.index(null, 0, '::2').shape).toEqual([1, 2, 4]);
    expect(t.index(0, '::-1', 0).toArray()).toEqual([8, 4, 0]);
  });
  test('select and narrow count negative positions from the end', () => {
    const t = arange(12).reshape(3, 4);
    expect(t.select(0, -1).toArray()).toEqual([8, 9, 10, 11]);
    expect(t.narrow(1, -2, 2).toArray()).toEqual([
      [2, 3],
      [6, 7],
      [10, 11],
    ]);
  });
  test('out-of-range select names the op, index and size', () => {
    expect(() => arange(3).select(0, 3)).toThrow(
      'select: index 3 is out of range for dim 0 of size 3',
    );
  });
  test('ops on a strided slice read only the slice', () => {
    const t = arange(12, { dtype: 'float32' }).reshape(3, 4).slice(1, 1, 4, 2); // columns 1 and 3
    expect(t.sum(0).toArray()).toEqual([15, 21]);
  });
});

describe('other views', () => {
  test('expand broadcasts with zero strides and -1 keeps', () => {
    const t = tensor([[1], [2]]).expand(2, -1, 3);
    expect(t.shape).toEqual([2, 2, 3]);
    expect(t.strides).toEqual([0, 1, 0]);
    expect(t.add(0).toArray()).toEqual([
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
    ]);
  });
  test('squeeze removes only listed size-1 dims', () => {
    expect(zeros([1, 2, 1]).squeeze(0).shape).toEqual([2, 1]);
    expect(zeros([1, 2, 1]).squeeze([-1, 1]).shape).toEqual([1, 2]);
    expect(zeros([1, 2, 1]).squeeze().shape).toEqual([2]);
  });
  test('unsqueeze accepts -ndim-1 ... ndim', () => {
    expect(zeros([2, 3]).unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(zeros([2, 3]).unsqueeze(-3).shape).toEqual([1, 2, 3]);
    expect(zeros([2, 3]).unsqueeze(2).isContiguous()).toBe(true);
  });
  test('flatten ranges and 0-d', () => {
    expect(zeros([2, 3, 4, 5]).flatten(1, -2).shape).toEqual([2, 12, 5]);
    expect(tensor(3).flatten().shape).toEqual([1]);
  });
  test('flip reverses along several dims', () => {
    expect(arange(6).reshape(2, 3).flip(0, 1).toArray()).toEqual([
      [5, 4, 3],
      [2, 1, 0],
    ]);
  });
  test('permute round trip restores the original', () => {
    const t = arange(24).reshape(2, 3, 4);
    expect(t.permute(2, 0, 1).permute(1, 2, 0).toArray()).toEqual(t.toArray());
  });
});

describe('ops read expanded (zero-stride) inputs like their contiguous copies', () => {
  const x = tensor([[1], [-2], [3]]).expand(2, 3, 4); // strides [0, 1, 0]
  const c = x.contiguous();
  const ops: [string, (t: NDArray) => NDArray][] = [
    ['exp', (t) => t.exp()],
    ['sum(1)', (t) => t.sum(1)],
    ['max(-1, keepdim)', (t) => t.max(-1, true)],
    ['cumsum(0)', (t) => t.cumsum(0)],
    ['softmax(1)', (t) => t.softmax(1)],
    ['sort(1)', (t) => t.sort(1).values],
    ['matmul', (t) => t.matmul(t.mT)],
    ['gather', (t) => t.gather(1, zeros([2, 1, 4], { dtype: 'int32' }))],
    ['reshape of its transpose', (t) => t.mT.reshape(2, 12)],
    ['split and select', (t) => t.split(1, 2)[3]!.add(t.select(2, 0).unsqueeze(-1))],
  ];
  test('the input really is expanded', () => {
    expect(x.strides).toEqual([0, 1, 0]);
  });
  for (const [name, f] of ops) {
    test(name, () => {
      expect(f(x).toArray()).toEqual(f(c).toArray());
    });
  }
});
