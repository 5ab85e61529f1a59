/**
 * Reductions over an empty axis, as torch 1.13 gives them (checked by hand):
 * `torch.zeros(2, 0)` → sum 0, mean/var/std NaN, logsumexp -inf, softmax empty, amax refuses.
 */
import { describe, expect, test } from 'vitest';
import { zeros } from '@tensorgrad/autograd';

describe('reductions over an empty axis', () => {
  const x = zeros([2, 0]);
  test.each([
    ['sum', () => x.sum(1), [0, 0]],
    ['mean', () => x.mean(1), [NaN, NaN]],
    ['var', () => x.var(1), [NaN, NaN]],
    ['std', () => x.std(1), [NaN, NaN]],
    ['logsumexp', () => x.logsumexp(1), [-Infinity, -Infinity]],
  ] as const)('%s', (_, f, expected) => {
    expect(Array.from(f().data())).toEqual(expected);
  });
  test('softmax keeps the empty shape; amax refuses, naming the op', () => {
    expect(x.softmax(1).shape).toEqual([2, 0]);
    expect(() => x.amax(1)).toThrow('cannot reduce over an empty axis');
    // torch refuses an empty reduced axis even when the result is empty as well...
    expect(() => zeros([0, 0]).amax(1)).toThrow('cannot reduce over an empty axis');
    expect(() => zeros([0, 0]).argmax(1)).toThrow('cannot reduce over an empty axis');
    // ...but reducing a non-empty axis of an empty tensor is fine.
    expect(zeros([0, 3]).amax(1).shape).toEqual([0]);
  });
});
