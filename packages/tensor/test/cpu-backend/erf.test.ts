import { afterAll, describe, expect, test } from 'vitest';
import { erf, erfc, gelu, geluGrad } from '../../src/backend/cpu/erf.js';
import { cpu, take, viewOf } from './helpers.js';

/** Reference values from CPython's `math.erf` / `math.erfc` (accurate to about 1 ulp). */
const ERF_VALUES: [number, number][] = [
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [-2, -0.9953222650189527],
  [3, 0.9999779095030014],
  [1e-10, 1.1283791670955126e-10],
  [0.46875, 0.49261347321793797], // the boundary between the first two approximations
  [4, 0.9999999845827421],
  [5, 0.9999999999984626],
  [-0.1, -0.1124629160182849],
];

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

describe('erf', () => {
  test.each(ERF_VALUES)('erf(%d) matches to 1e-15 relative', (x, expected) => {
    expect(relativeError(erf(x), expected)).toBeLessThan(1e-15);
  });

  test('is odd, saturates to ±1, keeps NaN and signed zero', () => {
    for (const x of [0.1, 0.7, 2.2, 4.5, 30]) expect(erf(-x)).toBe(-erf(x));
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
    expect(Object.is(erf(-0), -0)).toBe(true);
  });

  test('erfc keeps relative precision in the tail', () => {
    expect(relativeError(erfc(5), 1.5374597944280351e-12)).toBeLessThan(1e-14);
    expect(relativeError(erfc(10), 2.088487583762545e-45)).toBeLessThan(1e-14);
    expect(relativeError(erfc(-1), 1.842700792949715)).toBeLessThan(1e-15);
    expect(erfc(30)).toBe(0);
  });

  test('is monotone across the approximation boundaries', () => {
    for (const edge of [0.46875, 4]) {
      // erfc, not erf: near 4, erf is within 2e-8 of 1 and steps of 1e-12 vanish in rounding.
      const below = erfc(edge - 1e-9);
      const above = erfc(edge + 1e-9);
      expect(above).toBeLessThan(below);
      expect(relativeError(above, below)).toBeLessThan(1e-7);
    }
  });
});

describe('gelu', () => {
  test('matches x Φ(x) at known points', () => {
    // 0.5 x erfc(-x / sqrt 2) with CPython's math.erfc
    const cases: [number, number][] = [
      [1, 0.8413447460685429],
      [-1, -0.15865525393145707],
      [0.5, 0.34573123063700656],
      [3, 2.99595030590511],
      [-3, -0.004049694094890287],
    ];
    for (const [x, expected] of cases) expect(relativeError(gelu(x), expected)).toBeLessThan(1e-14);
    expect(gelu(0)).toBe(0);
    expect(gelu(NaN)).toBeNaN();
  });

  test('the far negative tail is tiny but not cancelled to 0', () => {
    // gelu(-10) = -10 Φ(-10); 1 + erf(-10 / sqrt 2) would cancel to 0 in float64.
    expect(relativeError(gelu(-10), -7.619853024160593e-23)).toBeLessThan(1e-13);
  });

  test('the backend primitive rounds float32 once', () => {
    const data = cpu.upload([1, -1, 0.5], 'float32');
    const out = take(cpu.unary('gelu', viewOf(data, [3]), 'float32'), [3]);
    expect(out).toEqual([gelu(1), gelu(-1), gelu(0.5)].map(Math.fround));
    cpu.dispose(data);
  });
});

describe('geluGrad', () => {
  test("gelu's derivative Φ(x) + x φ(x) matches torch's float64 gelu backward", () => {
    // torch 1.13: gelu(x).backward(ones) in float64
    const cases: [number, number][] = [
      [1, 1.0833154705876864],
      [-3, -0.01194564720418392],
      [10, 1],
      // torch gives -7.694598626706419e-22, x φ(x) alone: its Φ(-10) = (1 + erf(-10/√2)) / 2
      // cancels to 0; from erfc it keeps its 7.62e-24.
      [-10, -7.694598626706419e-22 + 7.619853024160593e-24],
      [0, 0.5],
      [-0, 0.5],
    ];
    for (const [x, expected] of cases) {
      expect(Math.abs(geluGrad(x) - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
    }
    // ±Infinity: ∞ · φ(∞) = ∞ · 0 is NaN, in torch too; NaN stays NaN
    expect([Infinity, -Infinity, NaN].map(geluGrad).every(Number.isNaN)).toBe(true);
  });

  test('is the derivative of gelu (central differences)', () => {
    for (const x of [-4, -1.3, -0.2, 0.7, 2.5]) {
      const h = 1e-6;
      const numeric = (gelu(x + h) - gelu(x - h)) / (2 * h);
      expect(Math.abs(geluGrad(x) - numeric)).toBeLessThan(1e-8);
    }
  });
});
