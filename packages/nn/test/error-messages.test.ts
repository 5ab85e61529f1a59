/** Errors that point at the fix: each message names what went wrong and what to write instead. */
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '@tensorgrad/autograd';
import { F, Linear, nllLoss } from '@tensorgrad/nn';

describe('cross-entropy targets', () => {
  it('class indices made by tensor() as float32: says to make them int32', () => {
    expect(() => F.crossEntropy(randn([3, 4]), tensor([0, 1, 2]))).toThrow(
      'crossEntropy: got a float32 target of shape [3] for input [3, 4]. A float target holds class probabilities ' +
        "and must have the input's shape [3, 4]; it has the shape of class indices for this input, which must be int32 — " +
        "tensor([...]) makes float32 by default: build them with tensor([...], { dtype: 'int32' }) or call target.cast('int32')",
    );
    // the fix works
    expect(F.crossEntropy(randn([3, 4]), tensor([0, 1, 2], { dtype: 'int32' })).shape).toEqual([]);
    // nllLoss, which only takes indices, says the same
    expect(() => nllLoss(randn([3, 4]), tensor([0, 1, 2]))).toThrow(
      "nllLoss: class-index target has dtype float32; expected int32 (tensor([...]) makes float32 by default: use tensor([...], { dtype: 'int32' }) or target.cast('int32'))",
    );
  });

  it('real probability targets keep PyTorch semantics (same shape as the input)', () => {
    const probs = tensor([
      [0.25, 0.75],
      [1, 0],
    ]);
    const loss = F.crossEntropy(
      tensor([
        [0, 0],
        [0, 0],
      ]),
      probs,
    );
    expect(loss.item()).toBeCloseTo(Math.log(2), 6);
    // a float target of another shape, not that of indices: no int32 hint
    const text = (() => {
      try {
        F.crossEntropy(randn([3, 4]), randn([4, 3]));
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(text).toBe(
      "crossEntropy: got a float32 target of shape [4, 3] for input [3, 4]. A float target holds class probabilities and must have the input's shape [3, 4]",
    );
  });
});

describe('Module.loadStateDict input', () => {
  it('nested arrays instead of tensors, and null', () => {
    const layer = new Linear(2, 1);
    expect(() => layer.loadStateDict({ weight: [[1, 2]] } as never)).toThrow(
      "loadStateDict(Linear): entry 'weight' is an array, expected a Tensor (build one with tensor(values)); nothing was loaded",
    );
    expect(() => layer.loadStateDict(null as never)).toThrow(
      'loadStateDict(Linear): expected a record or a Map of tensors, got null',
    );
  });
});
