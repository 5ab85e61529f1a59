import { describe, expect, test } from 'vitest';
import { randn } from '@tensorgrad/autograd';
import { Linear, ReLU, Sequential } from '@tensorgrad/nn';

describe('registerForwardHook', () => {
  test('sees module, args and output of every call until removed', () => {
    const inner = new Linear(4, 3);
    const net = new Sequential(inner, new ReLU());
    const calls: { module: unknown; argShape: number[]; outShape: number[] }[] = [];
    const handle = inner.registerForwardHook((m, args, out) => {
      calls.push({
        module: m,
        argShape: [...(args[0] as { shape: number[] }).shape],
        outShape: [...out.shape],
      });
    });
    net.forward(randn([2, 4]));
    net.forward(randn([5, 4]));
    handle.remove();
    net.forward(randn([1, 4]));
    expect(calls.map((c) => c.outShape)).toEqual([
      [2, 3],
      [5, 3],
    ]);
    expect(calls[1]!.argShape).toEqual([5, 4]);
    expect(calls[0]!.module).toBe(inner);
  });

  test('a returned tensor replaces the output; hooks run in registration order', () => {
    const layer = new Linear(2, 2);
    const order: string[] = [];
    layer.registerForwardHook((_m, _a, out) => {
      order.push('first');
      return out.mul(0);
    });
    layer.registerForwardHook((_m, _a, out) => {
      order.push('second');
      expect(out.abs().sum().item()).toBe(0);
    });
    const y = layer.forward(randn([3, 2]));
    expect(y.abs().sum().item()).toBe(0);
    expect(order).toEqual(['first', 'second']);
  });

  test('hooking leaves the state dict, parameters and children unchanged', () => {
    const net = new Sequential(new Linear(2, 2), new ReLU());
    const keys = Object.keys(net.stateDict());
    net.registerForwardHook(() => undefined);
    net.get(0)!.registerForwardHook(() => undefined);
    expect(Object.keys(net.stateDict())).toEqual(keys);
    expect(net.children()).toHaveLength(2);
  });
});
