/**
 * `defineOp`: the one place where an op's forward meets its backward.
 *
 * The forward runs on raw arrays (the layer under `Tensor`: numbers in backend memory, no
 * graph). The backward is one rule per input written with ordinary `Tensor` ops, so that
 *
 * - every backend runs it (the rule never touches a kernel), and
 * - it is itself differentiable: a backward run with `createGraph` records the rules' ops like
 *   any forward, which is all that higher-order gradients need (DeZero's and PyTorch's design).
 */
import { NDArray, isFloat, sameShape } from '@tensorgrad/tensor';
import { isGradEnabled } from './grad-mode.js';
import { Node } from './node.js';
import { Tensor } from './tensor.js';

/** A raw operand as a forward sees it (a JS scalar broadcasts). */
export type RawOperand = NDArray | number | boolean;

/**
 * Anything accepted where a tensor operand is expected: a tensor or a JS scalar.
 * @example
 * ```ts
 * import { type Operand, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2]);
 * const operands: Operand[] = [x, 10, true]; // a scalar broadcasts; true counts as 1
 * const sums = operands.map((o) => String(x.add(o).toArray()));
 * if (sums.join(' ') !== '2,4 11,12 2,3') throw new Error('Operand');
 * ```
 */
export type Operand = Tensor | number | boolean;

/** The raw inputs of an op, by name. An array input holds a variable number of arrays (`cat`). */
export type RawInputs = Record<string, RawOperand | readonly NDArray[]>;

/** What a caller passes for a raw input type: a `Tensor` where the forward takes a raw array. */
export type Lifted<T> = T extends readonly NDArray[]
  ? readonly (Tensor | NDArray)[]
  : T extends NDArray
    ? Tensor | NDArray
    : T;

/** What a backward rule sees of one input: a `Tensor` where the forward saw a raw array. */
export type SavedInput<T> = T extends readonly NDArray[]
  ? readonly Tensor[]
  : T extends NDArray
    ? Tensor
    : T;

/**
 * What a backward rule can read: the inputs of the forward, as tensors, and its output `out`
 * (so no input may be named `out`). The output is the very tensor the forward returned, so a
 * rule that reads it (`exp`: `g · out`) stays differentiable through it.
 */
export type Saved<In> = { readonly [K in keyof In]: SavedInput<In[K]> } & { readonly out: Tensor };

/** A rule returns one gradient for a tensor input and one per element for an array input. */
export type GradientOf<T> = T extends readonly NDArray[] ? Tensor[] : Tensor;

/** One backward rule per differentiable input; inputs without a rule are not differentiable. */
export type BackwardRules<In, Attrs> = {
  readonly [K in keyof In]?: (grad: Tensor, saved: Saved<In>, attrs: Attrs) => GradientOf<In[K]>;
};

/**
 * The declaration of a differentiable op.
 * @example
 * ```ts
 * import type { NDArray } from '@tensorgrad/tensor';
 * import { type OpDefinition, type Tensor, defineOp, grad, tensor } from '@tensorgrad/autograd';
 * // d/dx x³ = 3x², written with Tensor ops: so the rule itself can be differentiated.
 * const cube: OpDefinition<{ x: NDArray }, void> = {
 *   name: 'example.cube',
 *   forward: ({ x }) => x.mul(x).mul(x),
 *   backward: { x: (g, { x }) => g.mul(x.square()).mul(3) },
 * };
 * const f = defineOp(cube);
 * const d2 = grad(grad((x: Tensor) => f({ x }, undefined).sum())); // 6x
 * if (d2(tensor([2])).item() !== 12) throw new Error('second derivative of x³ at 2');
 * ```
 */
export interface OpDefinition<In extends RawInputs, Attrs> {
  /** The op's name, as errors and `gradFn.name` show it. */
  readonly name: string;
  /** Computes the output from raw inputs (the array layer: backend primitives, no graph). */
  readonly forward: (inputs: In, attrs: Attrs) => NDArray;
  /** The vector-Jacobian product for each differentiable input, in `Tensor` ops. */
  readonly backward: BackwardRules<In, Attrs>;
  /**
   * For elementwise ops that broadcast and promote their inputs: each rule may return the
   * gradient at the output's shape and dtype, and it is summed back to the input's shape
   * (`sumToShape`, the single "unbroadcast") and cast back to the input's dtype here, once.
   */
  readonly broadcasts?: boolean;
}

/** A declared op: takes tensors (or scalars) and attributes, returns a tensor. */
export type Op<In extends RawInputs, Attrs> = (
  inputs: { readonly [K in keyof In]: Lifted<In[K]> },
  attrs: Attrs,
) => Tensor;

const declared = new Set<string>();

/**
 * The names of every op declared with {@link defineOp} (the gradcheck table must cover them all).
 * @example
 * ```ts
 * import { declaredOps } from '@tensorgrad/autograd';
 * const ops = declaredOps();
 * if (!ops.includes('matmul') || !ops.includes('softmax')) throw new Error('declaredOps');
 * ```
 */
export function declaredOps(): readonly string[] {
  return [...declared].sort();
}

// One copy of each shape and dtype helper, in the tensor package; re-exported for the ops here.
export { isFloat, sameShape };

/** The raw value behind an operand. */
export function lower(x: Tensor | NDArray): NDArray;
export function lower(x: Operand | RawOperand): RawOperand;
export function lower(x: Operand | RawOperand): RawOperand {
  return x instanceof Tensor ? x.value : x;
}

/** A tensor for `x` (a raw array is wrapped as a constant: no grad). */
export function lift(x: Tensor | NDArray): Tensor {
  return x instanceof Tensor ? x : new Tensor(x);
}

/** One input that needs a gradient: where to find it and what to call it in errors. */
interface Edge {
  readonly key: string;
  /** Position inside an array input, or -1 for a plain input. */
  readonly position: number;
  readonly tensor: Tensor;
}

/**
 * Refuses what is not a tensor or a scalar before any backend sees it: a nested array or a
 * plain object would otherwise fail deep inside a kernel with a message naming nothing.
 */
function checkOperand(op: string, key: string, value: unknown): void {
  if (value instanceof Tensor || value instanceof NDArray) return;
  if (!Array.isArray(value) && (typeof value === 'number' || typeof value === 'boolean')) return;
  const what = Array.isArray(value)
    ? 'an array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? `an object (${value.constructor?.name ?? 'no class'})`
        : `a ${typeof value}`;
  const fix = Array.isArray(value) ? ' (build one with tensor(values))' : '';
  throw new TypeError(`${op}: input '${key}' is ${what}, expected a Tensor or a number${fix}`);
}

function needsGrad(x: unknown): x is Tensor {
  return x instanceof Tensor && x.requiresGrad;
}

/**
 * Declares a differentiable op: a forward on raw arrays and one backward rule per input on
 * tensors. Only inputs that require grad are recorded, and nothing at all under `noGrad`.
 * @example
 * ```ts
 * import type { NDArray } from '@tensorgrad/tensor';
 * import { defineOp, tensor } from '@tensorgrad/autograd';
 * // softplus(x) = log(1 + eˣ); its derivative is σ(x), written with tensor ops
 * const softplus = defineOp({
 *   name: 'example.softplus',
 *   forward: ({ x }: { x: NDArray }) => x.exp().log1p(),
 *   backward: { x: (g, { x }) => g.mul(x.sigmoid()) },
 * });
 * const x = tensor([0], { requiresGrad: true });
 * softplus({ x }, undefined).sum().backward();
 * if (x.grad?.item() !== 0.5) throw new Error('softplus at 0 has slope 1/2');
 * ```
 */
export function defineOp<In extends RawInputs, Attrs = void>(
  definition: OpDefinition<In, Attrs>,
): Op<In, Attrs> {
  const { name, forward, backward } = definition;
  declared.add(name);

  return (inputs, attrs) => {
    // One pass lowers the inputs to raw operands and, only while recording, finds the edges
    // (inputs that need a gradient).
    const recording = isGradEnabled();
    const raw: Record<string, unknown> = {};
    const edges: Edge[] = [];
    for (const key in inputs) {
      const value: unknown = inputs[key];
      if (Array.isArray(value)) {
        const items = value as (Tensor | NDArray)[];
        // A list input (cat's tensors) holds tensors only; anything else is most likely a
        // nested JS array passed where one tensor belongs.
        if (!items.every((v) => v instanceof Tensor || v instanceof NDArray)) {
          checkOperand(name, key, value);
        }
        if (recording) items.forEach((v, i) => addEdge(name, backward, edges, key, i, v));
        raw[key] = items.map((v) => lower(v));
      } else {
        checkOperand(name, key, value);
        if (recording) addEdge(name, backward, edges, key, -1, value);
        raw[key] = lower(value as Operand);
      }
    }
    const out = forward(raw as In, attrs);
    // Under noGrad, when no input needs a gradient, and for integer/bool outputs (never
    // differentiable), nothing is recorded: no node is built and nothing is saved.
    if (edges.length === 0 || !isFloat(out.dtype)) return new Tensor(out);

    // What the rules read: the inputs as tensors (the caller's own objects, so that a second
    // order backward reaches them) and the output.
    const context: Record<string, unknown> = {};
    const saved: Tensor[] = [];
    const savedNames: string[] = [];
    for (const key in inputs) {
      const value: unknown = inputs[key];
      if (Array.isArray(value)) {
        const lifted = (value as (Tensor | NDArray)[]).map(lift);
        context[key] = lifted;
        saved.push(...lifted);
        savedNames.push(...lifted.map((_, i) => `${key}[${i}]`));
      } else if (value instanceof Tensor || typeof value === 'object') {
        const lifted = lift(value as Tensor | NDArray);
        context[key] = lifted;
        saved.push(lifted);
        savedNames.push(key);
      } else {
        context[key] = value;
      }
    }
    const gradients = (grad: Tensor): Tensor[] =>
      gradientsOf(definition, edges, grad, context as Saved<In>, attrs);
    const node = new Node(
      name,
      edges.map((e) => e.tensor),
      edges.map(edgeName),
      gradients,
    );
    const result = new Tensor(out, false, node);
    context['out'] = result;
    saved.push(result);
    savedNames.push('out');
    node.save(saved, savedNames);
    return result;
  };
}

function edgeName(edge: Edge): string {
  return edge.position < 0 ? edge.key : `${edge.key}[${edge.position}]`;
}

/** Records `x` as an edge if it needs a gradient; such an input must have a rule. */
function addEdge(
  name: string,
  backward: object,
  edges: Edge[],
  key: string,
  position: number,
  x: unknown,
): void {
  if (!needsGrad(x)) return;
  if (!(key in backward)) {
    throw new Error(
      `${name}: input '${key}' is not differentiable, but it requires grad (detach it first)`,
    );
  }
  edges.push({ key, position, tensor: x });
}

/** Runs the rules of the inputs that need a gradient (and only those). */
function gradientsOf<In extends RawInputs, Attrs>(
  definition: OpDefinition<In, Attrs>,
  edges: readonly Edge[],
  grad: Tensor,
  saved: Saved<In>,
  attrs: Attrs,
): Tensor[] {
  // The mapped rule types are checked where ops are declared; here a rule is just a function.
  type AnyRule = (g: Tensor, s: Saved<In>, a: Attrs) => Tensor | Tensor[];
  const rules = definition.backward as Record<string, AnyRule>;
  // An array input's rule runs once for all of its elements.
  const perKey = new Map<string, Tensor | Tensor[]>();
  return edges.map((edge) => {
    let result = perKey.get(edge.key);
    if (result === undefined) {
      result = (rules[edge.key] as AnyRule)(grad, saved, attrs);
      perKey.set(edge.key, result);
    }
    const g = Array.isArray(result) ? (result[edge.position] as Tensor) : result;
    return definition.broadcasts === true ? unbroadcast(g, edge.tensor) : g;
  });
}

/** The backward of broadcasting and promotion: sum back to the input's shape, cast to its dtype. */
function unbroadcast(grad: Tensor, input: Tensor): Tensor {
  const summed = sameShape(grad.shape, input.shape) ? grad : grad.sumToSize(input.shape);
  return summed.dtype === input.dtype ? summed : summed.cast(input.dtype);
}
