/**
 * How a Tensor shows itself: String(t), console.log(t) and util.inspect(t) give PyTorch's form,
 * with requiresGrad / gradFn; item() is typed number and itemBool() boolean; to() names the fix
 * for a PyTorch device or dtype name.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tensor, zeros, type Tensor } from '@tensorgrad/autograd';

describe('printing', () => {
  it('util.inspect and console.log show the text of String(t)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    const z = tensor([[1, 2]], { dtype: 'float64' });
    expect(inspect(x)).toBe('tensor([1.0000, 2.0000], requiresGrad=true)');
    expect(inspect(y)).toBe('tensor([2.0000, 4.0000], gradFn=<MulBackward>)');
    expect(inspect(z)).toBe(String(z));
    expect(String(z)).toBe('tensor([[1.0000, 2.0000]], dtype=float64)');
    expect(inspect(x.exp().sum())).toMatch(/^tensor\(\d+\.\d+, gradFn=<SumBackward>\)$/);
    // inside other values too, as console.log formats them
    expect(inspect({ loss: y.sum() })).toBe('{ loss: tensor(6.0000, gradFn=<SumBackward>) }');
    expect(inspect([x.detach()])).toBe('[ tensor([1.0000, 2.0000]) ]');
  });

  it('a disposed tensor prints without touching its freed storage', () => {
    const t = zeros([2, 3]);
    t.dispose();
    expect(inspect(t)).toBe('Tensor(disposed, shape [2, 3], float32)');
  });
});

describe('item and itemBool', () => {
  it('item() is a number; a bool tensor points at itemBool()', () => {
    const loss: number = tensor([1.5, 2.5]).mean().item();
    expect(loss).toBe(2);
    expect(tensor([3], { dtype: 'int32' }).item()).toBe(3);
    const flag = tensor([1, 2]).gt(0).all();
    expect(() => flag.item()).toThrow(
      "item: the tensor is bool; use itemBool() for a boolean (or cast('int32').item() for 0/1)",
    );
    expect(flag.cast('int32').item()).toBe(1);
  });

  it('itemBool() is a boolean, for bool tensors only', () => {
    const yes: boolean = tensor([1, 2]).gt(0).all().itemBool();
    expect(yes).toBe(true);
    expect(tensor([1, 2]).gt(1).all().itemBool()).toBe(false);
    expect(() => tensor([1]).itemBool()).toThrow(
      'itemBool: the tensor is float32; use item() for a number, or compare first (e.g. x.ne(0).itemBool())',
    );
    expect(() => tensor([true, false]).itemBool()).toThrow(
      'item: expected a tensor with one element, got shape [2]',
    );
  });
});

describe('to() with a PyTorch device or dtype name', () => {
  const x = tensor([1, 2]);
  const to = (target: string): Tensor => x.to(target as 'cpu');

  it('cuda: names the gpu backend and setBackend', () => {
    expect(() => to('cuda')).toThrow(
      "to: unknown target \"cuda\"; expected a dtype (bool, int32, float32, float64) or a backend ('cpu', 'gpu'): " +
        "there is no CUDA here: the gpu backend runs on WebGL. Move this tensor with to('gpu'), or run every op there with setBackend('gpu')",
    );
    expect(() => to('cuda:0')).toThrow('there is no CUDA here');
  });

  it('PyTorch dtype names: names the tensorgrad dtype', () => {
    expect(() => to('long')).toThrow(
      /unknown target "long"; .*: integers are 'int32' here \(there is no int64\)$/,
    );
    expect(() => to('torch.float')).toThrow("PyTorch's float is 'float32'");
    expect(() => to('something')).toThrow(
      "to: unknown target \"something\"; expected a dtype (bool, int32, float32, float64) or a backend ('cpu', 'gpu')",
    );
  });

  it('valid targets still work', () => {
    expect(x.to('float64').dtype).toBe('float64');
    expect(x.to('cpu').backend).toBe('cpu');
  });
});
