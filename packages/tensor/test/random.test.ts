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

describe('Generator.getState / setState (torch.Generator.get_state / set_state)', () => {
  test('a restored generator continues the same stream, including the cached normal', () => {
    const g = new T.Generator(99);
    g.normal(); // caches the second normal of the pair
    const state = g.getState();
    expect(state).toBeInstanceOf(Uint8Array);
    expect(state.length).toBe(40);
    const expected = [g.normal(), g.normal(), g.uniform(), g.nextUint32()];
    const restored = new T.Generator(5).setState(state);
    expect([
      restored.normal(),
      restored.normal(),
      restored.uniform(),
      restored.nextUint32(),
    ]).toEqual(expected);
    expect(restored.initialSeed()).toBe(99);
    // The state is a copy: drawing more does not change bytes already taken.
    const again = g.getState();
    g.uniform();
    expect(g.getState()).not.toEqual(again);
    expect(new T.Generator().setState(again).getState()).toEqual(again);
  });

  test('a malformed state is refused and changes nothing', () => {
    const g = new T.Generator(3);
    const before = g.getState();
    expect(() => g.setState(new Uint8Array(39))).toThrow(
      'Generator.setState: expected the 40-byte Uint8Array of getState(), got 39 bytes',
    );
    expect(() => g.setState([...before] as unknown as Uint8Array)).toThrow(
      'got an array (wrap it: new Uint8Array(state))',
    );
    const badVersion = before.slice();
    badVersion[0] = 9;
    expect(() => g.setState(badVersion)).toThrow(
      'not a state from getState(): version 9, expected 1',
    );
    const zeros = before.slice();
    zeros.fill(0, 8, 24);
    expect(() => g.setState(zeros)).toThrow('an all-zero xoshiro state');
    expect(g.getState()).toEqual(before);
  });
});
