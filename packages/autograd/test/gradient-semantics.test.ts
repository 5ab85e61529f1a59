/**
 * Gradients at ties, NaN and degenerate points, pinned to what PyTorch 1.13 computes (each
 * expected value below was produced by torch with float64 inputs and `.sum().backward()`).
 */
import { describe, expect, test } from 'vitest';
import { type Tensor, max, min, tensor } from '@tensorgrad/autograd';

/** The values and the gradient of `f(x).sum()` at `values` (float64). */
function valueAndGradient(
  f: (x: Tensor) => Tensor,
  values: number[] | number[][],
): { value: unknown; grad: unknown } {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  const y = f(x);
  y.sum().backward();
  return { value: y.toArray(), grad: x.grad?.toArray() };
}

const ties = [
  [1, 3, 3],
  [2, 2, 0],
];
const withNaN = [
  [1, NaN, 3],
  [2, 2, 0],
];

describe('max and min', () => {
  test('over one dim, the gradient goes to the returned index (the first tie)', () => {
    expect(valueAndGradient((x) => x.max(1), ties)).toEqual({
      value: [3, 2],
      grad: [
        [0, 1, 0],
        [1, 0, 0],
      ],
    });
    expect(valueAndGradient((x) => x.min(1), [[1, 1, 3]]).grad).toEqual([[1, 0, 0]]);
  });

  test('over one dim with a NaN, the NaN is the maximum and takes the gradient', () => {
    expect(valueAndGradient((x) => x.max(1), withNaN)).toEqual({
      value: [NaN, 2],
      grad: [
        [0, 1, 0],
        [1, 0, 0],
      ],
    });
  });

  test('over everything, ties share the gradient, NaNs counting as ties of a NaN result', () => {
    expect(valueAndGradient((x) => x.max(), ties).grad).toEqual([
      [0, 0.5, 0.5],
      [0, 0, 0],
    ]);
    expect(
      valueAndGradient(
        (x) => x.max(),
        [
          [1, NaN, 3],
          [2, NaN, 0],
        ],
      ).grad,
    ).toEqual([
      [0, 0.5, 0],
      [0, 0.5, 0],
    ]);
  });

  test('amax shares ties over any dims; a row whose maximum is NaN gets NaN', () => {
    expect(valueAndGradient((x) => x.amax(1), ties).grad).toEqual([
      [0, 0.5, 0.5],
      [0.5, 0.5, 0],
    ]);
    expect(valueAndGradient((x) => x.amax(1), withNaN).grad).toEqual([
      [NaN, NaN, NaN],
      [0.5, 0.5, 0],
    ]);
    expect(valueAndGradient((x) => x.amin([0, 1]), ties).grad).toEqual([
      [0, 0, 0],
      [0, 0, 1],
    ]);
  });

  test('max(x, dim) returns values and indices like torch.max', () => {
    const x = tensor(ties);
    const { values, indices } = max(x, 1);
    expect(values.toArray()).toEqual([3, 2]);
    expect(indices.toArray()).toEqual([1, 0]);
    expect(indices.dtype).toBe('int32');
    expect(min(x, 0, true).indices.toArray()).toEqual([[0, 1, 1]]);
    expect(max(x).item()).toBe(3);
  });

  test('maximum: a tie shares the gradient; both sides of a NaN get all of it', () => {
    const other = tensor([NaN, 1, 1], { dtype: 'float64' });
    expect(valueAndGradient((x) => x.maximum(other), [0, 1, 2]).grad).toEqual([1, 0.5, 1]);
  });
});

describe('degenerate points', () => {
  test('clamp gives no gradient at NaN and passes it at the bounds', () => {
    expect(valueAndGradient((x) => x.clamp(0, 1), [NaN, 0.5, -1, 2, 0, 1]).grad).toEqual([
      0, 1, 0, 0, 1, 1,
    ]);
    expect(valueAndGradient((x) => x.clamp(0), [NaN, 0.5, -1]).grad).toEqual([0, 1, 0]);
  });

  test('relu passes the gradient at NaN, and gives 0 at 0', () => {
    expect(valueAndGradient((x) => x.relu(), [NaN, 0, 1]).grad).toEqual([1, 0, 1]);
  });

  test('std and var where the spread is zero have a zero gradient, not NaN', () => {
    expect(valueAndGradient((x) => x.std(), [2, 2, 2]).grad).toEqual([0, 0, 0]);
    expect(
      valueAndGradient(
        (x) => x.std(1),
        [
          [2, 2, 2],
          [1, 2, 3],
        ],
      ).grad,
    ).toEqual([
      [0, 0, 0],
      [-0.5, 0, 0.5],
    ]);
    expect(valueAndGradient((x) => x.var(), [2, 2, 2]).grad).toEqual([0, 0, 0]);
  });

  test('norm at the zero vector has the zero subgradient; inf-norm ties share it', () => {
    expect(valueAndGradient((x) => x.norm(), [0, 0, 0]).grad).toEqual([0, 0, 0]);
    expect(valueAndGradient((x) => x.norm(1), [0, 1, 0]).grad).toEqual([0, 1, 0]);
    expect(valueAndGradient((x) => x.norm(Infinity), [3, -3, 1]).grad).toEqual([0.5, -0.5, 0]);
  });

  test('prod with two zeros has a zero gradient', () => {
    expect(valueAndGradient((x) => x.prod(), [0, 2, 0]).grad).toEqual([0, 0, 0]);
  });

  test('abs at 0 has gradient 0; sqrt at 0 has gradient Infinity', () => {
    expect(valueAndGradient((x) => x.abs(), [0]).grad).toEqual([0]);
    expect(valueAndGradient((x) => x.sqrt(), [0]).grad).toEqual([Infinity]);
  });
});

describe('silu (added through the "Adding an op" guide)', () => {
  test('values and gradient match torch.nn.functional.silu', () => {
    const { value, grad } = valueAndGradient((x) => x.silu(), [-1.5, 0, 2]);
    const expectedValue = [-0.2736382857095345, 0, 1.7615941559557646];
    const expectedGrad = [-0.041294154299142946, 0.5, 1.0907842487848955];
    (value as number[]).forEach((v, i) => expect(v).toBeCloseTo(expectedValue[i] as number, 14));
    (grad as number[]).forEach((v, i) => expect(v).toBeCloseTo(expectedGrad[i] as number, 14));
  });
});
