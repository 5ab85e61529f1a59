import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import { Embedding } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { expectClose, gradcheckModule, numbers, rows } from '../helpers.js';

describe('Embedding', () => {
  const ids = tensor(
    [
      [0, 2],
      [2, 1],
    ],
    { dtype: 'int32' },
  );

  it('looks up rows of the table', () => {
    const emb = new Embedding(3, 2, { dtype: 'float64' });
    const table = rows(numbers(emb.weight), 2);
    const y = emb.forward(ids);
    expect(y.shape).toEqual([2, 2, 2]);
    expectClose(y, [table[0]!, table[2]!, table[2]!, table[1]!], 0);
  });

  it('initialises N(0, 1), reproducibly from a seed', () => {
    const w = numbers(new Embedding(100, 50, { generator: new Generator(9) }).weight);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const variance = w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
    expect(numbers(new Embedding(100, 50, { generator: new Generator(9) }).weight)).toEqual(w);
  });

  it('zeroes the padding row and sends it no gradient', () => {
    const emb = new Embedding(3, 2, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(2);
    expect(rows(numbers(emb.weight), 2)[2]).toEqual([0, 0]);
    emb.forward(ids).sum().backward();
    // Row 0 is used once, row 1 once, row 2 (padding) twice but gets nothing.
    expect(rows(numbers(emb.weight.grad!), 2)).toEqual([
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
  });

  it('names out-of-range indices and wrong dtypes', () => {
    const emb = new Embedding(3, 2);
    expect(() => emb.forward(tensor([3], { dtype: 'int32' }))).toThrow(
      'embedding: index 3 is out of range for 3 embeddings',
    );
    expect(() => emb.forward(tensor([1]))).toThrow(
      'embedding: indices have dtype float32; expected int32',
    );
  });

  // Without paddingIdx: the padding row's zero gradient is deliberately not the true derivative.
  it('passes a float64 gradcheck of the table', () => {
    const emb = new Embedding(4, 3, { dtype: 'float64' });
    gradcheckModule(emb, [], () =>
      emb.forward(
        tensor(
          [
            [0, 1, 3],
            [3, 3, 2],
          ],
          { dtype: 'int32' },
        ),
      ),
    );
  });
});
