/** Functional autodiff: `grad(fn)` and `valueAndGrad(fn)` return functions that compute gradients. */
import { Tensor as RawTensor } from '@tensorgrad/tensor';
import { isFloat, lower } from './define-op.js';
import { backward } from './engine.js';
import { enableGrad } from './grad-mode.js';
import { Tensor } from './tensor.js';
import { zerosLike } from './creation.js';

/**
 * Which arguments to differentiate: an index, or several (then a list of gradients is returned).
 * @example
 * ```ts
 * import { type ArgnumsOption, Tensor, grad, tensor } from '@tensorgrad/autograd';
 * const f = (x: Tensor, y: Tensor) => x.mul(y).sum();
 * const options: ArgnumsOption<[0, 1]> = { argnums: [0, 1] };
 * const [dx, dy] = grad(f, options)(tensor([2]), tensor([5]));
 * if (dx!.item() !== 5 || dy!.item() !== 2) throw new Error('ArgnumsOption');
 * ```
 */
export interface ArgnumsOption<N extends number | readonly number[]> {
  readonly argnums?: N;
}

/**
 * A gradient per requested argument: one tensor for an index, a list for a list of indices.
 * @example
 * ```ts
 * import { type Gradients, Tensor, grad, tensor } from '@tensorgrad/autograd';
 * const f = (x: Tensor, y: Tensor) => x.mul(y).sum();
 * const one: Gradients<1> = grad(f, { argnums: 1 })(tensor([2]), tensor([5]));
 * const both: Gradients<number[]> = grad(f, { argnums: [0, 1] })(tensor([2]), tensor([5]));
 * if (one.item() !== 2 || both.length !== 2) throw new Error('Gradients');
 * ```
 */
export type Gradients<N> = N extends number ? Tensor : Tensor[];

function differentiate<A extends unknown[], N extends number | readonly number[]>(
  fn: (...args: A) => Tensor,
  args: A,
  argnums: N,
): { value: Tensor; grad: Gradients<N> } {
  const indices: readonly number[] =
    typeof argnums === 'number' ? [argnums] : (argnums as readonly number[]);
  const leaves = new Map<number, Tensor>();
  const inputs = [...args] as A;
  for (const i of indices) {
    const arg = args[i];
    if (!(arg instanceof Tensor) && !(arg instanceof RawTensor)) {
      throw new Error(
        `grad: argument ${i} must be a tensor to be differentiated, got ${typeof arg}`,
      );
    }
    const value = lower(arg);
    if (!isFloat(value.dtype)) {
      throw new Error(`grad: argument ${i} has dtype ${value.dtype}, expected float32 or float64`);
    }
    // A fresh leaf over the same numbers: the caller's tensors and their .grad are untouched.
    const leaf = new Tensor(value, true);
    leaves.set(i, leaf);
    inputs[i] = leaf;
  }
  const out = enableGrad(() => fn(...inputs));
  if (!(out instanceof Tensor) || out.size !== 1) {
    const got = out instanceof Tensor ? `shape [${out.shape.join(',')}]` : typeof out;
    throw new Error(`grad: the function must return a tensor with one element, got ${got}`);
  }
  if (out.requiresGrad) backward(out, undefined, {}, false);
  const grads = indices.map((i) => {
    const leaf = leaves.get(i) as Tensor;
    // An argument the output does not depend on has a zero gradient.
    return leaf.grad ?? zerosLike(leaf);
  });
  const grad = (typeof argnums === 'number' ? grads[0] : grads) as Gradients<N>;
  return { value: out.detach(), grad };
}

/**
 * The gradient of a scalar-valued `fn` with respect to argument `argnums` (default 0), or a
 * list of gradients for a list of indices, as `jax.grad` / `torch.func.grad`.
 * @example
 * ```ts
 * import { Tensor, grad, tensor } from '@tensorgrad/autograd';
 * const df = grad((x: Tensor) => x.square().sum());
 * if (String(df(tensor([1, 2])).toArray()) !== '2,4') throw new Error('grad');
 * ```
 */
export function grad<A extends unknown[], N extends number | readonly number[] = 0>(
  fn: (...args: A) => Tensor,
  options: ArgnumsOption<N> = {},
): (...args: A) => Gradients<N> {
  const argnums = (options.argnums ?? 0) as N;
  return (...args: A) => differentiate(fn, args, argnums).grad;
}

/**
 * Like {@link grad} but also returns the value of `fn` (detached).
 * @example
 * ```ts
 * import { Tensor, grad, tensor, valueAndGrad } from '@tensorgrad/autograd';
 * const { value, grad: g } = valueAndGrad((x: Tensor) => x.square().sum())(tensor([3]));
 * if (value.item() !== 9 || g.item() !== 6) throw new Error('valueAndGrad');
 * ```
 */
export function valueAndGrad<A extends unknown[], N extends number | readonly number[] = 0>(
  fn: (...args: A) => Tensor,
  options: ArgnumsOption<N> = {},
): (...args: A) => { value: Tensor; grad: Gradients<N> } {
  const argnums = (options.argnums ?? 0) as N;
  return (...args: A) => differentiate(fn, args, argnums);
}
