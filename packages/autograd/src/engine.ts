/**
 * Reverse-mode backward: an iterative topological traversal of the recorded graph.
 *
 * Iterative on purpose: a recursive walk overflows the stack around ten thousand nested ops,
 * and graphs of 100k nodes (long unrolled loops) are expected to work.
 *
 * The backward rules are written with ordinary tensor ops. By default they run under `noGrad`,
 * so a backward records nothing and costs what the rules compute. With `createGraph` they run
 * with recording on: the gradients then carry a graph of their own and can be differentiated
 * again (second derivatives, Hessian-vector products, gradient penalties).
 */
import { isFloat, keep, sameShape, shapeString, tidy } from '@tensorgrad/tensor';
import { enableGrad, noGrad } from './grad-mode.js';
import { type GradHook, type Node, releasedError } from './node.js';
import { Tensor } from './tensor.js';
import { onesLike } from './creation.js';

/**
 * Options of {@link Tensor.backward}.
 * @example
 * ```ts
 * import { type BackwardOptions, grad, tensor } from '@tensorgrad/autograd';
 * const x = tensor([2], { requiresGrad: true });
 * const options: BackwardOptions = { createGraph: true };
 * x.pow(3).sum().backward(options); // x.grad = 3x² = 12, with a graph of its own
 * x.grad!.sum().backward(); // adds d(3x²)/dx = 6x = 12 to x.grad
 * if (x.grad!.item() !== 24) throw new Error('BackwardOptions');
 * ```
 */
export interface BackwardOptions {
  /** Keep the graph (its saved tensors) so that a second backward can go through it. Default: `createGraph`. */
  readonly retainGraph?: boolean;
  /**
   * Record the backward itself, so that the gradients it produces can be differentiated again
   * (PyTorch's `create_graph`). Default false: backward records nothing.
   */
  readonly createGraph?: boolean;
}

/** What one backward pass computes and where its results go. */
export interface BackwardRequest {
  readonly roots: readonly Tensor[];
  /** One gradient per root (`undefined`: ones, for a one-element root). */
  readonly seeds: readonly (Tensor | undefined)[];
  readonly options: BackwardOptions;
  /**
   * `null`: accumulate into the `.grad` of every leaf (`Tensor.backward`). Otherwise the tensors
   * (leaves or not) whose gradients are returned, and no `.grad` is touched (`gradients`).
   */
  readonly inputs: readonly Tensor[] | null;
  /** The caller of the pass, for error messages. */
  readonly op: string;
}

/**
 * Runs one backward pass. With `inputs === null` it adds d(roots)/d(leaf) to the `.grad` of each
 * leaf that requires grad (gradients accumulate until zeroed) and returns an empty list;
 * otherwise it returns the gradient of each input (null where the roots do not depend on it).
 */
export function runBackward(request: BackwardRequest): (Tensor | null)[] {
  const { roots, seeds, options, inputs, op } = request;
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  roots.forEach((root) => {
    if (!root.requiresGrad) {
      const why = isFloat(root.dtype)
        ? ''
        : ` (integer and bool tensors are never differentiable; this one is ${root.dtype})`;
      throw new Error(`${op}: the tensor does not require grad and has no gradFn${why}`);
    }
  });
  // Counting consumers first also checks, before any work, that no part of the graph was freed.
  const consumers = countConsumers(roots);
  const run = (): Tensor[] => {
    const pass = new BackwardPass(createGraph, inputs);
    const ready: Node[] = [];
    roots.forEach((root, i) => {
      const seed = seedGradient(op, root, seeds[i], createGraph);
      if (root.gradFn === null) pass.addLeafGrad(root, seed);
      else pass.addPending(root.gradFn, seed);
    });
    for (const root of roots) {
      const node = root.gradFn;
      if (node !== null && consumers.get(node) === 0 && !ready.includes(node)) ready.push(node);
    }
    pass.propagate(ready, consumers, retainGraph);
    pass.finish();
    return pass.escaped;
  };

  if (createGraph) {
    // The gradients carry graphs: everything they hold belongs to the caller's scope, like the
    // results of any forward op, so the pass runs in no scope of its own.
    enableGrad(run);
  } else {
    // Everything created below is temporary except the gradients stored on tensors: leaf grads
    // are `keep`-ed (they outlive any surrounding tidy), and what user code saw (hook arguments,
    // returned gradients) is handed to the surrounding scope by returning it.
    tidy(() => noGrad(run));
  }
  return inputs === null ? [] : inputs.map((t) => capturedOf(t));
}

/**
 * Leaves made by `grad()`/`valueAndGrad()` for their own use. A later backward through a
 * gradient they returned (a gradient penalty) reaches them, but nobody can read or free their
 * `.grad`, so none is stored on them.
 */
const privateLeaves = new WeakSet<Tensor>();

/** Marks `leaf` as private to a functional transform (see {@link privateLeaves}). */
export function markPrivateLeaf(leaf: Tensor): void {
  privateLeaves.add(leaf);
}

// The gradients `gradients()` asked for, by tensor; filled by `BackwardPass.finish`.
const captured = new WeakMap<Tensor, Tensor>();
function capturedOf(t: Tensor): Tensor | null {
  const g = captured.get(t) ?? null;
  captured.delete(t);
  return g;
}

/** For each node reachable from the roots, how many edges of the graph lead into it. */
function countConsumers(roots: readonly Tensor[]): Map<Node, number> {
  const consumers = new Map<Node, number>();
  const stack: Node[] = [];
  for (const root of roots) {
    if (root.gradFn !== null && !consumers.has(root.gradFn)) {
      consumers.set(root.gradFn, 0);
      stack.push(root.gradFn);
    }
  }
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

function seedGradient(
  op: string,
  root: Tensor,
  gradient: Tensor | undefined,
  createGraph: boolean,
): Tensor {
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new Error(
        `${op}: a gradient can only be implied for a tensor with one element, got shape ` +
          `${shapeString(root.shape)}; pass a gradient of that shape`,
      );
    }
    return onesLike(root);
  }
  if (!(gradient instanceof Tensor)) {
    throw new Error(`${op}: the gradient must be a Tensor, got ${describe(gradient)}`);
  }
  if (!sameShape(gradient.shape, root.shape)) {
    throw new Error(
      `${op}: the gradient has shape ${shapeString(gradient.shape)}, expected ${shapeString(root.shape)} (the tensor's shape)`,
    );
  }
  if (gradient.dtype !== root.dtype) return gradient.cast(root.dtype);
  // Without a graph, a copy: the caller's tensor never ends up as (and is later freed as) a
  // `.grad`. With one, the gradient itself, so that it can be differentiated through.
  return createGraph ? gradient : gradient.detach().clone();
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  return (x as object).constructor?.name ?? 'object';
}

/** The state of one backward pass. */
class BackwardPass {
  /** Tensors user code has seen or asked for; they must survive the pass's tidy. */
  readonly escaped: Tensor[] = [];
  /** Raw arrays already stored somewhere; storing one a second time stores a copy. */
  private readonly claimed = new Set<unknown>();
  private readonly pending = new Map<Node, Tensor>();
  private readonly leafGrads = new Map<Tensor, Tensor>();
  /** Non-leaf tensors whose gradient `gradients()` asked for, by the node producing them. */
  private readonly wantedNodes = new Map<Node, Tensor>();

  constructor(
    private readonly createGraph: boolean,
    private readonly inputs: readonly Tensor[] | null,
  ) {
    for (const t of inputs ?? []) if (t.gradFn !== null) this.wantedNodes.set(t.gradFn, t);
  }

  addPending(node: Node, grad: Tensor): void {
    accumulate(this.pending, node, grad);
  }

  addLeafGrad(leaf: Tensor, grad: Tensor): void {
    accumulate(this.leafGrads, leaf, grad);
  }

  propagate(ready: Node[], consumers: Map<Node, number>, retainGraph: boolean): void {
    while (ready.length > 0) {
      const node = ready.pop() as Node;
      let grad = this.pending.get(node) as Tensor;
      this.pending.delete(node);
      grad = this.runHooks(node.hooks, grad, node);
      if (node.retained !== null && this.inputs === null) this.store(node.retained, grad, false);
      const wanted = this.wantedNodes.get(node);
      if (wanted !== undefined) this.capture(wanted, grad);

      const inputs = node.inputs;
      // Without a graph, the rule's temporaries are freed as soon as it returns.
      const grads = this.createGraph ? node.apply(grad) : tidy(() => node.apply(grad));
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as Tensor;
        const g = grads[i] as Tensor;
        assertGradientMatches(node, i, g, input);
        const producer = input.gradFn;
        if (producer === null) {
          this.addLeafGrad(input, g);
          continue;
        }
        this.addPending(producer, g);
        const left = (consumers.get(producer) as number) - 1;
        consumers.set(producer, left);
        if (left === 0) ready.push(producer);
      }
      if (!retainGraph) node.release();
    }
  }

  /** Hands the leaf gradients to their tensors (or to `gradients()`'s caller). */
  finish(): void {
    for (const [leaf, grad] of this.leafGrads) {
      const hooked = this.runHooks(leaf.hooks, grad, null);
      if (this.inputs === null) {
        if (!privateLeaves.has(leaf)) this.store(leaf, hooked, true);
      } else if (this.inputs.includes(leaf)) this.capture(leaf, hooked);
    }
  }

  private capture(t: Tensor, grad: Tensor): void {
    captured.set(t, grad);
    this.escaped.push(grad);
  }

  /** Runs hooks in order (each sees the previous one's result); `owner` is null for a leaf. */
  runHooks(hooks: readonly GradHook[] | null, grad: Tensor, owner: Node | null): Tensor {
    if (hooks === null) return grad;
    let current = grad;
    for (const hook of hooks) {
      this.escape(current);
      const replaced = hook(current);
      if (replaced === undefined) continue;
      if (!sameShape(replaced.shape, current.shape) || replaced.dtype !== current.dtype) {
        throw new Error(
          `registerHook: a hook on ${owner === null ? 'a leaf' : `the output of '${owner.name}'`} returned shape ${shapeString(replaced.shape)} and dtype ${replaced.dtype}, ` +
            `expected shape ${shapeString(current.shape)} and dtype ${current.dtype}`,
        );
      }
      current = replaced;
      this.escape(current);
    }
    return current;
  }

  /**
   * Adds `grad` to `t.grad`. Without a graph the sum goes into the existing grad tensor's value
   * and `keepIt` exempts it from every tidy (otherwise it joins the caller's scope); with a graph
   * `t.grad` becomes the new, differentiable sum.
   */
  store(t: Tensor, grad: Tensor, keepIt: boolean): void {
    if (this.createGraph) {
      t.grad = t.grad === null ? grad : t.grad.add(grad);
      return;
    }
    let value = grad.value;
    if (t.grad === null) {
      if (this.claimed.has(value)) value = value.clone();
      this.claimed.add(value);
      t.grad = new Tensor(value);
    } else {
      value = t.grad.value.add(value);
      t.grad.value.dispose();
      t.grad.value = value;
    }
    if (keepIt) keep(value);
    else this.escape(t.grad);
  }

  private escape(t: Tensor): void {
    this.escaped.push(t);
    this.claimed.add(t.value);
  }
}

function accumulate<K>(sums: Map<K, Tensor>, key: K, grad: Tensor): void {
  const previous = sums.get(key);
  sums.set(key, previous === undefined ? grad : previous.add(grad));
}

function assertGradientMatches(node: Node, i: number, grad: Tensor, input: Tensor): void {
  if (sameShape(grad.shape, input.shape) && grad.dtype === input.dtype) return;
  throw new Error(
    `backward of '${node.name}': the gradient for input '${node.inputNames[i]}' has shape ` +
      `${shapeString(grad.shape)} and dtype ${grad.dtype}, expected shape ${shapeString(input.shape)} ` +
      `and dtype ${input.dtype} (those of the input)`,
  );
}
