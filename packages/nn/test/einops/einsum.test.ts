import { describe, expect, it } from 'vitest';
import { eye, tensor, type Tensor } from '@tensorgrad/autograd';
import { einsum, EinopsError } from '../../src/einops/index.js';
import { expectClose, randomTensor } from './helpers.js';

/**
 * A naive einsum over compact NumPy-style subscripts (`ab,bc->ac`, `...` allowed), looping
 * over every assignment of every index: slow and obviously right.
 */
function naiveEinsum(subscripts: string, operands: Tensor[]): { shape: number[]; data: number[] } {
  const [lhs, rhs] = subscripts.split('->') as [string, string];
  const inputs = lhs.split(',');
  const ellipsisRank = Math.max(
    0,
    ...inputs.map((s, i) => (s.includes('...') ? operands[i]!.ndim - (s.length - 3) : 0)),
  );
  const ellipsisNames = Array.from({ length: ellipsisRank }, (_, k) =>
    String.fromCharCode(0x2460 + k),
  ); // ①②③
  const expand = (s: string, ndim: number): string[] => {
    if (!s.includes('...')) return [...s];
    const [before, after] = s.split('...') as [string, string];
    const count = ndim - before.length - after.length;
    return [...before, ...ellipsisNames.slice(ellipsisRank - count), ...after];
  };
  const letters = inputs.map((s, i) => expand(s, operands[i]!.ndim));
  const output = expand(rhs, ellipsisRank + rhs.replace('...', '').length);
  const length = new Map<string, number>();
  letters.forEach((ls, i) =>
    ls.forEach((l, d) => length.set(l, Math.max(length.get(l) ?? 1, operands[i]!.shape[d]!))),
  );
  const all = [...length.keys()];
  const datas = operands.map((t) => t.data());
  const shape = output.map((l) => length.get(l)!);
  const out = new Array<number>(shape.reduce((a, b) => a * b, 1)).fill(0);
  const index = new Map<string, number>(all.map((l) => [l, 0]));
  const flatIndex = (ls: string[], dims: readonly number[]) =>
    ls.reduce((acc, l, d) => acc * dims[d]! + (dims[d] === 1 ? 0 : index.get(l)!), 0);
  const visit = (k: number): void => {
    if (k === all.length) {
      let term = 1;
      letters.forEach((ls, i) => (term *= datas[i]![flatIndex(ls, operands[i]!.shape)]!));
      out[flatIndex(output, shape)]! += term;
      return;
    }
    for (let v = 0; v < length.get(all[k]!)!; v++) {
      index.set(all[k]!, v);
      visit(k + 1);
    }
  };
  visit(0);
  return { shape, data: out };
}

/** einops' test_functional_cases: einops pattern, equivalent NumPy subscripts, input shapes, output shape. */
const CASES: [string, string, number[][], number[]][] = [
  [
    'b c h w, b w -> b h',
    'abcd,ad->ac',
    [
      [2, 3, 4, 5],
      [2, 5],
    ],
    [2, 4],
  ],
  [
    'b c h w, b w, b c -> b h',
    'abcd,ad,ab->ac',
    [
      [2, 3, 40, 5],
      [2, 5],
      [2, 3],
    ],
    [2, 40],
  ],
  [
    '... one two three, three four five -> ... two five',
    '...abc,cde->...be',
    [
      [4, 5, 2, 3, 4],
      [4, 5, 6],
    ],
    [4, 5, 3, 6],
  ],
  [
    'one two three ..., three four five -> two five ...',
    'abc...,cde->be...',
    [
      [2, 3, 4, 4, 5],
      [4, 5, 6],
    ],
    [3, 6, 4, 5],
  ],
  [
    '... one two three, ... three four five -> ... two five',
    '...abc,...cde->...be',
    [
      [4, 5, 2, 3, 4],
      [4, 5, 4, 5, 6],
    ],
    [4, 5, 3, 6],
  ],
  ['first_tensor second_tensor -> first_tensor', 'ab->a', [[5, 4]], [5]],
  ['i i -> ', 'aa->', [[5, 5]], []],
  [
    ' one  two  ,  three four->two  four  ',
    'ab,cd->bd',
    [
      [2, 3],
      [4, 5],
    ],
    [3, 5],
  ],
  ['i middle i -> middle', 'aba->b', [[5, 10, 5]], [10]],
  ['i ... i -> ...', 'a...a->...', [[5, 3, 2, 1, 4, 5]], [3, 2, 1, 4]],
  ['i ... i -> i ...', 'a...a->a...', [[5, 3, 2, 1, 4, 5]], [5, 3, 2, 1, 4]],
  ['one one one -> one', 'aaa->a', [[5, 5, 5]], [5]],
  ['i j k -> j i k', 'abc->bac', [[1, 2, 3]], [2, 1, 3]],
  ['... -> ...', '...->...', [[5, 4, 3, 2, 1]], [5, 4, 3, 2, 1]],
  [
    '..., ..., ... -> ...',
    '...,...,...->...',
    [
      [3, 2],
      [3, 2],
      [3, 2],
    ],
    [3, 2],
  ],
  ['index ->', 'a->', [[10]], []],
  // Beyond einops' table: attention-shaped products, batch axes in the middle, broadcasting.
  [
    'b h i d, b h j d -> b h i j',
    'abcd,abed->abce',
    [
      [2, 3, 4, 5],
      [2, 3, 6, 5],
    ],
    [2, 3, 4, 6],
  ],
  [
    'b h i j, b h j d -> b i h d',
    'abcd,abde->acbe',
    [
      [2, 3, 4, 6],
      [2, 3, 6, 5],
    ],
    [2, 4, 3, 5],
  ],
  ['i, j -> i j', 'a,b->ab', [[3], [4]], [3, 4]],
  ['i j, j -> ', 'ab,b->', [[3, 4], [4]], []],
  [
    'b i, b i -> b',
    'ab,ab->a',
    [
      [1, 4],
      [3, 4],
    ],
    [3],
  ],
  [
    'x y, y z, z w -> w x',
    'ab,bc,cd->da',
    [
      [2, 3],
      [3, 4],
      [4, 2],
    ],
    [2, 2],
  ],
];

describe('einsum', () => {
  it.each(CASES)('%s', (pattern, subscripts, shapes, outShape) => {
    const operands = shapes.map((shape, i) => randomTensor(shape, 100 + i));
    const result = einsum(...operands, pattern);
    expect(result.shape).toEqual(outShape);
    const reference = naiveEinsum(subscripts, operands);
    expect(reference.shape).toEqual(outShape);
    expectClose(
      result,
      tensor(Float64Array.from(reference.data), { shape: reference.shape, dtype: 'float64' }),
      1e-12,
      pattern,
    );
  });

  it('computes the trace of an identity matrix', () => {
    expect(einsum(eye(4), 'i i ->').item()).toBe(4);
  });

  it('gives informative errors', () => {
    const a = randomTensor([2, 3]);
    const b = randomTensor([4, 5]);
    const fails = (run: () => unknown, message: RegExp) => {
      expect(run).toThrow(EinopsError);
      expect(run).toThrow(message);
    };
    fails(
      () => einsum(a, b, 'i j, j k -> i k'),
      /einsum: pattern "i j, j k -> i k" on shapes \[2, 3\], \[4, 5\]: axis "j" has length 3 in operand 0 but 4 in operand 1/,
    );
    fails(() => einsum(a, 'i j'), /the pattern must contain "->" exactly once/);
    fails(
      () => einsum(a, b, 'i j -> i'),
      /the pattern describes 1 operands, but 2 tensors were given/,
    );
    fails(() => einsum(a, 'i j -> i k'), /output axis "k" does not appear in any operand/);
    fails(() => einsum(a, 'i j -> i i'), /contains the axis "i" twice/);
    fails(() => einsum(a, '(i j) -> i'), /composed axes like \(a b\) are not supported in einsum/);
    fails(() => einsum(a, 'i 3 -> i'), /numbered axes like 3 are not supported in einsum/);
    fails(() => einsum(a, 'i j k -> i'), /operand 0 is described with 3 axes but has 2 dimensions/);
    fails(() => einsum(a, 'i i -> i'), /axis "i" appears twice in operand 0, with lengths 2 and 3/);
    fails(
      () => einsum(randomTensor([1, 3]), 'i i -> i'),
      /axis "i" appears twice in operand 0, with lengths 1 and 3/,
    );
    expect(() => (einsum as (...args: unknown[]) => unknown)(a, b)).toThrow(
      /pass the tensors first and then the pattern/,
    );
  });
});
