/**
 * The integer rules of the array layer (`packages/tensor/test/integer-cases.ts`) reach users
 * through the one public `Tensor`: creation, reductions and arithmetic refuse what PyTorch
 * refuses, and an int32 sum that would wrap is an error.
 */
import { describe, expect, it } from 'vitest';
import { arange, full, memory, tensor } from '@tensorgrad/autograd';

const int32 = { dtype: 'int32' } as const;

describe('integers through the public Tensor', () => {
  it('creation refuses values int32 cannot hold', () => {
    expect(() => tensor([3e9], int32)).toThrow(
      /^tensor: value 3000000000 cannot be converted to int32 without overflow/,
    );
    expect(() => full([2], -3e9, int32)).toThrow(/^full: value -3000000000 cannot be converted/);
    expect(() => arange(2 ** 31 - 2, 2 ** 31 + 1)).toThrow(
      /^arange: value 2147483648 \(element 2\)/,
    );
  });

  it('sum, prod and cumsum refuse a result that would wrap, and leave nothing behind', () => {
    const x = tensor([2 ** 30, 2 ** 30], int32);
    const before = memory().tensors;
    expect(() => x.sum()).toThrow(/^sum: the integer result 2147483648 overflows int32/);
    expect(() => x.prod()).toThrow(/^prod: the integer result 1152921504606847000 overflows/);
    expect(() => x.cumsum(0)).toThrow(/^cumsum: the integer result 2147483648 overflows/);
    expect(memory().tensors).toBe(before);
    expect(x.sub(1).sum().item()).toBe(2 ** 31 - 2);
  });

  it('bool subtraction and negation, and integer remainder by zero, are errors', () => {
    const mask = tensor([true, false]);
    expect(() => mask.sub(mask)).toThrow(
      /^sub: Subtraction, the `-` operator, with two bool tensors/,
    );
    expect(() => mask.neg()).toThrow(/^neg: Negation, the `-` operator, on a bool tensor/);
    expect(() => tensor([5], int32).mod(0)).toThrow(/^mod: integer division by zero/);
  });
});
