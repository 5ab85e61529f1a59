/**
 * Error messages name the op, what was received and what was expected (exact text asserted).
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('error messages', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'matmul inner dims',
      () => T.zeros([2, 3]).matmul(T.zeros([4, 5])),
      'matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)',
    ],
    [
      'matmul 0-d',
      () => T.tensor(1).matmul(T.zeros([3])),
      'matmul: both arguments need at least 1 dimension, got shapes [] and [3]',
    ],
    [
      'broadcast',
      () => T.zeros([2, 3]).add(T.zeros([4])),
      'add: shapes [2, 3] and [4] cannot be broadcast (3 != 4 at dim -1)',
    ],
    [
      'axis range',
      () => T.zeros([2, 3]).sum(2),
      'sum: axis 2 is out of range for a tensor of 2 dims (expected -2 <= axis < 2)',
    ],
    [
      'permute length',
      () => T.zeros([2, 3]).permute(0),
      'permute: got 1 dims [0] for a tensor of 2 dims',
    ],
    [
      'expand',
      () => T.zeros([2, 3]).expand(4, 3),
      'expand: cannot expand shape [2, 3] to [4, 3] (size 2 != 4 at dim 0)',
    ],
    [
      'cat shapes',
      () => T.cat([T.zeros([2, 3]), T.zeros([2, 4])], 0),
      'cat: tensor 1 has shape [2, 4], expected [-1, 3] (-1: any size) to concatenate along axis 0',
    ],
    [
      'stack shapes',
      () => T.stack([T.zeros([2]), T.zeros([3])]),
      'stack: tensor 1 has shape [3], expected [2] (all equal)',
    ],
    ['item', () => T.zeros([2]).item(), 'item: expected a tensor with one element, got shape [2]'],
    [
      'max of nothing',
      () => T.zeros([0, 2]).max(0),
      'max: cannot reduce over an empty axis (shape [0, 2], axis [0]) — there is no identity',
    ],
    [
      'gather out of range',
      () => T.zeros([2]).gather(0, T.tensor([2], { dtype: 'int32' })),
      'gather: index 2 is out of bounds for a dim of size 2 (expected 0 <= index < 2)',
    ],
    [
      'gather float index',
      () => T.zeros([2]).gather(0, T.tensor([1])),
      'gather: index must be an int32 (or bool) tensor, got float32',
    ],
    [
      'conv channels',
      () => T.conv2d(T.zeros([1, 3, 4, 4]), T.zeros([2, 2, 3, 3])),
      'conv2d: given groups=1 and weight of shape [2, 2, 3, 3], expected input with 2 channels, got input of shape [1, 3, 4, 4] with 3 channels',
    ],
    [
      'conv too small',
      () => T.conv2d(T.zeros([1, 1, 2, 2]), T.zeros([1, 1, 3, 3])),
      'conv2d: input of spatial size [2, 2] (padded [2, 2]) is smaller than the dilated kernel [3, 3]',
    ],
    [
      'convGeometry kernel',
      () => T.convGeometry([1, 1, 4, 4], 0),
      'convGeometry: expected the kernel size to be a positive integer or a pair [h, w] of them, got 0',
    ],
    [
      'topk k',
      () => T.zeros([3]).topk(4),
      'topk: k = 4 is out of range for dim -1 of size 3 (expected 0 <= k <= 3)',
    ],
    [
      'oneHot range',
      () => T.oneHot(T.tensor([3], { dtype: 'int32' }), 3),
      'oneHot: class 3 is out of range for 3 classes (expected 0 <= class < 3)',
    ],
    [
      'split sections',
      () => T.zeros([5]).split([2, 2]),
      'split: sections [2, 2] must be non-negative and add up to 5 (dim 0 of [5])',
    ],
    [
      'unknown dtype',
      () => T.zeros([1]).cast('int64' as never),
      'cast: unknown dtype int64 (expected one of bool, int32, float32, float64)',
    ],
    [
      'use after dispose',
      () => {
        const t = T.zeros([2]);
        t.dispose();
        return t.add(1);
      },
      'Tensor: used after dispose (shape [2], float32)',
    ],
    [
      'int to a negative power',
      () => T.arange(3).pow(-1),
      'pow: integers to negative integer powers are not allowed (got int32 ** -1)',
    ],
    [
      'setBackend',
      () => T.setBackend('tpu' as never),
      'setBackend: unknown backend "tpu" (expected cpu or gpu)',
    ],
  ];
  for (const [name, f, message] of cases) {
    test(name, () => {
      expect(f).toThrow(message);
    });
  }
});
