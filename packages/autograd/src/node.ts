import { type NDArray, shapeString } from '@tensorgrad/tensor';
import type { Tensor } from './tensor.js';

/**
 * A function called with a tensor's gradient during backward. Returning a tensor replaces the
 * gradient (it must keep the shape and dtype); returning nothing leaves it unchanged.
 * @example
 * ```ts
 * import { type GradHook, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2], { requiresGrad: true });
 * const clip: GradHook = (g) => g.clamp(-1, 1);
 * x.registerHook(clip);
 * x.mul(5).sum().backward();
 * if (String(x.grad?.toArray()) !== '1,1') throw new Error('GradHook');
 * ```
 */
export type GradHook = (grad: Tensor) => Tensor | void;

/** Computes one gradient per input of a {@link Node} from the gradient of its output. */
export type GradientFunction = (grad: Tensor) => Tensor[];

/**
 * One recorded operation of the graph: the op's name, the inputs that need a gradient, and a
 * function that maps the output's gradient to theirs. Each node produces exactly one tensor.
 *
 * After a backward without `retainGraph` the node is released: it drops its inputs, its saved
 * tensors and its gradient function so that the memory they hold can go (a saved array that a
 * module's `forwardScope` handed to the graph is freed right there, by the last node that saved
 * it), and any later backward that reaches it fails with a message that says so.
 * @example
 * ```ts
 * import { Node, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1], { requiresGrad: true });
 * const y = x.mul(2);
 * const node = y.gradFn as Node;
 * if (node.name !== 'mul' || node.inputs[0] !== x) throw new Error('Node');
 * ```
 */
export class Node {
  /** The op that recorded this node (used in error messages). */
  readonly name: string;
  /** Inputs that need a gradient, in the order the gradient function returns them. */
  inputs: readonly Tensor[];
  /** The name of each input as the op declares it (`'x'`, `'y'`, `'xs[1]'`), for errors. */
  inputNames: readonly string[];
  /**
   * The raw arrays the gradient function reads, as they were when the op ran; a `tidy` that
   * returns the output keeps them.
   */
  saved: readonly NDArray[] = [];
  /** The tensors the gradient function reads (inputs and output), checked against `saved`. */
  private savedTensors: readonly Tensor[] = [];
  /** What each saved tensor is to the op (`'x'`, `'xs[1]'`, `'out'`), for errors. */
  private savedNames: readonly string[] = [];
  /** The version of each saved array's storage when the op ran (PyTorch's version counter). */
  private savedVersions: readonly number[] = [];
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
  ) {
    this.name = name;
    this.inputs = inputs;
    this.inputNames = inputNames;
    this.gradients = gradients;
  }

  /** @internal Records what the gradient function will read (called once by `defineOp`). */
  save(tensors: readonly Tensor[], names: readonly string[]): void {
    this.savedTensors = tensors;
    this.savedNames = names;
    this.saved = tensors.map((t) => t.value);
    this.savedVersions = this.saved.map((a) => a.storage.version);
    for (const array of this.saved) array.savedForBackward();
  }

  /**
   * Whether a backward without `retainGraph` already went through (and freed) this node.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const y = tensor([1], { requiresGrad: true }).mul(2);
   * y.sum().backward();
   * if (!y.gradFn?.released) throw new Error('backward frees the graph');
   * ```
   */
  get released(): boolean {
    return this.gradients === null;
  }

  /**
   * The gradient of each input, given the gradient of the output.
   * @example
   * ```ts
   * import { onesLike, tensor } from '@tensorgrad/autograd';
   * const x = tensor([3], { requiresGrad: true });
   * const y = x.square();
   * const [g] = y.gradFn!.apply(onesLike(y)); // d(x²)/dx = 2x
   * if (g!.item() !== 6) throw new Error('apply');
   * ```
   */
  apply(grad: Tensor): Tensor[] {
    if (this.gradients === null) throw releasedError(this.name);
    // PyTorch's version counter: a saved tensor whose numbers were changed (assign) after the
    // forward would make the gradient silently wrong.
    this.savedTensors.forEach((t, i) => {
      const array = this.saved[i] as NDArray;
      const expected = this.savedVersions[i] as number;
      if (t.value !== array || array.storage.version !== expected) {
        throw modifiedError(this.name, this.savedNames[i] ?? '?', t, array, expected);
      }
    });
    return this.gradients(grad);
  }

  /** Drops everything backward needed; later backwards through this node throw. */
  release(): void {
    // Last: a saved array the graph owns (a module's intermediate) is freed by the last node
    // that saved it, since nothing else can read it.
    const saved = this.saved;
    this.gradients = null;
    this.inputs = [];
    this.inputNames = [];
    this.saved = [];
    this.savedTensors = [];
    this.savedNames = [];
    this.savedVersions = [];
    this.hooks = null;
    this.retained = null;
    for (const array of saved) array.releasedByBackward();
  }
}

function modifiedError(
  name: string,
  role: string,
  t: Tensor,
  array: NDArray,
  expected: number,
): Error {
  const what = role === 'out' ? 'its output' : `its input '${role}'`;
  const how =
    t.value === array
      ? `was changed by assign() after the forward (it is at version ${array.storage.version}, expected version ${expected})`
      : 'had its value replaced after the forward';
  return new Error(
    `backward: a tensor saved by '${name}' for backward (${what}, shape ${shapeString(t.shape)}, ` +
      `${t.dtype}) ${how}, so the gradient would use the wrong numbers; call backward before ` +
      `changing it, or change a copy instead (x.detach().clone())`,
  );
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
 * Every NDArray saved by the nodes reachable from `root` (iteratively, so deep graphs do not
 * overflow the stack). This is what a `tidy` must keep for a later backward to work.
 */
export function savedTensorsReachableFrom(root: Node): NDArray[] {
  const found: NDArray[] = [];
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
