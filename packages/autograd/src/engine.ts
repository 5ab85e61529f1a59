/**
 * Reverse-mode backward: an iterative topological traversal of the recorded graph.
 *
 * Iterative on purpose: a recursive walk overflows the stack around ten thousand nested ops,
 * and graphs of 100k nodes (long unrolled loops) are expected to work.
 */
import { type Tensor as RawTensor, keep, onesLike, tidy } from '@tensorgrad/tensor';
import { isFloat, lower, sameShape } from './define-op.js';
import { noGrad } from './grad-mode.js';
import { type GradHook, type Node, releasedError } from './node.js';
import { Tensor } from './tensor.js';

/**
 * Options of {@link Tensor.backward}.
 * @example
 * ```ts
 * import { type BackwardOptions, tensor } from '@tensorgrad/autograd';
 * const x = tensor([2], { requiresGrad: true });
 * const y = x.square().sum();
 * const options: BackwardOptions = { retainGraph: true };
 * y.backward(undefined, options);
 * y.backward(); // the graph is still there: gradients accumulate
 * if (x.grad?.item() !== 8) throw new Error('BackwardOptions');
 * ```
 */
export interface BackwardOptions {
  /** Keep the graph (its saved tensors) so that a second backward can go through it. */
  readonly retainGraph?: boolean;
}

/**
 * Computes the gradient of `root` with respect to every leaf that requires grad and adds it to
 * the leaf's `.grad` (gradients accumulate until zeroed). Leaf grads are `keep`-ed unless
 * `leafGradsOutliveTidy` is false (functional `grad`, whose leaves are private, hands them to
 * the caller's scope instead).
 */
export function backward(
  root: Tensor,
  gradient: Tensor | RawTensor | undefined,
  options: BackwardOptions = {},
  leafGradsOutliveTidy = true,
): void {
  if (!root.requiresGrad) {
    const why = isFloat(root.dtype)
      ? ''
      : ` (integer and bool tensors are never differentiable; this one is ${root.dtype})`;
    throw new Error(`backward: the tensor does not require grad and has no gradFn${why}`);
  }
  const retainGraph = options.retainGraph ?? false;
  // Counting consumers first also checks, before any work, that no part of the graph was freed.
  const consumers = root.gradFn === null ? null : countConsumers(root.gradFn);

  // Everything created below is temporary except the gradients stored on tensors: leaf grads are
  // `keep`-ed (they outlive any surrounding tidy), and what user code saw (hook arguments,
  // retained grads) is handed to the surrounding scope by returning it.
  tidy(() => {
    const pass = new BackwardPass();
    const seed = seedGradient(root, gradient);
    const leafGrads = new Map<Tensor, RawTensor>();
    if (root.gradFn === null || consumers === null) leafGrads.set(root, seed);
    else pass.propagate(root.gradFn, seed, consumers, leafGrads, retainGraph);
    for (const [leaf, grad] of leafGrads) {
      const hooked = pass.runHooks(leaf.hooks, grad, null);
      pass.store(leaf, hooked, leafGradsOutliveTidy);
    }
    return pass.escaped;
  });
}

/** For each node reachable from `root`, how many edges of the graph lead into it. */
function countConsumers(root: Node): Map<Node, number> {
  const consumers = new Map<Node, number>([[root, 0]]);
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.released) throw releasedError(node.name);
    for (const input of node.inputs) {
      const producer = input.gradFn;
      if (producer === null) continue;
      const count = consumers.get(producer);
      if (count === undefined) {
        consumers.set(producer, 1);
        stack.push(producer);
      } else {
        consumers.set(producer, count + 1);
      }
    }
  }
  return consumers;
}

function seedGradient(root: Tensor, gradient: Tensor | RawTensor | undefined): RawTensor {
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new Error(
        `backward: a gradient can only be implied for a tensor with one element, got shape ` +
          `[${root.shape.join(',')}]; call backward(gradient) with a gradient of that shape`,
      );
    }
    return onesLike(root.value);
  }
  const g = lower(gradient);
  if (!sameShape(g.shape, root.shape)) {
    throw new Error(
      `backward: the gradient has shape [${g.shape.join(',')}], expected [${root.shape.join(',')}] (the tensor's shape)`,
    );
  }
  // A copy, so that the caller's tensor never ends up as (and is later disposed as) a `.grad`.
  return g.dtype === root.dtype ? g.clone() : g.cast(root.dtype);
}

/** The state of one backward pass. */
class BackwardPass {
  /** Raw tensors user code has seen; they must survive the pass's tidy. */
  readonly escaped: RawTensor[] = [];
  /** Raw tensors already stored somewhere; storing one a second time stores a copy. */
  private readonly claimed = new Set<RawTensor>();

  propagate(
    root: Node,
    seed: RawTensor,
    consumers: Map<Node, number>,
    leafGrads: Map<Tensor, RawTensor>,
    retainGraph: boolean,
  ): void {
    const pending = new Map<Node, RawTensor>([[root, seed]]);
    const ready: Node[] = [root];
    while (ready.length > 0) {
      const node = ready.pop() as Node;
      let grad = pending.get(node) as RawTensor;
      pending.delete(node);
      grad = this.runHooks(node.hooks, grad, node);
      if (node.retained !== null) this.store(node.retained, grad, false);

      const inputs = node.inputs;
      // The rule's temporaries are freed as soon as it returns, not at the end of the pass.
      const grads = tidy(() => node.apply(grad));
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as Tensor;
        const g = grads[i] as RawTensor;
        assertGradientMatches(node, i, g, input);
        const producer = input.gradFn;
        if (producer === null) {
          accumulate(leafGrads, input, g);
          continue;
        }
        accumulate(pending, producer, g);
        const left = (consumers.get(producer) as number) - 1;
        consumers.set(producer, left);
        if (left === 0) ready.push(producer);
      }
      if (!retainGraph) node.release();
    }
  }

  /** Runs hooks in order (each sees the previous one's result); `owner` is null for a leaf. */
  runHooks(hooks: readonly GradHook[] | null, grad: RawTensor, owner: Node | null): RawTensor {
    if (hooks === null) return grad;
    let current = grad;
    for (const hook of hooks) {
      this.escape(current);
      const replaced = noGrad(() => hook(new Tensor(current)));
      if (replaced === undefined) continue;
      const value = lower(replaced);
      if (!sameShape(value.shape, current.shape) || value.dtype !== current.dtype) {
        throw new Error(
          `registerHook: a hook on ${owner === null ? 'a leaf' : `the output of '${owner.name}'`} returned shape [${value.shape.join(',')}] and dtype ${value.dtype}, ` +
            `expected shape [${current.shape.join(',')}] and dtype ${current.dtype}`,
        );
      }
      current = value;
      this.escape(current);
    }
    return current;
  }

  /**
   * Adds `grad` to `t.grad`, swapping the value inside the existing grad tensor if there is one;
   * `keepIt` exempts the stored value from every tidy, otherwise it joins the caller's scope.
   */
  store(t: Tensor, grad: RawTensor, keepIt: boolean): void {
    let value: RawTensor;
    if (t.grad === null) {
      value = this.claimed.has(grad) ? grad.clone() : grad;
      this.claimed.add(value);
      t.grad = new Tensor(value);
    } else {
      value = t.grad.value.add(grad);
      t.grad.value.dispose();
      t.grad.value = value;
    }
    if (keepIt) keep(value);
    else this.escape(value);
  }

  private escape(t: RawTensor): void {
    this.escaped.push(t);
    this.claimed.add(t);
  }
}

function accumulate<K>(sums: Map<K, RawTensor>, key: K, grad: RawTensor): void {
  const previous = sums.get(key);
  sums.set(key, previous === undefined ? grad : previous.add(grad));
}

function assertGradientMatches(node: Node, i: number, grad: RawTensor, input: Tensor): void {
  if (sameShape(grad.shape, input.shape) && grad.dtype === input.dtype) return;
  throw new Error(
    `backward of '${node.name}': the gradient for input '${node.inputNames[i]}' has shape ` +
      `[${grad.shape.join(',')}] and dtype ${grad.dtype}, expected shape [${input.shape.join(',')}] ` +
      `and dtype ${input.dtype} (those of the input)`,
  );
}
