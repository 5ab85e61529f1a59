import type { Tensor as RawTensor } from '@tensorgrad/tensor';
import type { Tensor } from './tensor.js';

/**
 * A function called with a tensor's gradient during backward. Returning a tensor replaces the
 * gradient (it must keep the shape and dtype); returning nothing leaves it unchanged.
 */
export type GradHook = (grad: Tensor) => Tensor | void;

/** Computes one gradient per input of a {@link Node} from the gradient of its output. */
export type GradientFunction = (grad: RawTensor) => RawTensor[];

/**
 * One recorded operation of the graph: the op's name, the inputs that need a gradient, and a
 * function that maps the output's gradient to theirs. Each node produces exactly one tensor.
 *
 * After a backward without `retainGraph` the node is released: it drops its inputs, its saved
 * tensors and its gradient function so that the memory they hold can go, and any later backward
 * that reaches it fails with a message that says so.
 */
export class Node {
  /** The op that recorded this node (used in error messages). */
  readonly name: string;
  /** Inputs that need a gradient, in the order the gradient function returns them. */
  inputs: readonly Tensor[];
  /** The name of each input as the op declares it (`'x'`, `'y'`, `'xs[1]'`), for errors. */
  inputNames: readonly string[];
  /** Raw tensors the gradient function reads; a `tidy` returning the output keeps them. */
  saved: readonly RawTensor[];
  /** Hooks registered on the output tensor, run in order on its gradient (allocated on first use). */
  hooks: GradHook[] | null = null;
  /** The output tensor, when `retainGrad()` asked for its gradient to be stored. */
  retained: Tensor | null = null;
  private gradients: GradientFunction | null;

  /** @internal Nodes are created by `defineOp`. */
  constructor(
    name: string,
    inputs: readonly Tensor[],
    inputNames: readonly string[],
    gradients: GradientFunction,
    saved: readonly RawTensor[],
  ) {
    this.name = name;
    this.inputs = inputs;
    this.inputNames = inputNames;
    this.gradients = gradients;
    this.saved = saved;
  }

  /** Whether a backward without `retainGraph` already went through (and freed) this node. */
  get released(): boolean {
    return this.gradients === null;
  }

  /** The gradient of each input, given the gradient of the output. */
  apply(grad: RawTensor): RawTensor[] {
    if (this.gradients === null) throw releasedError(this.name);
    return this.gradients(grad);
  }

  /** Drops everything backward needed; later backwards through this node throw. */
  release(): void {
    this.gradients = null;
    this.inputs = [];
    this.inputNames = [];
    this.saved = [];
    this.hooks = null;
    this.retained = null;
  }
}

/** The error for a backward that reaches a node whose graph was already freed. */
export function releasedError(name: string): Error {
  return new Error(
    `backward: trying to backward through the graph a second time (the saved tensors of '${name}' ` +
      `were freed by the previous backward); pass { retainGraph: true } to the first backward ` +
      `if you need to backward through the graph again`,
  );
}

/**
 * Every raw tensor saved by the nodes reachable from `root` (iteratively, so deep graphs do not
 * overflow the stack). This is what a `tidy` must keep for a later backward to work.
 */
export function savedTensorsReachableFrom(root: Node): RawTensor[] {
  const found: RawTensor[] = [];
  const visited = new Set<Node>([root]);
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    for (const t of node.saved) found.push(t);
    for (const input of node.inputs) {
      const next = input.gradFn;
      if (next !== null && !visited.has(next)) {
        visited.add(next);
        stack.push(next);
      }
    }
  }
  return found;
}
