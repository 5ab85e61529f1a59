/**
 * Random numbers: reproducible with seeds, independent Generators, sensible distributions.
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('seeding', () => {
  test('manualSeed makes the global stream repeat', () => {
    T.manualSeed(123);
    const a = T.randn([5]).toArray();
    T.manualSeed(123);
    expect(T.randn([5]).toArray()).toEqual(a);
  });
  test('different seeds give different numbers', () => {
    expect(T.rand([4], { generator: new T.Generator(1) }).toArray()).not.toEqual(
      T.rand([4], { generator: new T.Generator(2) }).toArray(),
    );
  });
  test('a Generator is independent of the global stream', () => {
    const g1 = new T.Generator(7);
    const first = T.rand([3], { generator: g1 }).toArray();
    T.manualSeed(0);
    T.rand([10]);
    const g2 = new T.Generator(7);
    expect(T.rand([3], { generator: g2 }).toArray()).toEqual(first);
  });
  test('generator.manualSeed rewinds it', () => {
    const g = new T.Generator(5);
    const a = [g.uniform(), g.normal()];
    g.manualSeed(5);
    expect([g.uniform(), g.normal()]).toEqual(a);
  });
});

describe('distributions', () => {
  const g = new T.Generator(2024);
  test('rand lies in [0, 1) with mean near 1/2', () => {
    const v = Array.from(T.rand([4000], { generator: g }).data());
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length - 0.5)).toBeLessThan(0.02);
  });
  test('randn has mean near 0 and variance near 1', () => {
    const x = T.randn([4000], { generator: g });
    expect(Math.abs(x.mean().item() as number)).toBeLessThan(0.06);
    expect(Math.abs((x.var().item() as number) - 1)).toBeLessThan(0.08);
  });
  test('randint stays in [low, high) and hits both ends', () => {
    const v = Array.from(T.randint(-2, 3, [500], { generator: g }).data());
    expect(new Set(v)).toEqual(new Set([-2, -1, 0, 1, 2]));
  });
  test('bernoulli follows p, per element when p is a tensor', () => {
    const v = T.bernoulli(0.25, [4000], { generator: g }).mean().item() as number;
    expect(Math.abs(v - 0.25)).toBeLessThan(0.03);
    expect(T.bernoulli(T.tensor([0, 1, 0, 1]), undefined, { generator: g }).toArray()).toEqual([
      0, 1, 0, 1,
    ]);
  });
  test('randLike/randnLike copy the shape', () => {
    const x = T.zeros([2, 3], { dtype: 'float64' });
    expect(T.randLike(x).shape).toEqual([2, 3]);
    expect(T.randnLike(x).dtype).toBe('float64');
  });
});
