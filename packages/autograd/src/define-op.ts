/**
 * `defineOp`: the one place where an op's forward (raw ops) meets its backward (one rule per
 * input, also written with raw ops so that every backend runs it).
 */
import { type DType, type Tensor as RawTensor, sumToShape } from '@tensorgrad/tensor';
import { isGradEnabled } from './grad-mode.js';
import { Node } from './node.js';
import { Tensor } from './tensor.js';

/**
 * A raw operand as forwards and backward rules see it (a JS scalar broadcasts).
 * @example
 * ```ts
 * import { tensor as rawTensor } from '@tensorgrad/tensor';
 * import { type RawOperand, defineOp, tensor } from '@tensorgrad/autograd';
 * const scale = defineOp({
 *   name: 'example.scale',
 *   forward: ({ x, k }: { x: RawOperand; k: RawOperand }) => rawTensor([0]).add(x).mul(k),
 *   backward: { x: (g, { k }) => g.mul(k) },
 * });
 * const x = tensor([2], { requiresGrad: true });
 * scale({ x, k: 3 }, undefined).sum().backward();
 * if (x.grad?.item() !== 3) throw new Error('RawOperand');
 * ```
 */
export type RawOperand = RawTensor | number | boolean;

/**
 * Anything accepted where a tensor operand is expected: autograd or raw tensor, or a JS scalar.
 * @example
 * ```ts
 * import { type Operand, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2]);
 * const operands: Operand[] = [x, x.value, 10, true];
 * const sums = operands.map((o) => String(x.add(o).toArray()));
 * if (sums.join(' ') !== '2,4 2,4 11,12 2,3') throw new Error('Operand');
 * ```
 */
export type Operand = Tensor | RawTensor | number | boolean;

/**
 * The raw inputs of an op, by name. An array input holds a variable number of tensors (`cat`).
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type RawInputs, defineOp, ones, zeros } from '@tensorgrad/autograd';
 * interface SumAll extends RawInputs {
 *   xs: readonly RawTensor[];
 * }
 * const sumAll = defineOp({
 *   name: 'example.sumAll',
 *   forward: ({ xs }: SumAll) => xs.reduce((a, b) => a.add(b)),
 *   backward: { xs: (g, { xs }) => xs.map(() => g) },
 * });
 * const a = ones([2], { requiresGrad: true });
 * sumAll({ xs: [a, zeros([2])] }, undefined).sum().backward();
 * if (String(a.grad?.toArray()) !== '1,1') throw new Error('RawInputs');
 * ```
 */
export type RawInputs = Record<string, RawOperand | readonly RawTensor[]>;

/**
 * The type a caller passes for a raw input type: autograd tensors are accepted wherever raw ones are.
 * @example
 * ```ts
 * import { tensor as rawTensor, type Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type Lifted, tensor } from '@tensorgrad/autograd';
 * // where an op's forward takes a raw tensor, callers may pass either kind
 * const inputs: Lifted<RawTensor>[] = [tensor([1]), rawTensor([1])];
 * if (inputs.length !== 2) throw new Error('Lifted');
 * ```
 */
export type Lifted<T> = T extends readonly RawTensor[]
  ? readonly (Tensor | RawTensor)[]
  : T extends RawTensor
    ? Tensor | RawTensor
    : T;

/**
 * What a backward rule can read: the raw inputs of the forward and its raw output `out` (so no input may be named `out`).
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type Saved, defineOp, tensor } from '@tensorgrad/autograd';
 * const exp = defineOp({
 *   name: 'example.exp',
 *   forward: ({ x }: { x: RawTensor }) => x.exp(),
 *   // the rule reads the forward's output: d(e^x)/dx = e^x
 *   backward: { x: (g, saved: Saved<{ x: RawTensor }>) => g.mul(saved.out) },
 * });
 * const x = tensor([0], { requiresGrad: true });
 * exp({ x }, undefined).sum().backward();
 * if (x.grad?.item() !== 1) throw new Error('Saved');
 * ```
 */
export type Saved<In> = Readonly<In> & { readonly out: RawTensor };

/**
 * A rule returns one gradient for a tensor input and one per element for an array input.
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import type { GradientOf } from '@tensorgrad/autograd';
 * // one gradient for a tensor input, one per element for an array input
 * const one: GradientOf<RawTensor> | undefined = undefined;
 * const many: GradientOf<readonly RawTensor[]> = [];
 * if (one !== undefined || many.length !== 0) throw new Error('GradientOf');
 * ```
 */
export type GradientOf<T> = T extends readonly RawTensor[] ? RawTensor[] : RawTensor;

/**
 * One backward rule per differentiable input; inputs without a rule are not differentiable.
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type BackwardRules, defineOp, tensor } from '@tensorgrad/autograd';
 * type In = { x: RawTensor; y: RawTensor };
 * const rules: BackwardRules<In, void> = {
 *   x: (g, { y }) => g.mul(y),
 *   y: (g, { x }) => g.mul(x),
 * };
 * const times = defineOp({ name: 'example.times', forward: ({ x, y }: In) => x.mul(y), backward: rules });
 * const x = tensor([2], { requiresGrad: true });
 * times({ x, y: tensor([5]) }, undefined).sum().backward();
 * if (x.grad?.item() !== 5) throw new Error('BackwardRules');
 * ```
 */
export type BackwardRules<In, Attrs> = {
  readonly [K in keyof In]?: (grad: RawTensor, saved: Saved<In>, attrs: Attrs) => GradientOf<In[K]>;
};

/**
 * The declaration of a differentiable op.
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type OpDefinition, defineOp, tensor } from '@tensorgrad/autograd';
 * const definition: OpDefinition<{ x: RawTensor; y: RawTensor }, void> = {
 *   name: 'example.addBroadcast',
 *   forward: ({ x, y }) => x.add(y),
 *   backward: { x: (g) => g, y: (g) => g },
 *   broadcasts: true, // the [2, 3] gradient is summed back to each input's shape
 * };
 * const add = defineOp(definition);
 * const b = tensor([0, 0, 0], { requiresGrad: true });
 * add({ x: tensor([[1, 2, 3], [4, 5, 6]]), y: b }, undefined).sum().backward();
 * if (String(b.grad?.toArray()) !== '2,2,2') throw new Error('OpDefinition');
 * ```
 */
export interface OpDefinition<In extends RawInputs, Attrs> {
  /** The op's name, as errors and `gradFn.name` show it. */
  readonly name: string;
  /** Computes the output from raw inputs with raw ops. */
  readonly forward: (inputs: In, attrs: Attrs) => RawTensor;
  /** The vector-Jacobian product for each differentiable input. */
  readonly backward: BackwardRules<In, Attrs>;
  /**
   * For elementwise ops that broadcast and promote their inputs: each rule may return the
   * gradient at the output's shape and dtype, and it is summed back to the input's shape
   * (`sumToShape`, the single "unbroadcast") and cast back to the input's dtype here, once.
   */
  readonly broadcasts?: boolean;
}

/**
 * A declared op: takes autograd (or raw) inputs and attributes, returns an autograd tensor.
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { type Op, defineOp, tensor } from '@tensorgrad/autograd';
 * const scale: Op<{ x: RawTensor }, number> = defineOp({
 *   name: 'example.scaleBy',
 *   forward: ({ x }: { x: RawTensor }, k: number) => x.mul(k),
 *   backward: { x: (g, _saved, k) => g.mul(k) },
 * });
 * const x = tensor([1], { requiresGrad: true });
 * scale({ x }, 4).sum().backward(); // attributes are the second argument
 * if (x.grad?.item() !== 4) throw new Error('Op');
 * ```
 */
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

/** Whether tensors of `dtype` can carry gradients. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/** The raw value behind an operand. */
export function lower(x: Tensor | RawTensor): RawTensor;
export function lower(x: Operand): RawOperand;
export function lower(x: Operand): RawOperand {
  return x instanceof Tensor ? x.value : x;
}

/** One input that needs a gradient: where to find it and what to call it in errors. */
interface Edge {
  readonly key: string;
  /** Position inside an array input, or -1 for a plain input. */
  readonly position: number;
  readonly tensor: Tensor;
}

/** An autograd tensor for `x` (a raw tensor is wrapped as a constant: no grad). */
export function lift(x: Tensor | RawTensor): Tensor {
  return x instanceof Tensor ? x : new Tensor(x);
}

function needsGrad(x: unknown): x is Tensor {
  return x instanceof Tensor && x.requiresGrad;
}

/**
 * Declares a differentiable op.
 * @example
 * ```ts
 * import type { Tensor as RawTensor } from '@tensorgrad/tensor';
 * import { defineOp, tensor } from '@tensorgrad/autograd';
 * const cube = defineOp({
 *   name: 'example.cube',
 *   forward: ({ x }: { x: RawTensor }) => x.mul(x).mul(x),
 *   backward: { x: (g, { x }) => g.mul(x.square()).mul(3) },
 * });
 * const x = tensor([2], { requiresGrad: true });
 * const y = cube({ x }, undefined);
 * y.sum().backward();
 * if (y.item() !== 8 || x.grad?.item() !== 12) throw new Error('defineOp');
 * ```
 */
export function defineOp<In extends RawInputs, Attrs = void>(
  definition: OpDefinition<In, Attrs>,
): Op<In, Attrs> {
  const { name, forward, backward } = definition;
  declared.add(name);

  return (inputs, attrs) => {
    // One pass over the inputs lowers them to raw operands and, only while recording, finds
    // the edges (inputs that need a gradient) and the raw tensors backward will read.
    const recording = isGradEnabled();
    const raw: Record<string, unknown> = {};
    const edges: Edge[] = [];
    const saved: RawTensor[] = [];
    for (const key in inputs) {
      const value: unknown = inputs[key];
      if (Array.isArray(value)) {
        const lowered = (value as (Tensor | RawTensor)[]).map((v, i) => {
          if (recording) addEdge(name, backward, edges, key, i, v);
          return lower(v);
        });
        raw[key] = lowered;
        if (recording) for (const t of lowered) saved.push(t);
      } else {
        if (recording) addEdge(name, backward, edges, key, -1, value);
        const lowered = lower(value as Operand);
        raw[key] = lowered;
        if (recording && typeof lowered === 'object') saved.push(lowered);
      }
    }
    const out = forward(raw as In, attrs);
    // Under noGrad, when no input needs a gradient, and for integer/bool outputs (never
    // differentiable), nothing is recorded: no node is built and nothing is saved.
    if (edges.length === 0 || !isFloat(out.dtype)) return new Tensor(out);

    // The forward's raw inputs double as what the rules read, with the output added.
    raw['out'] = out;
    saved.push(out);
    const context = raw as Saved<In>;
    const gradients = (grad: RawTensor): RawTensor[] =>
      gradientsOf(definition, edges, grad, context, attrs);
    const node = new Node(
      name,
      edges.map((e) => e.tensor),
      edges.map(edgeName),
      gradients,
      saved,
    );
    return new Tensor(out, false, node);
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
  grad: RawTensor,
  saved: Saved<In>,
  attrs: Attrs,
): RawTensor[] {
  // The mapped rule types are checked where ops are declared; here a rule is just a function.
  type AnyRule = (g: RawTensor, s: Saved<In>, a: Attrs) => RawTensor | RawTensor[];
  const rules = definition.backward as Record<string, AnyRule>;
  // An array input's rule runs once for all of its elements.
  const perKey = new Map<string, RawTensor | RawTensor[]>();
  return edges.map((edge) => {
    let result = perKey.get(edge.key);
    if (result === undefined) {
      result = (rules[edge.key] as AnyRule)(grad, saved, attrs);
      perKey.set(edge.key, result);
    }
    const g = Array.isArray(result) ? (result[edge.position] as RawTensor) : result;
    return definition.broadcasts === true ? unbroadcast(g, edge.tensor.value) : g;
  });
}

/** The backward of broadcasting and promotion: sum back to the input's shape, cast to its dtype. */
function unbroadcast(grad: RawTensor, input: RawTensor): RawTensor {
  const summed = sameShape(grad.shape, input.shape) ? grad : sumToShape(grad, input.shape);
  return summed.dtype === input.dtype ? summed : summed.cast(input.dtype);
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
