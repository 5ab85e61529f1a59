/** The `@example`s of the public TSDoc comments, run as written (or as close as a test allows). */
import { describe, expect, it } from 'vitest';
import * as raw from '@tensorgrad/tensor';
import { Generator, convGeometry } from '@tensorgrad/tensor';
import {
  type Tensor,
  arange,
  bernoulli,
  cat,
  conv2d,
  defineOp,
  dispose,
  empty,
  emptyLike,
  enableGrad,
  eye,
  fold,
  fromRaw,
  full,
  fullLike,
  grad,
  gradcheck,
  keep,
  linspace,
  noGrad,
  oneHot,
  ones,
  onesLike,
  pad,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  stack,
  sumToShape,
  tensor,
  tidy,
  unfold,
  valueAndGrad,
  version,
  where,
  zeros,
  zerosLike,
} from '@tensorgrad/autograd';

describe('documented examples', () => {
  it('package', () => {
    expect(version).toBe('0.0.0');
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    w.matmul(tensor([1, 1]))
      .square()
      .sum()
      .backward();
    expect(w.grad?.toArray()).toEqual([
      [6, 6],
      [14, 14],
    ]);
  });

  it('Tensor and its autograd methods', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.square().sum().backward();
    expect(x.grad?.toArray()).toEqual([2, 4, 6]);

    const b = tensor([2], { requiresGrad: true });
    b.mul(b).sum().backward();
    expect(b.grad?.item()).toBe(4);

    expect(tensor([1], { requiresGrad: true }).detach().requiresGrad).toBe(false);
    expect(zeros([2]).requiresGrad_().requiresGrad).toBe(true);

    const y = tensor([3], { requiresGrad: true }).mul(2);
    y.retainGrad();
    y.sum().backward();
    expect(y.grad?.item()).toBe(1);

    const h = tensor([1], { requiresGrad: true });
    h.registerHook((g) => g.mul(10));
    h.sum().backward();
    expect(h.grad?.item()).toBe(10);

    const w = zeros([2]);
    w.assign(ones([2]));
    expect(w.toArray()).toEqual([1, 1]);

    const p = tensor([1], { requiresGrad: true });
    p.sum().backward();
    p.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('grad modes', () => {
    const w = ones([2], { requiresGrad: true });
    expect(noGrad(() => w.mul(2)).requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => w.mul(2))).requiresGrad).toBe(true);
  });

  it('defineOp', () => {
    const square = defineOp({
      name: 'test.exampleSquare',
      forward: ({ x }: { x: raw.Tensor }) => x.square(),
      backward: { x: (g, { x }) => g.mul(x).mul(2) },
    });
    const x = tensor([3], { requiresGrad: true });
    square({ x }, undefined).sum().backward();
    expect(x.grad?.item()).toBe(6);
  });

  it('grad, valueAndGrad, gradcheck', () => {
    const df = grad((x: Tensor) => x.square().sum());
    expect(df(tensor([1, 2])).toArray()).toEqual([2, 4]);
    const { value, grad: g } = valueAndGrad((x: Tensor) => x.square().sum())(tensor([3]));
    expect(value.item()).toBe(9);
    expect(g.item()).toBe(6);
    const report = gradcheck((x) => x.sin().sum(), [randn([3], { dtype: 'float64' })]);
    expect(report.ok).toBe(true);
  });

  it('memory', () => {
    let weights: Tensor | undefined;
    tidy(() => {
      weights = keep(randn([3, 3], { requiresGrad: true }));
    });
    expect(weights?.isDisposed).toBe(false);
    const a = tensor([1]);
    const logits = tensor([2]);
    dispose([a, { logits }]);
    expect(a.isDisposed && logits.isDisposed).toBe(true);
  });

  it('creation', () => {
    expect(fromRaw(raw.zeros([2]), true).requiresGrad).toBe(true);
    expect(tensor([[1, 2]], { requiresGrad: true }).shape).toEqual([1, 2]);
    expect(zeros([2, 3], { requiresGrad: true }).shape).toEqual([2, 3]);
    expect(ones(2, 3).shape).toEqual([2, 3]);
    expect(empty([4]).shape).toEqual([4]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    const x = ones([2]);
    expect(zerosLike(x).toArray()).toEqual([0, 0]);
    expect(onesLike(x).toArray()).toEqual([1, 1]);
    expect(fullLike(x, 2).toArray()).toEqual([2, 2]);
    expect(emptyLike(x).shape).toEqual([2]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(3).shape).toEqual([3, 3]);
    expect(rand([2, 2], { generator: new Generator(0) }).shape).toEqual([2, 2]);
    expect(randn([2, 2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(randint(0, 10, [3]).dtype).toBe('int32');
    expect(bernoulli(0.5, [4]).shape).toEqual([4]);
    expect(randLike(x).shape).toEqual([2]);
    expect(randnLike(x).shape).toEqual([2]);
  });

  it('free functions', () => {
    expect(cat([ones([2]), zeros([1])]).toArray()).toEqual([1, 1, 0]);
    expect(stack([ones([2]), zeros([2])], 1).shape).toEqual([2, 2]);
    expect(where(tensor([true, false]), 1, 2).toArray()).toEqual([1, 2]);
    expect(pad(ones([1, 2]), [1, 0]).toArray()).toEqual([[0, 1, 1]]);
    expect(oneHot(tensor([1], { dtype: 'int32' }), 3).toArray()).toEqual([[0, 1, 0]]);
    expect(unfold(ones([1, 1, 3, 3]), convGeometry([1, 1, 3, 3], 2)).shape).toEqual([1, 4, 4]);
    expect(fold(ones([1, 4, 4]), convGeometry([1, 1, 3, 3], 2)).toArray()).toEqual([
      [
        [
          [1, 2, 1],
          [2, 4, 2],
          [1, 2, 1],
        ],
      ],
    ]);
    expect(sumToShape(ones([2, 3]), [1, 3]).toArray()).toEqual([[2, 2, 2]]);
    expect(conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2])).toArray()).toEqual([
      [
        [
          [4, 4],
          [4, 4],
        ],
      ],
    ]);
  });
});
