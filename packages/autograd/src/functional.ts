/**
 * Functional autodiff: `grad(fn)` and `valueAndGrad(fn)` return functions that compute gradients
 * (JAX's style, and they nest: `grad(grad(f))`); `gradients(outputs, inputs)` is PyTorch's
 * `torch.autograd.grad`.
 */
import { NDArray, refuseAsyncFunction, shapeString } from '@tensorgrad/tensor';
import { isFloat, lower } from './define-op.js';
import { type BackwardOptions, markPrivateLeaf, runBackward } from './engine.js';
import { enableGrad, isGradEnabled } from './grad-mode.js';
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
 * Options of {@link grad} and {@link valueAndGrad}.
 * @example
 * ```ts
 * import { Tensor, grad, ones, tensor } from '@tensorgrad/autograd';
 * // A gradient penalty: the norm of d(loss)/d(x) is itself differentiated with respect to w.
 * const w = tensor([3], { requiresGrad: true });
 * const dx = grad((x: Tensor) => x.mul(w).sum(), { createGraph: true })(ones([1])); // = w
 * dx.square().sum().backward(); // d/dw w² = 2w
 * if (dx.item() !== 3 || w.grad?.item() !== 6) throw new Error('GradOptions');
 * ```
 */
export interface GradOptions<N extends number | readonly number[]> extends ArgnumsOption<N> {
  /**
   * Keep a graph on the gradients (PyTorch's `create_graph`), so that they can be differentiated
   * again. Default: true when a differentiated argument already requires grad (a nested `grad`),
   * false otherwise.
   */
  readonly createGraph?: boolean;
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
  options: GradOptions<N>,
): { value: Tensor; grad: Gradients<N> } {
  const argnums = options.argnums ?? 0;
  const indices: readonly number[] =
    typeof argnums === 'number' ? [argnums] : (argnums as readonly number[]);
  const targets: Tensor[] = [];
  const inputs = [...args] as A;
  // An argument that already requires grad is part of an enclosing differentiation (the inner
  // `grad` of `grad(grad(f))`): it is differentiated in place and the result keeps a graph, so
  // that the enclosing one can go through it.
  let nested = false;
  for (const i of indices) {
    const arg = args[i];
    if (!(arg instanceof Tensor) && !(arg instanceof NDArray)) {
      throw new Error(
        `grad: argument ${i} must be a tensor to be differentiated, got ${typeof arg}`,
      );
    }
    const value = lower(arg);
    if (!isFloat(value.dtype)) {
      throw new Error(`grad: argument ${i} has dtype ${value.dtype}, expected float32 or float64`);
    }
    if (arg instanceof Tensor && arg.requiresGrad && isGradEnabled()) {
      nested = true;
      targets.push(arg);
    } else {
      // A fresh leaf over the same numbers: the caller's tensors and their .grad are untouched.
      const leaf = new Tensor(value, true);
      markPrivateLeaf(leaf);
      targets.push(leaf);
      inputs[i] = leaf;
    }
  }
  const out = enableGrad(() => fn(...inputs));
  if (!(out instanceof Tensor) || out.size !== 1) {
    const got = out instanceof Tensor ? `shape ${shapeString(out.shape)}` : typeof out;
    throw new Error(`grad: the function must return a tensor with one element, got ${got}`);
  }
  const createGraph = options.createGraph ?? nested;
  const found = out.requiresGrad
    ? runBackward({
        roots: [out],
        seeds: [undefined],
        options: { createGraph },
        inputs: targets,
        op: 'grad',
      })
    : targets.map(() => null);
  // An argument the output does not depend on has a zero gradient.
  const grads = targets.map((t, k) => found[k] ?? zerosLike(t));
  const grad = (typeof argnums === 'number' ? grads[0] : grads) as Gradients<N>;
  return { value: createGraph ? out : out.detach(), grad };
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
  options: GradOptions<N> = {},
): (...args: A) => Gradients<N> {
  refuseAsyncFunction('grad', fn, 'the gradient is taken of the tensor it returns');
  return (...args: A) => differentiate(fn, args, options).grad;
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
  options: GradOptions<N> = {},
): (...args: A) => { value: Tensor; grad: Gradients<N> } {
  refuseAsyncFunction('valueAndGrad', fn, 'the gradient is taken of the tensor it returns');
  return (...args: A) => differentiate(fn, args, options);
}

/**
 * Options of {@link gradients}.
 * @example
 * ```ts
 * import { type GradientsOptions, gradients, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2], { requiresGrad: true });
 * const options: GradientsOptions = { gradOutputs: [tensor([10, 100])] };
 * const [dx] = gradients(x.mul(3), x, options); // a vector-Jacobian product
 * if (String(dx!.toArray()) !== '30,300') throw new Error('GradientsOptions');
 * ```
 */
export interface GradientsOptions extends BackwardOptions {
  /** The vector of the vector-Jacobian product, one per output (default: ones for one-element outputs). */
  readonly gradOutputs?: readonly (Tensor | undefined)[];
  /** Give zeros for an input the outputs do not depend on, instead of throwing. Default false. */
  readonly allowUnused?: boolean;
}

/**
 * The gradients of `outputs` with respect to `inputs` (leaves or not), returned rather than
 * accumulated into `.grad`: PyTorch's `torch.autograd.grad`. With `createGraph` they can be
 * differentiated again, which is how a Hessian-vector product or a gradient penalty is written.
 * @example
 * ```ts
 * import { gradients, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = x.pow(3).sum();
 * const [g] = gradients(y, [x], { createGraph: true }); // 3x²
 * const v = tensor([1, 0]);
 * const [hv] = gradients(g!.mul(v).sum(), [x]); // Hessian (diag 6x) times v
 * if (String(g!.toArray()) !== '3,12' || String(hv!.toArray()) !== '6,0') throw new Error('gradients');
 * ```
 */
export function gradients(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradientsOptions = {},
): Tensor[] {
  const roots = outputs instanceof Tensor ? [outputs] : [...outputs];
  const targets = inputs instanceof Tensor ? [inputs] : [...inputs];
  const seeds = roots.map((_, i) => options.gradOutputs?.[i]);
  if (options.gradOutputs !== undefined && options.gradOutputs.length !== roots.length) {
    throw new Error(
      `gradients: got ${options.gradOutputs.length} gradOutputs for ${roots.length} outputs (expected one per output)`,
    );
  }
  targets.forEach((t, i) => {
    if (!(t instanceof Tensor) || !t.requiresGrad) {
      throw new Error(
        `gradients: input ${i} does not require grad, so it has no gradient (create it with { requiresGrad: true })`,
      );
    }
  });
  const found = runBackward({ roots, seeds, options, inputs: targets, op: 'gradients' });
  return targets.map((t, i) => {
    const g = found[i];
    if (g !== null && g !== undefined) return g;
    if (options.allowUnused === true) return zerosLike(t);
    throw new Error(
      `gradients: input ${i} was not used to compute the outputs; pass { allowUnused: true } to get zeros for it`,
    );
  });
}
