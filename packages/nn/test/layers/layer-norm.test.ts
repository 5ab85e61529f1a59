import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import { LayerNorm, init } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { expectClose, gradcheckModule, numbers, sample } from '../helpers.js';

/** Naive layer norm over the last `k` elements of each group (biased variance). */
function naiveLayerNorm(x: number[], k: number, w: number[], b: number[], eps: number): number[] {
  const out: number[] = [];
  for (let start = 0; start < x.length; start += k) {
    const group = x.slice(start, start + k);
    const mean = group.reduce((s, v) => s + v, 0) / k;
    const variance = group.reduce((s, v) => s + (v - mean) ** 2, 0) / k;
    group.forEach((v, i) => out.push(((v - mean) / Math.sqrt(variance + eps)) * w[i]! + b[i]!));
  }
  return out;
}

describe('LayerNorm', () => {
  it('starts from weight = 1 and bias = 0, eps = 1e-5', () => {
    const norm = new LayerNorm(4);
    expect(numbers(norm.weight!)).toEqual([1, 1, 1, 1]);
    expect(numbers(norm.bias!)).toEqual([0, 0, 0, 0]);
    expect(norm.eps).toBe(1e-5);
  });

  it('normalises over the trailing shape with the biased variance, then scales and shifts', () => {
    const norm = new LayerNorm([2, 3], { dtype: 'float64' });
    const g = new Generator(1);
    init.normal_(norm.weight!, 1, 0.1, { generator: g });
    init.normal_(norm.bias!, 0, 0.1, { generator: g });
    const x = sample([4, 2, 3], 5).mul(3);
    expectClose(
      norm.forward(x),
      naiveLayerNorm(numbers(x), 6, numbers(norm.weight!), numbers(norm.bias!), 1e-5),
      1e-12,
    );
  });

  it('uses eps where it matters (a nearly constant row)', () => {
    const norm = new LayerNorm(2, { dtype: 'float64' });
    const x = tensor([[0, 1e-3]], { dtype: 'float64' });
    // var = 2.5e-7, so eps = 1e-5 dominates: ±5e-4 / √(1.025e-5) ≈ ±0.156, not ±1.
    expectClose(norm.forward(x), [-5e-4 / Math.sqrt(1.025e-5), 5e-4 / Math.sqrt(1.025e-5)], 1e-12);
  });

  it('works without affine parameters', () => {
    const norm = new LayerNorm(3, { elementwiseAffine: false, dtype: 'float64' });
    expect(norm.parameters()).toHaveLength(0);
    const x = sample([2, 3], 9);
    expectClose(norm.forward(x), naiveLayerNorm(numbers(x), 3, [1, 1, 1], [0, 0, 0], 1e-5), 1e-12);
  });

  it('rejects an input that does not end in the normalized shape', () => {
    expect(() => new LayerNorm(4).forward(tensor([[1, 2, 3]]))).toThrow(
      'layerNorm: input of shape [1, 3] does not end in the normalized shape [4]',
    );
  });

  it('passes a float64 gradcheck of weight, bias and input', () => {
    const norm = new LayerNorm(3, { dtype: 'float64' });
    init.normal_(norm.weight!, 1, 0.3, { generator: new Generator(2) });
    init.normal_(norm.bias!, 0, 0.3, { generator: new Generator(3) });
    gradcheckModule(norm, [sample([2, 3], 4, true)], (x) => norm.forward(x));
  });
});
