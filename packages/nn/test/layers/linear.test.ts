import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import { Linear } from '@tensorgrad/nn';
import { Generator } from '@tensorgrad/autograd';
import { expectClose, gradcheckModule, naiveLinear, numbers, rows, sample } from '../helpers.js';

describe('Linear', () => {
  it('computes x Wᵀ + b like a naive float64 loop, for 2-D and 3-D inputs', () => {
    const fc = new Linear(3, 2, { dtype: 'float64' });
    const w = rows(numbers(fc.weight), 3);
    const b = numbers(fc.bias!);
    const x = sample([4, 3], 7);
    expectClose(fc.forward(x), naiveLinear(rows(numbers(x), 3), w, b), 1e-12);
    const x3 = x.reshape([2, 2, 3]);
    expect(fc.forward(x3).shape).toEqual([2, 2, 2]);
    expectClose(fc.forward(x3), naiveLinear(rows(numbers(x), 3), w, b), 1e-12);
  });

  it('omits the bias when asked', () => {
    const fc = new Linear(2, 2, { bias: false, dtype: 'float64' });
    expect(fc.bias).toBeNull();
    expect(Object.keys(fc.stateDict())).toEqual(['weight']);
    const x = tensor([[1, 0]], { dtype: 'float64' });
    expectClose(fc.forward(x), [numbers(fc.weight)[0]!, numbers(fc.weight)[2]!], 1e-15);
  });

  it('initialises weight and bias as PyTorch: U(±1/√inFeatures), reproducibly from a seed', () => {
    const fc = new Linear(64, 48, { generator: new Generator(3) });
    const bound = 1 / Math.sqrt(64);
    const w = numbers(fc.weight);
    const b = numbers(fc.bias!);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * bound);
    expect(Math.max(...b.map(Math.abs))).toBeLessThanOrEqual(bound);
    // A uniform on [-B, B] has standard deviation B/√3.
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeGreaterThan(0.9 * (bound / Math.sqrt(3)));
    expect(std).toBeLessThan(1.1 * (bound / Math.sqrt(3)));
    expect(numbers(new Linear(64, 48, { generator: new Generator(3) }).weight)).toEqual(w);
    expect(numbers(new Linear(64, 48, { generator: new Generator(4) }).weight)).not.toEqual(w);
  });

  it('names the layer and both shapes when the input does not fit', () => {
    expect(() => new Linear(3, 2).forward(tensor([[1, 2]]))).toThrow(
      'linear: input of shape [1, 2] does not end in 3 features, as the weight [2, 3] expects',
    );
  });

  it('passes a float64 gradcheck of weight, bias and input', () => {
    const fc = new Linear(3, 2, { dtype: 'float64' });
    gradcheckModule(fc, [sample([4, 3], 2, true)], (x) => fc.forward(x));
  });
});
