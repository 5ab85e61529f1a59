/**
 * Integer semantics as PyTorch 1.13 has them (checked by hand with python3-torch), run on the
 * current backend: `integers.test.ts` runs them on the cpu, `gpu/integers.test.ts` on the gpu,
 * so that both backends give the same answers and the same errors.
 *
 * - Creating an int32 tensor from a value int32 cannot hold is an error ("value cannot be
 *   converted to type int32 without overflow"), not a wrapped number.
 * - Integer sum/prod/cumsum: torch accumulates in int64; tensorgrad has no int64, so it
 *   accumulates exactly in float64 and refuses an int32 result that would wrap.
 * - `-` with a bool tensor, and integer division or remainder by zero, are errors.
 *
 * The gpu stores int32 in float32 textures, exact to 2^24 (docs/DESIGN.md), so the values
 * below are ones float32 holds exactly (small, or powers of two and their short sums).
 */
import { describe, expect, it } from 'vitest';
import {
  arange,
  cumsum,
  full,
  getBackend,
  linspace,
  memory,
  mod,
  neg,
  prod,
  randint,
  sub,
  sum,
  sumToShape,
  tensor,
  tidy,
} from '../src/index.js';

/** The message `fn` throws (failing the test when it returns). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected an error');
}

const int32 = { dtype: 'int32' } as const;

/** Registers the cases; `backend` is the backend the caller has made current. */
export function integerSemantics(backend: 'cpu' | 'gpu'): void {
  it(`runs on ${backend}`, () => {
    expect(getBackend().name).toBe(backend);
  });

  describe('creating int32 tensors from values int32 cannot hold', () => {
    it('tensor() refuses them, nested or typed, and accepts the extremes', () => {
      expect(messageOf(() => tensor([3e9], int32))).toBe(
        'tensor: value 3000000000 cannot be converted to int32 without overflow ' +
          '(int32 holds [-2147483648, 2147483647]); use a float dtype for it',
      );
      expect(
        messageOf(() =>
          tensor(
            [
              [1, 2],
              [3, 2147483647.5],
            ],
            int32,
          ),
        ),
      ).toMatch(/^tensor: value 2147483647\.5 \(element 3\) cannot be converted to int32/);
      for (const bad of [NaN, Infinity, -Infinity, -2147483648.5, 2 ** 31]) {
        expect(messageOf(() => tensor([0, bad], int32))).toMatch(`value ${bad} (element 1)`);
      }
      expect(messageOf(() => tensor(new Float64Array([1, -3e9]), int32))).toMatch(
        'value -3000000000 (element 1)',
      );
      // A Uint32Array infers int32 and can hold 2^31 and above.
      expect(messageOf(() => tensor(new Uint32Array([2 ** 31])))).toMatch('value 2147483648');
      const extremes = tensor([-2147483648, 2147483647, 1.7, -1.7], int32);
      expect(extremes.toArray()).toEqual([-2147483648, 2147483647, 1, -1]);
      expect(tensor(new Int32Array([-(2 ** 31)])).toArray()).toEqual([-(2 ** 31)]);
    });

    it('full, arange, linspace, randint and maskedFill refuse them too', () => {
      expect(messageOf(() => full([2], 3e9, int32))).toMatch(
        /^full: value 3000000000 cannot be converted to int32 without overflow/,
      );
      expect(messageOf(() => full([2], NaN, int32))).toMatch(/^full: value NaN cannot/);
      expect(full([2], 2.5, int32).toArray()).toEqual([2, 2]); // truncates, as torch
      // torch.arange wraps here silently; a wrapped range is never what was meant.
      expect(messageOf(() => arange(2147483640, 2147483650))).toMatch(
        /^arange: value 2147483648 \(element 8\) cannot be converted to int32/,
      );
      expect(arange(0, 3e9, 1e9).toArray()).toEqual([0, 1e9, 2e9]);
      expect(messageOf(() => linspace(0, 3e9, 3, int32))).toMatch(/^linspace: value 3000000000/);
      expect(messageOf(() => randint(0, 3e9, [2]))).toMatch(/^randint: value 2999999999/);
      const mask = tensor([true, false]);
      expect(messageOf(() => full([2], 0, int32).maskedFill(mask, 3e9))).toMatch(
        /^maskedFill: value 3000000000 cannot be converted/,
      );
    });
  });

  describe('integer reductions accumulate exactly and refuse to wrap', () => {
    const big = () => tensor([2 ** 30, 2 ** 30, 2 ** 30], int32);

    it('sum: exact through intermediate values beyond int32, an error when the result is', () => {
      expect(messageOf(() => sum(big()))).toBe(
        'sum: the integer result 3221225472 overflows int32 (which holds [-2147483648, 2147483647]); ' +
          'PyTorch accumulates integers in int64, which tensorgrad does not have: ' +
          "cast to float64 first (x.cast('float64').sum(...)) for an exact result up to 2^53",
      );
      expect(messageOf(() => sum(big().reshape([1, 3]), 1))).toMatch(
        /^sum: the integer result 3221225472/,
      );
      expect(sum(big().cast('float64')).item()).toBe(3221225472);
      // A float32 accumulator (the gpu's own sum) would give 0: 2^24 + 1 rounds to 2^24.
      const y = sum(tensor([2 ** 24, 1, 1, -(2 ** 24)], int32));
      expect(y.dtype).toBe('int32');
      expect(y.item()).toBe(2);
      expect(y.backend).toBe(backend);
      expect(sum(tensor([2 ** 30, 2 ** 30, -(2 ** 30), -(2 ** 30), 5], int32)).item()).toBe(5);
      expect(sum(tensor([2 ** 31 - 1, 0], int32)).item()).toBe(2 ** 31 - 1);
      expect(sum(tensor([true, true, false])).item()).toBe(2);
    });

    it('sum over an axis and sumToShape refuse per element, naming the op', () => {
      const x = tensor(
        [
          [2 ** 30, 2 ** 29],
          [2 ** 30, -(2 ** 29)],
        ],
        int32,
      );
      expect(messageOf(() => sum(x, 0))).toMatch(/^sum: the integer result 2147483648 overflows/);
      expect(sum(x, 1).toArray()).toEqual([2 ** 30 + 2 ** 29, 2 ** 29]);
      expect(messageOf(() => sumToShape(x, [2]))).toMatch(
        /^sumToShape: the integer result 2147483648/,
      );
    });

    it('prod: an error on overflow; a zero factor after an overflowing run gives 0, as int64 would', () => {
      expect(messageOf(() => prod(big()))).toMatch(
        /^prod: the integer result 1\.2379400392853803e\+27 overflows int32/,
      );
      expect(prod(tensor([-2, 3, 7], int32)).item()).toBe(-42);
      // 40 factors of 2^31 - 1 overflow float64 to Infinity; Infinity * 0 is NaN, the exact product 0.
      const zeroLast = tensor([...Array<number>(40).fill(2 ** 31 - 1), 0], int32);
      expect(prod(zeroLast).item()).toBe(0);
      expect(messageOf(() => prod(tensor([65536, -32769], int32)))).toMatch(
        /^prod: the integer result -2147549184 overflows/,
      );
      expect(prod(tensor([65536, -32768], int32)).item()).toBe(-(2 ** 31));
    });

    it('cumsum: exact, an error at the first element that overflows', () => {
      expect(messageOf(() => cumsum(big(), 0))).toMatch(
        /^cumsum: the integer result 2147483648 overflows int32/,
      );
      const ok = cumsum(
        tensor([2 ** 30, 2 ** 29, 2 ** 28, -(2 ** 30 + 2 ** 29 + 2 ** 28)], int32),
        0,
      );
      expect(ok.toArray()).toEqual([2 ** 30, 2 ** 30 + 2 ** 29, 2 ** 30 + 2 ** 29 + 2 ** 28, 0]);
      expect(ok.backend).toBe(backend);
      expect(cumsum(tensor([true, true]), 0).toArray()).toEqual([1, 2]);
    });

    it('a refused reduction leaves no tensor or buffer behind', () => {
      const x = big();
      const before = memory();
      messageOf(() => sum(x));
      messageOf(() => prod(x));
      messageOf(() => cumsum(x, 0));
      const after = memory();
      expect(after.tensors).toBe(before.tensors);
      expect(after.buffers).toBe(before.buffers);
      x.dispose();
    });
  });

  describe('bool subtraction and negation (torch 1.13 messages, tensorgrad names)', () => {
    const mask = () => tensor([true, false]);

    it('refuses bool - bool, suggesting logicalXor', () => {
      expect(messageOf(() => sub(mask(), mask()))).toBe(
        'sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use logicalXor() instead.',
      );
      expect(messageOf(() => sub(mask(), true))).toMatch('with two bool tensors');
    });

    it('refuses a bool tensor on either side of -, suggesting logicalNot', () => {
      const expected =
        'sub: Subtraction, the `-` operator, with a bool tensor is not supported. ' +
        'If you are trying to invert a mask, use logicalNot() instead.';
      expect(messageOf(() => sub(1, mask()))).toBe(expected);
      expect(messageOf(() => sub(mask(), 1))).toBe(expected);
      expect(messageOf(() => sub(tensor([3], int32), mask()))).toBe(expected);
      expect(messageOf(() => sub(tensor([3], int32), false))).toBe(expected);
      expect(messageOf(() => mask().sub(tensor([1.5])))).toBe(expected);
    });

    it('refuses -bool, and still adds bools (true + true is true, as torch)', () => {
      expect(messageOf(() => neg(mask()))).toBe(
        'neg: Negation, the `-` operator, on a bool tensor is not supported. ' +
          'If you are trying to invert a mask, use logicalNot() instead.',
      );
      expect(mask().add(mask()).toArray()).toEqual([true, false]);
      expect(mask().logicalNot().toArray()).toEqual([false, true]);
    });
  });

  describe('integer remainder by zero', () => {
    const expected =
      "mod: integer division by zero (the divisor holds 0), as PyTorch's ZeroDivisionError; " +
      'cast to a float dtype first for NaN or ±Infinity instead';

    it('refuses a zero divisor, scalar or tensor, before computing anything', () => {
      const x = tensor([5, -7], int32);
      const [y, column, yes, no] = [
        tensor([3, 0], int32),
        tensor([[1], [0]], int32),
        tensor([true]),
        tensor([false]),
      ];
      const before = memory().tensors;
      expect(messageOf(() => mod(x, 0))).toBe(expected);
      expect(messageOf(() => mod(x, y))).toBe(expected);
      expect(messageOf(() => mod(7, column))).toBe(expected);
      expect(messageOf(() => mod(yes, no))).toBe(expected);
      expect(memory().tensors).toBe(before);
    });

    it('computes integer remainders with the sign of the divisor, and float ones by zero give NaN', () => {
      expect(mod(tensor([5, -7, 7], int32), tensor([3, 3, -3], int32)).toArray()).toEqual([
        2, 2, -2,
      ]);
      expect(mod(tensor([5], int32), 0.5).toArray()).toEqual([0]); // a float divisor: float32
      expect(mod(tensor([5], { dtype: 'float32' }), 0).toArray()).toEqual([NaN]);
      // Nothing to divide: torch returns the empty tensor without complaint.
      expect(mod(tensor([], int32), 0).shape).toEqual([0]);
    });
  });

  it('every case above left memory as it found it', () => {
    const before = memory();
    tidy(() => {
      sum(tensor([1, 2], int32));
      cumsum(tensor([1, 2], int32), 0);
    });
    expect(memory().tensors).toBe(before.tensors);
  });
}
