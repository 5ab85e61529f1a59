/** The public surface: Tensor covers the array layer, creation functions, grad/valueAndGrad. */
import { describe, expect, test } from 'vitest';
import * as autograd from '@tensorgrad/autograd';
import {
  Tensor,
  grad,
  ones,
  tensor,
  valueAndGrad,
  zeros,
  arange,
  eye,
  full,
  randn,
} from '@tensorgrad/autograd';
import * as raw from '@tensorgrad/tensor';

/** Own method and accessor names of a class prototype. */
function members(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor');
}

describe('Tensor offers every operation of the array layer under it', () => {
  test('every NDArray method and property exists on Tensor with the same name', () => {
    // `storage` is the raw memory handle and the `view` getter its backend description;
    // an autograd tensor reaches both through `value`.
    const internal = new Set([
      'storage',
      'strided',
      // the graph's bookkeeping of saved arrays (autograd's Node calls them)
      'savedForBackward',
      'releasedByBackward',
      'handToGraph',
      'usedAfterDispose',
    ]);
    const missing = members(raw.NDArray.prototype).filter(
      (n) => !internal.has(n) && !members(Tensor.prototype).includes(n),
    );
    expect(missing).toEqual([]);
  });

  test('every raw free function that makes or combines tensors has an autograd counterpart', () => {
    const expected = [
      'tensor',
      'zeros',
      'ones',
      'full',
      'empty',
      'arange',
      'linspace',
      'eye',
      'zerosLike',
      'onesLike',
      'fullLike',
      'emptyLike',
      'rand',
      'randn',
      'randint',
      'randperm',
      'bernoulli',
      'randLike',
      'randnLike',
      'where',
      'conv2d',
      'cat',
      'stack',
      'pad',
      'oneHot',
      'unfold',
      'fold',
      'sumToShape',
      'tidy',
      'keep',
      'memory',
      'dispose',
    ];
    const exported = autograd as Record<string, unknown>;
    expect(expected.filter((name) => typeof exported[name] !== 'function')).toEqual([]);
  });

  test('methods return autograd tensors with the raw results', () => {
    const x = tensor(
      [
        [1, -2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    const r = x.value;
    expect(x.relu().toArray()).toEqual(r.relu().toArray());
    expect(x.index(':', 0).toArray()).toEqual(r.index(':', 0).toArray());
    expect(x.var(0).toArray()).toEqual(r.var(0).toArray());
    expect(x.std().item()).toBeCloseTo(r.std().item() as number, 12);
    expect(x.split(1).map((t) => t.toArray())).toEqual(r.split(1).map((t) => t.toArray()));
    expect(x.chunk(2, 1).map((t) => t.toArray())).toEqual(r.chunk(2, 1).map((t) => t.toArray()));
    expect(x.clamp(0, 3).toArray()).toEqual(r.clamp(0, 3).toArray());
    expect(x.topk(1, 1).values.toArray()).toEqual(r.topk(1, 1).values.toArray());
    expect(x.relu()).toBeInstanceOf(Tensor);
    expect(x.unique().values.toArray()).toEqual([-2, 1, 3, 4]);
  });

  test('toString marks tensors that require grad, as PyTorch prints them', () => {
    const x = tensor([1], { dtype: 'float64', requiresGrad: true });
    expect(x.toString()).toMatch(/requiresGrad=true\)$/);
    expect(x.mul(2).toString()).toMatch(/gradFn=<MulBackward>\)$/);
    expect(tensor([1]).toString()).toBe(raw.tensor([1]).toString());
  });
});

describe('creation functions', () => {
  test('accept { requiresGrad } and make leaves', () => {
    for (const t of [
      zeros([2], { requiresGrad: true }),
      ones(2, 3, { requiresGrad: true }),
      full([2], 7, { requiresGrad: true }),
      arange(0, 3, 1, { dtype: 'float32', requiresGrad: true }),
      eye(2, { requiresGrad: true }),
      randn([2], { requiresGrad: true }),
      tensor([1, 2], { requiresGrad: true }),
    ]) {
      expect(t.requiresGrad).toBe(true);
      expect(t.isLeaf).toBe(true);
    }
    expect(zeros([2]).requiresGrad).toBe(false);
    expect(ones(2, 3).shape).toEqual([2, 3]);
  });
});

describe('grad and valueAndGrad', () => {
  test('grad differentiates argument 0 by default, without touching the caller tensors', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const dx = grad((t: Tensor) => t.square().sum())(x);
    expect(dx.toArray()).toEqual([2, 4, 6]);
    expect(x.grad).toBeNull();
  });

  test('argnums selects several arguments; an unused one gets zeros', () => {
    const f = (a: Tensor, b: Tensor, c: Tensor) => a.mul(b).sum().add(c.sum().mul(0)).add(a.sum());
    const [da, db] = grad(f, { argnums: [0, 1] })(tensor([1, 2]), tensor([3, 4]), tensor([5]));
    expect(da?.toArray()).toEqual([4, 5]);
    expect(db?.toArray()).toEqual([1, 2]);
    const unused = grad((a: Tensor, _b: Tensor) => a.sum(), { argnums: 1 })(
      tensor([1]),
      tensor([2, 3]),
    );
    expect(unused.toArray()).toEqual([0, 0]);
  });

  test('valueAndGrad returns the value too', () => {
    const { value, grad: g } = valueAndGrad((t: Tensor) => t.square().sum())(tensor([3]));
    expect(value.item()).toBe(9);
    expect(value.requiresGrad).toBe(false);
    expect(g.item()).toBe(6);
  });

  test('errors name what is wrong', () => {
    expect(() => grad((t: Tensor) => t.square())(tensor([1, 2]))).toThrow(
      /grad: the function must return a tensor with one element, got shape \[2\]/,
    );
    expect(() => grad((t: Tensor) => t.sum())(tensor([1], { dtype: 'int32' }))).toThrow(
      /grad: argument 0 has dtype int32, expected float32 or float64/,
    );
  });
});
