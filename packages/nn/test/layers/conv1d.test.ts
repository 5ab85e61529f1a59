/**
 * The Conv1d layer: weight layout and state-dict keys as PyTorch's, PyTorch's initialisation,
 * the same numbers as F.conv1d (checked against a naive loop and torch in
 * test/functional/conv1d.test.ts), a float64 gradcheck of its parameters, and its errors.
 */
import { describe, expect, it } from 'vitest';
import { Generator, tensor } from '@tensorgrad/autograd';
import { Conv1d, F, Sequential, ReLU, Flatten, Linear } from '@tensorgrad/nn';
import { expectClose, gradcheckModule, numbers, sample } from '../helpers.js';

describe('Conv1d', () => {
  it("has PyTorch's weight layout [out, in / groups, k] and state-dict keys", () => {
    const conv = new Conv1d(4, 6, 3, { groups: 2 });
    expect(conv.weight.shape).toEqual([6, 2, 3]);
    expect(conv.bias!.shape).toEqual([6]);
    expect(conv.kernelSize).toBe(3);
    expect(Object.keys(conv.stateDict())).toEqual(['weight', 'bias']);
    expect(Object.keys(new Conv1d(4, 6, [5], { bias: false }).stateDict())).toEqual(['weight']);
    expect(new Conv1d(4, 6, [5]).weight.shape).toEqual([6, 4, 5]);
  });

  it('initialises weight and bias from U(±1/√fanIn) with fanIn = inChannels/groups · k', () => {
    const conv = new Conv1d(8, 64, 5, { groups: 2, generator: new Generator(5) });
    const bound = 1 / Math.sqrt(4 * 5);
    const w = numbers(conv.weight).map(Math.abs);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.max(...w)).toBeGreaterThan(0.95 * bound);
    const b = numbers(conv.bias!).map(Math.abs);
    expect(Math.max(...b)).toBeLessThanOrEqual(bound);
    expect(Math.max(...b)).toBeGreaterThan(0.8 * bound);
    // The same generator seed gives the same parameters.
    const again = new Conv1d(8, 64, 5, { groups: 2, generator: new Generator(5) });
    expect(numbers(again.weight)).toEqual(numbers(conv.weight));
  });

  it('computes F.conv1d with its weight, bias and options', () => {
    const conv = new Conv1d(4, 6, 3, {
      stride: 2,
      padding: 'valid',
      dilation: 2,
      groups: 2,
      dtype: 'float64',
    });
    expect(conv.weight.dtype).toBe('float64');
    const x = sample([3, 4, 11], 2);
    const y = conv.forward(x);
    expect(y.shape).toEqual([3, 6, 4]);
    const expected = F.conv1d(x, conv.weight, conv.bias, { stride: 2, dilation: 2, groups: 2 });
    expect(numbers(y)).toEqual(numbers(expected));
    expect(conv.forward(x.select(0, 1)).shape).toEqual([6, 4]);
  });

  it('loads a PyTorch state dict and computes with it', () => {
    const conv = new Conv1d(1, 1, 2, { dtype: 'float64' });
    conv.loadStateDict({
      weight: tensor([[[1, -1]]], { dtype: 'float64' }),
      bias: tensor([0.5], { dtype: 'float64' }),
    });
    expectClose(
      conv.forward(tensor([[[1, 4, 9, 16]]], { dtype: 'float64' })),
      [-2.5, -4.5, -6.5],
      0,
    );
  });

  it('passes a float64 gradcheck of weight, bias and input', () => {
    const conv = new Conv1d(4, 2, 3, { padding: 'same', dilation: 2, groups: 2, dtype: 'float64' });
    gradcheckModule(conv, [sample([2, 4, 7], 6, true)], (x) => conv.forward(x));
  });

  it('fits in a Sequential with Flatten', () => {
    const net = new Sequential(
      new Conv1d(2, 3, 3),
      new ReLU(),
      new Flatten(),
      new Linear(3 * 6, 4),
    );
    expect(net.forward(sample([5, 2, 8], 1).cast('float32')).shape).toEqual([5, 4]);
    expect(Object.keys(net.stateDict())).toEqual(['0.weight', '0.bias', '3.weight', '3.bias']);
  });

  it('checks its arguments when built, as PyTorch does', () => {
    expect(() => new Conv1d(4, 6, 3, { groups: 3 })).toThrow(
      'Conv1d: groups=3 must be a positive integer dividing both inChannels=4 and outChannels=6',
    );
    expect(() => new Conv1d(4, 6, 0)).toThrow(
      'Conv1d: expected kernelSize to be a positive integer or [kernelSize], got 0',
    );
    expect(() => new Conv1d(4, 6, 3, { padding: 'full' as 'same' })).toThrow(
      "conv1d: expected padding to be a non-negative integer, [padding], 'same' or 'valid', got 'full'",
    );
    expect(() => new Conv1d(4, 6, 3, { padding: 'same', stride: 2 })).toThrow(
      "Conv1d: padding 'same' is not supported for strided convolutions (expected stride 1, got 2)",
    );
    expect(() => new Conv1d(4, 6, 3, { kernel_size: 3 } as never)).toThrow(
      /^Conv1d: unknown option `kernel_size`/,
    );
  });

  it('names a channel mismatch at forward', () => {
    expect(() => new Conv1d(3, 4, 3).forward(sample([1, 2, 8], 1))).toThrow(
      /^conv1d: given groups=1 and weight of shape \[4, 3, 1, 3\], expected input with 3 channels, got input of shape \[1, 2, 1, 8\] with 2 channels/,
    );
  });
});
