/**
 * A loss called with a bad target, weight or option throws before computing anything: the
 * error names the problem and no tensor or buffer is left alive (checked with `memory()`).
 */
import { describe, expect, it } from 'vitest';
import { memory, randn, tensor, zeros, type Tensor } from '@tensorgrad/autograd';
import { crossEntropy, nllLoss } from '../../src/index.js';

/** The message `fn` throws, after checking that it left memory as it found it. */
function refusedWithoutLeak(fn: () => unknown): string {
  const before = memory();
  let message: string | undefined;
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  const after = memory();
  expect(message, 'expected an error').toBeDefined();
  expect(after.tensors).toBe(before.tensors);
  expect(after.buffers).toBe(before.buffers);
  expect(after.bytes).toBe(before.bytes);
  return message!;
}

describe('crossEntropy refuses bad calls without leaving a tensor alive', () => {
  const input = randn([4, 3], { requiresGrad: true });
  const labels = (values: number[]): Tensor => tensor(values, { dtype: 'int32' });

  it('a class index out of range (the check reads the target, then frees what it read)', () => {
    const high = labels([0, 2, 3, 1]);
    const low = labels([0, -1, 2, 1]);
    const strided = input.reshape([3, 4]).transpose(0, 1);
    expect(refusedWithoutLeak(() => crossEntropy(input, high))).toBe(
      'crossEntropy: target holds class 3, outside [0, 3) (and not the ignoreIndex -100)',
    );
    expect(refusedWithoutLeak(() => crossEntropy(input, low, { labelSmoothing: 0.1 }))).toMatch(
      /^crossEntropy: target holds class -1, outside \[0, 3\)/,
    );
    expect(refusedWithoutLeak(() => crossEntropy(strided, high))).toMatch(
      /^crossEntropy: target holds class 3/,
    );
  });

  it('a target of the wrong dtype or shape, a weight of the wrong shape', () => {
    const bools = tensor([true, false, true, false]);
    const short = labels([0, 1]);
    const probabilities = zeros([4, 2]);
    const weight = tensor([1, 2]);
    const valid = labels([0, 1, 2, 0]);
    const validProbabilities = zeros([4, 3]);
    expect(refusedWithoutLeak(() => crossEntropy(input, bools))).toMatch(
      /^crossEntropy: class-index target has dtype bool; expected int32/,
    );
    expect(refusedWithoutLeak(() => crossEntropy(input, short))).toMatch(
      /^crossEntropy: target has shape \[2\]; for input \[4, 3\]/,
    );
    expect(refusedWithoutLeak(() => crossEntropy(input, probabilities))).toMatch(
      /^crossEntropy: got a float32 target of shape \[4, 2\] for input \[4, 3\]/,
    );
    expect(refusedWithoutLeak(() => crossEntropy(input, valid, { weight }))).toBe(
      'crossEntropy: weight has shape [2]; expected [3] (one per class)',
    );
    expect(refusedWithoutLeak(() => crossEntropy(input, validProbabilities, { weight }))).toBe(
      'crossEntropy: weight has shape [2]; expected [3] (one per class)',
    );
  });

  it('bad options', () => {
    const target = labels([0, 1, 2, 0]);
    expect(refusedWithoutLeak(() => crossEntropy(input, target, { labelSmoothing: 2 }))).toMatch(
      /^crossEntropy: labelSmoothing must be in \[0, 1\], got 2/,
    );
    expect(
      refusedWithoutLeak(() => crossEntropy(input, target, { reduction: 'avg' as 'mean' })),
    ).toMatch(/^crossEntropy: reduction must be 'mean', 'sum' or 'none', got 'avg'/);
  });

  it('and a good call still computes (the checks moved, the result did not)', () => {
    const loss = crossEntropy(zeros([2, 3]), labels([0, 2]));
    expect(Number(loss.item())).toBeCloseTo(Math.log(3), 6);
    const ignored = crossEntropy(zeros([2, 3]), labels([-100, 2]), { reduction: 'sum' });
    expect(Number(ignored.item())).toBeCloseTo(Math.log(3), 6);
  });
});

describe('nllLoss refuses a bad target without leaving a tensor alive', () => {
  it('out of range, ignoring the ignoreIndex', () => {
    const logProbs = randn([2, 3]);
    const target = tensor([1, 7], { dtype: 'int32' });
    expect(refusedWithoutLeak(() => nllLoss(logProbs, target, { ignoreIndex: 1 }))).toBe(
      'nllLoss: target holds class 7, outside [0, 3) (and not the ignoreIndex 1)',
    );
  });
});
