/** Ops refuse inputs that are not tensors or numbers, naming the op, before any kernel runs. */
import { describe, expect, test } from 'vitest';
import { full, memory, ones, tensor } from '@tensorgrad/autograd';

describe('operands that are not tensors', () => {
  test('a nested array as the input of matmul says how to build a tensor', () => {
    const w = ones([3, 2], { requiresGrad: true }).mT;
    const before = memory().tensors;
    expect(() => w.matmul([[1, 0, 1]] as never)).toThrow(
      "matmul: input 'b' is an array, expected a Tensor or a number (build one with tensor(values))",
    );
    expect(memory().tensors).toBe(before);
  });
  test('a plain object and null as binary operands', () => {
    const x = tensor([1, 2]);
    expect(() => x.mul({} as never)).toThrow(
      /mul: .*an object \(Object\)|mul: expected a tensor or a number/,
    );
    expect(() => x.add(null as never)).toThrow(/add: .*null|add: expected a tensor or a number/);
  });
});

describe('creation values that are not numbers', () => {
  test('full refuses an object or a tensor instead of filling with NaN', () => {
    expect(() => full([2], {} as never)).toThrow(
      'full: the fill value must be a number or a boolean, got an object',
    );
    expect(() => full([2], tensor(1) as never)).toThrow('full: the fill value must be a number');
  });
});
