/**
 * The pooling layers hold options and call autograd's poolings (whose values, gradients and
 * errors are tested in packages/autograd/test/pooling.test.ts); here: the layers, `F`, shapes
 * and an end-to-end use in a Sequential.
 */
import { describe, expect, it } from 'vitest';
import { maxPool2d as autogradMaxPool2d, ones, randn, tensor } from '@tensorgrad/autograd';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv2d,
  F,
  MaxPool2d,
  ReLU,
  Sequential,
} from '@tensorgrad/nn';
import { numbers } from '../helpers.js';

describe('MaxPool2d, AvgPool2d, AdaptiveAvgPool2d', () => {
  it('F re-exports the autograd functions themselves', () => {
    expect(F.maxPool2d).toBe(autogradMaxPool2d);
  });

  it('forward the options to the functions and hold no state', () => {
    const x = randn([2, 3, 7, 6]);
    const max = new MaxPool2d(3, { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true });
    expect(numbers(max.forward(x))).toEqual(
      numbers(F.maxPool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true })),
    );
    const avg = new AvgPool2d([2, 3], {
      padding: [1, 0],
      countIncludePad: false,
      divisorOverride: null,
    });
    expect(numbers(avg.forward(x))).toEqual(
      numbers(F.avgPool2d(x, [2, 3], { padding: [1, 0], countIncludePad: false })),
    );
    const adaptive = new AdaptiveAvgPool2d([null, 4]);
    expect(adaptive.forward(x).shape).toEqual([2, 3, 7, 4]);
    for (const layer of [max, avg, adaptive]) {
      expect(Object.keys(layer.stateDict())).toEqual([]);
      expect(layer.parameters()).toEqual([]);
    }
  });

  it('MaxPool2d with returnIndices returns values and int32 indices', () => {
    const pool = new MaxPool2d(2, { returnIndices: true });
    const { values, indices } = pool.forward(
      tensor([
        [
          [1, 5],
          [7, 3],
        ],
      ]),
    );
    expect(numbers(values)).toEqual([7]);
    expect(numbers(indices)).toEqual([2]);
  });

  it('AvgPool2d divides border windows by what they cover when countIncludePad is false', () => {
    const y = new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false }).forward(
      ones([1, 4, 4]),
    );
    expect(numbers(y).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    const included = new AvgPool2d(3, { stride: 1, padding: 1 }).forward(ones([1, 4, 4]));
    expect(numbers(included)[0]).toBeCloseTo(4 / 9, 6);
  });

  it('train a small conv net end to end: gradients reach the first layer through the poolings', () => {
    const net = new Sequential(
      new Conv2d(1, 4, 3, { padding: 1 }),
      new ReLU(),
      new MaxPool2d(2),
      new Conv2d(4, 4, 3, { padding: 1 }),
      new AvgPool2d(2, { ceilMode: true }),
      new AdaptiveAvgPool2d(1),
    );
    const y = net.forward(randn([2, 1, 10, 10]));
    expect(y.shape).toEqual([2, 4, 1, 1]);
    y.square().sum().backward();
    const first = net.get(0) as Conv2d;
    expect(first.weight.grad?.shape).toEqual([4, 1, 3, 3]);
    expect(numbers(first.weight.grad!).some((g) => g !== 0)).toBe(true);
  });

  it('check their option names', () => {
    expect(() => new MaxPool2d(2, { ceil_mode: true } as never)).toThrow(
      'MaxPool2d: unknown option `ceil_mode`; did you mean `ceilMode`?',
    );
    expect(() => new AvgPool2d(2, { countIncludePadding: false } as never)).toThrow(
      'AvgPool2d: unknown option `countIncludePadding`',
    );
  });
});
