import { describe, expect, it } from 'vitest';
import { GRUCell } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import {
  expectClose,
  gradcheckModule,
  naiveLinear,
  numbers,
  rows,
  sample,
  sigmoid,
} from '../helpers.js';

/** PyTorch's GRUCell equations, gate order (r, z, n), in plain float64. */
function naiveGru(cell: GRUCell, x: number[][], h: number[][]): number[][] {
  const H = cell.hiddenSize;
  const gi = naiveLinear(x, rows(numbers(cell.weightIh), cell.inputSize), numbers(cell.biasIh!));
  const gh = naiveLinear(h, rows(numbers(cell.weightHh), H), numbers(cell.biasHh!));
  return x.map((_, b) =>
    Array.from({ length: H }, (_, j) => {
      const r = sigmoid(gi[b]![j]! + gh[b]![j]!);
      const z = sigmoid(gi[b]![H + j]! + gh[b]![H + j]!);
      const n = Math.tanh(gi[b]![2 * H + j]! + r * gh[b]![2 * H + j]!);
      return (1 - z) * n + z * h[b]![j]!;
    }),
  );
}

describe('GRUCell', () => {
  it("follows PyTorch's equations and gate order", () => {
    const cell = new GRUCell(3, 4, { dtype: 'float64', generator: new Generator(2) });
    const x = sample([2, 3], 1);
    const h = sample([2, 4], 2);
    const y = cell.forward(x, h);
    expect(y.shape).toEqual([2, 4]);
    expectClose(y, naiveGru(cell, rows(numbers(x), 3), rows(numbers(h), 4)), 1e-12);
  });

  it('starts from a zero hidden state and accepts unbatched input', () => {
    const cell = new GRUCell(3, 2, { dtype: 'float64' });
    const x = sample([3], 4);
    const y = cell.forward(x);
    expect(y.shape).toEqual([2]);
    expectClose(y, naiveGru(cell, [numbers(x)], [[0, 0]])[0]!, 1e-12);
  });

  it('registers weight_ih, weight_hh, bias_ih, bias_hh initialised U(±1/√hidden)', () => {
    const cell = new GRUCell(5, 16, { generator: new Generator(1) });
    expect(Object.keys(cell.stateDict())).toEqual(['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']);
    expect(cell.weightIh.shape).toEqual([48, 5]);
    const all = cell.parameters().flatMap(numbers);
    expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...all.map(Math.abs))).toBeGreaterThan(0.24);
  });

  it('names a hidden state of the wrong size', () => {
    const cell = new GRUCell(3, 4);
    expect(() =>
      cell.forward(sample([2, 3]).cast('float32'), sample([2, 5]).cast('float32')),
    ).toThrow('GRUCell: hidden has shape [2, 5]; expected [2, 4]');
  });

  it('passes a float64 gradcheck of all four parameters, the input and the hidden state', () => {
    const cell = new GRUCell(2, 3, { dtype: 'float64' });
    gradcheckModule(cell, [sample([2, 2], 5, true), sample([2, 3], 6, true)], (x, h) =>
      cell.forward(x, h),
    );
  });
});
