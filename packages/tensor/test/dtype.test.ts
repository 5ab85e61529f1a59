/**
 * dtype promotion: one table of (operands → result) following DESIGN.md.
 */
import { describe, expect, test } from 'vitest';
import {
  arange,
  ones,
  promoteTypes,
  resultType,
  tensor,
  zeros,
  type DType,
} from '@tensorgrad/tensor';

describe('promoteTypes follows bool < int32 < float32 < float64', () => {
  const order: DType[] = ['bool', 'int32', 'float32', 'float64'];
  for (const [i, a] of order.entries()) {
    for (const [j, b] of order.entries()) {
      test(`${a} with ${b} gives ${order[Math.max(i, j)]}`, () => {
        expect(promoteTypes(a, b)).toBe(order[Math.max(i, j)]);
      });
    }
  }
});

describe('scalars take the tensor dtype unless they are non-integers meeting ints', () => {
  const cases: [DType, number | boolean, DType][] = [
    ['int32', 2, 'int32'],
    ['int32', 2.5, 'float32'],
    ['bool', 2, 'int32'],
    ['bool', true, 'bool'],
    ['float64', 2.5, 'float64'],
    ['float32', 2, 'float32'],
  ];
  for (const [d, s, want] of cases) {
    test(`${d} with ${s} gives ${want}`, () => {
      expect(resultType(d, s)).toBe(want);
      expect(ones([2], { dtype: d }).mul(s).dtype).toBe(want);
    });
  }
});

describe('op result dtypes', () => {
  const i = arange(3);
  const b = tensor([true, false]);
  test('division of ints is true division into float32', () => {
    expect(i.div(2).dtype).toBe('float32');
    expect(i.div(2).toArray()).toEqual([0, 0.5, 1]);
  });
  test('float-only functions turn ints into float32', () => {
    expect(i.exp().dtype).toBe('float32');
    expect(i.sqrt().dtype).toBe('float32');
    expect(i.sigmoid().dtype).toBe('float32');
  });
  test('comparisons, predicates and logical ops give bool', () => {
    expect(i.lt(1).dtype).toBe('bool');
    expect(zeros([2]).isnan().dtype).toBe('bool');
    expect(i.logicalAnd(b.index('0:1')).dtype).toBe('bool');
  });
  test('sum of bool or int gives int32; of float64 stays float64', () => {
    expect(b.sum().dtype).toBe('int32');
    expect(b.sum().item()).toBe(1);
    expect(i.sum().dtype).toBe('int32');
    expect(zeros([2], { dtype: 'float64' }).sum().dtype).toBe('float64');
  });
  test('neg/abs/relu keep int32', () => {
    expect(i.neg().dtype).toBe('int32');
    expect(i.relu().dtype).toBe('int32');
  });
});
