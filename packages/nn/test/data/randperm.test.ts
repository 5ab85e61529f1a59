/** randperm: a permutation of 0..n-1, fixed by the seed, uniform over positions. */
import { describe, expect, it } from 'vitest';
import { Generator, manualSeed, randperm } from '@tensorgrad/autograd';
import { numbers } from '../helpers.js';

describe('randperm', () => {
  it('is a permutation of 0..n-1, int32 by default', () => {
    for (const n of [1, 2, 7, 100]) {
      const p = randperm(n, { generator: new Generator(n) });
      expect(p.dtype).toBe('int32');
      expect(p.shape).toEqual([n]);
      expect(p.requiresGrad).toBe(false);
      expect(numbers(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('repeats with the seed, differs across seeds and along the stream', () => {
    const a = numbers(randperm(20, { generator: new Generator(3) }));
    expect(numbers(randperm(20, { generator: new Generator(3) }))).toEqual(a);
    expect(numbers(randperm(20, { generator: new Generator(4) }))).not.toEqual(a);
    const g = new Generator(3);
    randperm(20, { generator: g });
    expect(numbers(randperm(20, { generator: g }))).not.toEqual(a);
    manualSeed(11);
    const global = numbers(randperm(20));
    manualSeed(11);
    expect(numbers(randperm(20))).toEqual(global);
  });

  it('puts every value at every position about equally often', () => {
    // 6000 permutations of 4: each of the 16 (value, position) cells expects 1500; a fair
    // shuffle lands within ±150 (about 4.5 standard deviations), a biased one (e.g. the naive
    // "swap with any index" shuffle, off by up to 20%) does not.
    const g = new Generator(2024);
    const counts = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
    const orders = new Map<string, number>();
    for (let k = 0; k < 6000; k++) {
      const p = numbers(randperm(4, { generator: g }));
      p.forEach((v, pos) => counts[v]![pos]!++);
      orders.set(p.join(), (orders.get(p.join()) ?? 0) + 1);
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 1500)).toBeLessThan(150);
    expect(orders.size).toBe(24); // all 4! orders occur
    for (const c of orders.values()) expect(Math.abs(c - 250)).toBeLessThan(75);
  });

  it('gives an empty tensor for n = 0 and takes other dtypes', () => {
    const empty = randperm(0);
    expect(empty.shape).toEqual([0]);
    expect(empty.dtype).toBe('int32');
    const f = randperm(5, { dtype: 'float64', generator: new Generator(1) });
    expect(f.dtype).toBe('float64');
    expect(numbers(f)).toEqual(numbers(randperm(5, { generator: new Generator(1) })));
  });

  it('rejects negative or fractional n and the bool dtype', () => {
    expect(() => randperm(-1)).toThrow('randperm: expected a non-negative integer n, got -1');
    expect(() => randperm(2.5)).toThrow('randperm: expected a non-negative integer n, got 2.5');
    expect(() => randperm(NaN)).toThrow('got NaN');
    expect(() => randperm(3, { dtype: 'bool' })).toThrow('randperm: dtype bool cannot hold');
  });
});
