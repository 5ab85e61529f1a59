/** The backward engine: graph shapes, accumulation, release, errors, hooks, grad modes. */
import { describe, expect, test } from 'vitest';
import {
  type Tensor,
  defineOp,
  enableGrad,
  isGradEnabled,
  noGrad,
  ones,
  dispose,
  memory,
  tensor,
  tidy,
  zeros,
} from '@tensorgrad/autograd';
import type { NDArray } from '@tensorgrad/tensor';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

describe('graph shapes', () => {
  test('a node that feeds several consumers sums their gradients', () => {
    const x = tensor([0.5, -1, 2], f64);
    const y = x.exp();
    // d/dx [2y + sin(y) + y^2] = y (2 + cos(y) + 2y)
    y.mul(2).add(y.sin()).add(y.square()).sum().backward();
    const yv = (y.toArray() as number[]).map(Number);
    const expected = yv.map((v) => v * (2 + Math.cos(v) + 2 * v));
    (x.grad?.toArray() as number[]).forEach((g, i) =>
      expect(g).toBeCloseTo(expected[i] as number, 10),
    );
  });

  test('the same tensor used twice by one op (x * x)', () => {
    const x = tensor([3], f64);
    x.mul(x).sum().backward();
    expect(x.grad?.item()).toBe(6);
  });

  test('a 10,000-op chain', () => {
    const x = tensor([1], f64);
    let y: Tensor = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad?.item()).toBeCloseTo(1.0001 ** 10_000, 8);
  });

  test('a 100k-node graph backpropagates without overflowing the stack', () => {
    const x = tensor([2], f64);
    const w = tensor([0.5], f64);
    const before = memory().tensors;
    tidy(() => {
      // Built in an inner tidy and returned, so that tidy must keep the whole graph alive for
      // the backward outside it (another walk over 100k nodes); the outer tidy frees it after.
      // Mostly cheap view nodes (two per step) to keep the test fast; w feeds 5,000 consumers.
      const y = tidy(() => {
        let t: Tensor = x;
        for (let i = 0; i < 50_000; i++) {
          t = t.reshape(1, 1).reshape(1);
          if (i % 10 === 0) t = t.add(w);
        }
        return t.sum();
      });
      y.backward();
    });
    expect(x.grad?.item()).toBe(1);
    expect(w.grad?.item()).toBe(5_000);
    dispose([x.grad, w.grad]);
    expect(memory().tensors).toBe(before);
  });

  test('backward(gradient) on a non-scalar computes a vector-Jacobian product', () => {
    const x = tensor([1, 2, 3], f64);
    x.square().backward(tensor([1, 0.5, -1], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([2, 2, -6]);
  });

  test('backward on a leaf seeds its own gradient', () => {
    const x = tensor([4], f64);
    x.backward();
    expect(x.grad?.item()).toBe(1);
  });
});

describe('accumulation and release', () => {
  test('gradients accumulate across backward calls until zeroed', () => {
    const x = tensor([1, 2], f64);
    x.mul(3).sum().backward();
    const g = x.grad;
    x.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([6, 6]);
    // Accumulation swaps the numbers inside the same grad tensor, as PyTorch's in-place add.
    expect(x.grad).toBe(g);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 3]);
  });

  test('a second backward through a released graph fails clearly', () => {
    const x = tensor([1, 2], f64);
    const loss = x.exp().sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(
      /backward through the graph a second time.*'sum'.*retainGraph/,
    );
  });

  test('retainGraph keeps the graph for a second backward', () => {
    const x = tensor([1, 2], f64);
    const loss = x.square().sum();
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(x.grad?.toArray()).toEqual([4, 8]);
    expect(() => loss.backward()).toThrow(/second time/);
  });

  test('release frees what the nodes saved', () => {
    const x = tensor([1, 2], f64);
    const loss = x.exp().sum();
    const node = loss.gradFn;
    expect(node?.saved.length).toBeGreaterThan(0);
    loss.backward();
    expect(node?.released).toBe(true);
    expect(node?.saved).toEqual([]);
    expect(node?.inputs).toEqual([]);
  });
});

describe('errors', () => {
  test('backward on a non-scalar without a gradient', () => {
    const x = tensor([1, 2], f64);
    expect(() => x.mul(2).backward()).toThrow(
      /backward: a gradient can only be implied for a tensor with one element, got shape \[2\]/,
    );
  });

  test('backward with a gradient of the wrong shape', () => {
    const x = tensor([1, 2], f64);
    expect(() => x.mul(2).backward(ones([3]))).toThrow(
      /backward: the gradient has shape \[3\], expected \[2\]/,
    );
  });

  test('backward on a tensor that does not require grad', () => {
    expect(() => tensor([1]).backward()).toThrow(/does not require grad/);
    expect(() => tensor([1], f64).argmax().backward()).toThrow(
      /integer and bool tensors are never differentiable.*int32/,
    );
  });

  test('requiring grad on an int tensor', () => {
    expect(() => zeros([2], { dtype: 'int32', requiresGrad: true })).toThrow(
      /only floating-point tensors can require gradients, got dtype int32/,
    );
    expect(() => zeros([2], { dtype: 'bool' }).requiresGrad_()).toThrow(
      /requiresGrad_: only floating-point.*bool/,
    );
    const ints = zeros([2], { dtype: 'int32' });
    expect(() => {
      ints.requiresGrad = true;
    }).toThrow(/requiresGrad_: only floating-point.*int32/);
    expect(ints.requiresGrad).toBe(false);
  });

  test("the engine asserts each gradient's shape and dtype, naming the op and the input", () => {
    const badShape = defineOp({
      name: 'test.badShape',
      forward: ({ x }: { x: NDArray }) => x.sum(),
      backward: { x: (g) => g }, // forgot to expand back to x's shape
    });
    const x = tensor([1, 2, 3], f64);
    expect(() => badShape({ x }, undefined).backward()).toThrow(
      "backward of 'test.badShape': the gradient for input 'x' has shape [] and dtype float64, expected shape [3] and dtype float64",
    );
    const badDtype = defineOp({
      name: 'test.badDtype',
      forward: ({ x }: { x: NDArray }) => x.mul(2),
      backward: { x: (g) => g.cast('float32') },
    });
    expect(() => badDtype({ x }, undefined).sum().backward()).toThrow(
      /backward of 'test.badDtype': the gradient for input 'x' has shape \[3\] and dtype float32, expected shape \[3\] and dtype float64/,
    );
  });

  test('an input without a backward rule cannot require grad', () => {
    const onlyX = defineOp({
      name: 'test.onlyX',
      forward: ({ x, y }: { x: NDArray; y: NDArray }) => x.mul(y),
      backward: { x: (g, { y }) => g.mul(y) },
    });
    expect(() => onlyX({ x: tensor([1], f64), y: tensor([2], f64) }, undefined)).toThrow(
      "test.onlyX: input 'y' is not differentiable, but it requires grad (detach it first)",
    );
  });

  test('requiresGrad_ on a non-leaf', () => {
    const y = tensor([1], f64).mul(2);
    expect(() => y.requiresGrad_(false)).toThrow(
      /requiresGrad_: can only change the flag of a leaf tensor.*'mul'/,
    );
  });
});

describe('work skipping and non-differentiable outputs', () => {
  test('rules run only for inputs that need a gradient', () => {
    const calls: string[] = [];
    const spy = defineOp({
      name: 'test.spy',
      forward: ({ x, y }: { x: NDArray; y: NDArray }) => x.mul(y),
      backward: {
        x: (g, { y }) => (calls.push('x'), g.mul(y)),
        y: (g, { x }) => (calls.push('y'), g.mul(x)),
      },
    });
    const w = tensor([2], f64);
    spy({ x: w, y: tensor([3], { dtype: 'float64' }) }, undefined)
      .sum()
      .backward();
    expect(calls).toEqual(['x']);
    expect(w.grad?.item()).toBe(3);
  });

  test('integer and bool results do not require grad', () => {
    const x = tensor([1.5, -2], f64);
    expect(x.argmax().requiresGrad).toBe(false);
    expect(x.gt(0).requiresGrad).toBe(false);
    expect(x.cast('int32').requiresGrad).toBe(false);
    expect(x.cast('int32').gradFn).toBeNull();
    expect(x.sort().indices.requiresGrad).toBe(false);
    expect(x.sort().values.requiresGrad).toBe(true);
  });
});

describe('grad modes, detach and freezing', () => {
  test('noGrad records nothing; enableGrad re-enables inside it', () => {
    const w = tensor([1, 2], f64);
    const y = noGrad(() => w.mul(2).exp());
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    const z = noGrad(() => enableGrad(() => w.mul(2)));
    expect(z.gradFn?.name).toBe('mul');
    expect(isGradEnabled()).toBe(true);
  });

  test('the grad mode is restored when the function throws', () => {
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('detach cuts the graph but shares the numbers', () => {
    const x = tensor([1, 2], f64);
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    const y = x.mul(d).sum();
    y.backward();
    expect(x.grad?.toArray()).toEqual([2, 4]); // d is a constant
  });

  test('requiresGrad_(false) freezes a parameter', () => {
    const w = tensor([1, 2], f64);
    const b = tensor([3], f64).requiresGrad_(false);
    w.mul(b).sum().backward();
    expect(w.grad?.toArray()).toEqual([3, 3]);
    expect(b.grad).toBeNull();
  });
});

describe('hooks and retainGrad', () => {
  test('a hook on a leaf can replace its gradient, and can be removed', () => {
    const x = tensor([1, 2], f64);
    const seen: number[][] = [];
    const handle = x.registerHook((g) => {
      seen.push(g.toArray() as number[]);
      return g.mul(10);
    });
    x.mul(3).sum().backward();
    expect(seen).toEqual([[3, 3]]);
    expect(x.grad?.toArray()).toEqual([30, 30]);
    handle.remove();
    x.zeroGrad();
    x.mul(3).sum().backward();
    expect(x.grad?.toArray()).toEqual([3, 3]);
  });

  test('a hook on a non-leaf changes what flows further back', () => {
    const x = tensor([1, 2], f64);
    const y = x.mul(2);
    y.registerHook((g) => g.mul(0));
    y.add(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([1, 1]);
  });

  test('a hook returning the wrong shape is an error', () => {
    const x = tensor([1, 2], f64);
    x.registerHook(() => ones([3], { dtype: 'float64' }));
    expect(() => x.sum().backward()).toThrow(
      /registerHook: a hook on a leaf returned shape \[3\].*expected shape \[2\]/,
    );
  });

  test('retainGrad stores a non-leaf gradient', () => {
    const x = tensor([1, 2], f64);
    const y = x.mul(2);
    y.retainGrad();
    const z = x.mul(5);
    y.square().sum().backward();
    expect(y.grad?.toArray()).toEqual([4, 8]);
    expect(x.grad?.toArray()).toEqual([8, 16]);
    expect(z.grad).toBeNull();
  });
});
