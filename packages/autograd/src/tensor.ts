/**
 * The Tensor users meet: an NDArray of the array layer (`value`) plus what reverse-mode autodiff needs —
 * whether it requires grad, its accumulated `.grad`, and the node (`gradFn`) that produced it.
 *
 * The elementwise methods are installed from the op tables (`UNARY`, `BINARY`, see the end of
 * this file); every other method delegates to an op declared once in `src/ops/` (or to a
 * composite of declared ops in `src/composites/`, which needs no backward of its own). Integer
 * and bool results, which are never differentiable, come straight from the array layer.
 */
import {
  DTYPES,
  type DType,
  type IndexItem,
  type NDArray,
  type TypedArray,
  type UniqueOptions,
  heldTensors,
  visibleTensors,
  shapeString,
  copyInto,
} from '@tensorgrad/tensor';
import { isFloat, lower, type Operand } from './define-op.js';
import { type BackwardOptions, runBackward } from './engine.js';
import { type GradHook, type Node, savedTensorsReachableFrom } from './node.js';
import * as binary from './ops/binary.js';
import * as casting from './ops/casting.js';
import * as indexing from './ops/indexing.js';
import { matmul } from './ops/matmul.js';
import * as reduce from './ops/reduce.js';
import * as slicing from './ops/slicing.js';
import * as unary from './ops/unary.js';
import * as views from './ops/views.js';
import * as composite from './composites/index.js';
import type { Axis } from './ops/axes.js';

/**
 * Shapes and dim lists are accepted as one array or as varargs: `reshape([2, 3])` or `reshape(2, 3)`.
 * @example
 * ```ts
 * import { type ShapeArgs, zeros } from '@tensorgrad/autograd';
 * const x = zeros([2, 3, 4]);
 * const dims: ShapeArgs = [[2, 0, 1]]; // or [2, 0, 1]
 * if (x.permute(...dims).shape.join() !== '4,2,3') throw new Error('ShapeArgs');
 * ```
 */
export type ShapeArgs = (number | readonly number[])[];

/**
 * Options of {@link Tensor.var} and {@link Tensor.std}.
 * @example
 * ```ts
 * import { type VarOptions, tensor } from '@tensorgrad/autograd';
 * const options: VarOptions = { unbiased: false, keepdim: true };
 * const v = tensor([[1, 2, 3, 4]]).var(1, options);
 * if (v.shape.join() !== '1,1' || v.item() !== 1.25) throw new Error('VarOptions');
 * ```
 */
export interface VarOptions {
  /** Divide by n - 1 (Bessel's correction) rather than n. Default true, as PyTorch. */
  readonly unbiased?: boolean;
  /** Keep reduced dims as size 1. Default false. */
  readonly keepdim?: boolean;
}

/**
 * A handle returned by {@link Tensor.registerHook}.
 * @example
 * ```ts
 * import { type RemovableHandle, tensor } from '@tensorgrad/autograd';
 * const x = tensor([1], { requiresGrad: true });
 * const handle: RemovableHandle = x.registerHook((g) => g.mul(10));
 * handle.remove();
 * x.sum().backward();
 * if (x.grad?.item() !== 1) throw new Error('the hook was removed');
 * ```
 */
export interface RemovableHandle {
  /** Unregisters the hook (idempotent). */
  remove(): void;
}

/**
 * The result of {@link Tensor.unique}. `inverse` has the input's shape (with `dim`: one entry per
 * slice along it), `counts` one entry per distinct value; both are int32, where torch gives
 * int64 (tensorgrad has no int64).
 * @example
 * ```ts
 * import { type UniqueResult, tensor } from '@tensorgrad/autograd';
 * const r: UniqueResult = tensor([[2, 1], [2, 2]]).unique({ returnInverse: true });
 * if (String(r.values.toArray()) !== '1,2' || JSON.stringify(r.inverse?.toArray()) !== '[[1,0],[1,1]]') throw new Error('UniqueResult');
 * ```
 */
export interface UniqueResult {
  readonly values: Tensor;
  readonly inverse?: Tensor;
  readonly counts?: Tensor;
}

function flat(args: ShapeArgs): number[] {
  return args.length === 1 && Array.isArray(args[0])
    ? [...(args[0] as readonly number[])]
    : (args as number[]);
}

function requiresGradError(op: string, dtype: DType): Error {
  return new Error(
    `${op}: only floating-point tensors can require gradients, got dtype ${dtype} (expected float32 or float64)`,
  );
}

/** One method per entry of the unary family (`UNARY` in `ops/unary.ts`): `x.exp()`. */
type UnaryMethods = { [K in unary.UnaryName]: () => Tensor };
/** One method per entry of the binary family (`BINARY` in `ops/binary.ts`): `x.add(y)`. */
type BinaryMethods = { [K in binary.BinaryName]: (other: Operand) => Tensor };

// The elementwise methods are declared by the op table, not written out here: this interface
// merges their types into the class, and the loop after it installs them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor extends UnaryMethods, BinaryMethods {}

/**
 * A tensor that records the operations applied to it so that gradients can flow back.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.square().sum().backward();
 * if (String(x.grad?.toArray()) !== '2,4,6') throw new Error('d/dx sum(x^2) = 2x');
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor {
  /**
   * The numbers (an NDArray of the array layer). {@link Tensor.assign} writes into its memory in
   * place; code below the public surface may swap it for another NDArray (a dtype conversion).
   */
  value: NDArray;
  /**
   * The accumulated gradient: set by `backward()` on leaves (and on non-leaves after `retainGrad()`).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1, 2], { requiresGrad: true });
   * const before = x.grad; // null until a backward
   * x.mul(3).sum().backward();
   * if (before !== null || String(x.grad?.toArray()) !== '3,3') throw new Error('grad');
   * ```
   */
  grad: Tensor | null = null;
  /** The recorded op that produced this tensor; null for leaves (created by the user). */
  readonly gradFn: Node | null;
  /** An optional label, e.g. the parameter's name. */
  name?: string;
  /**
   * Hooks on a leaf's gradient (a non-leaf keeps its hooks on its node); allocated on first use.
   * @internal
   */
  hooks: GradHook[] | null = null;
  private needsGrad: boolean;

  /**
   * Wraps an NDArray of the array layer. User code uses the creation functions (`tensor`, `zeros`, ...).
   * @param value - the NDArray; this tensor shares it (no copy).
   * @param requiresGrad - make a leaf that requires grad (float dtypes only).
   * @param gradFn - the node that produced `value`; set by `defineOp` only.
   */
  constructor(value: NDArray, requiresGrad = false, gradFn: Node | null = null) {
    if (requiresGrad && !isFloat(value.dtype)) throw requiresGradError('Tensor', value.dtype);
    this.value = value;
    this.gradFn = gradFn;
    this.needsGrad = requiresGrad || gradFn !== null;
  }

  /**
   * Whether gradients flow to (a leaf) or through (a non-leaf) this tensor. Setting it is
   * `requiresGrad_(flag)`: only leaves, and only float dtypes, can change it.
   */
  get requiresGrad(): boolean {
    return this.needsGrad;
  }
  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  // ---- autograd --------------------------------------------------------------------------------

  /** Whether this tensor was created by the user rather than by a recorded op. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * Backpropagates from this tensor: adds d(this)/d(leaf) to the `.grad` of every leaf that
   * requires grad. A non-scalar needs `gradient` (the vector of the vector-Jacobian product).
   * The graph is freed afterwards unless `{ retainGraph: true }`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([2], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * if (x.grad?.item() !== 4) throw new Error('backward');
   * const y = tensor([1, 2], { requiresGrad: true });
   * y.mul(3).backward(tensor([1, 10])); // a non-scalar needs a gradient
   * if (String(y.grad?.toArray()) !== '3,30') throw new Error('vector-Jacobian product');
   * ```
   */
  backward(gradient?: Tensor | BackwardOptions, options: BackwardOptions = {}): void {
    // `backward({ createGraph: true })` reads as PyTorch's `backward(create_graph=True)`.
    const [seed, opts] =
      gradient === undefined || gradient instanceof Tensor
        ? [gradient, options]
        : [undefined, gradient];
    runBackward({ roots: [this], seeds: [seed], options: opts, inputs: null, op: 'backward' });
  }

  /**
   * A tensor sharing this one's value (the same NDArray: disposing either frees it for both)
   * but cut off from the graph: it requires no grad.
   */
  detach(): Tensor {
    return new Tensor(this.value);
  }

  /** Sets whether this leaf requires grad, e.g. `requiresGrad_(false)` to freeze a parameter. */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf && flag) return this; // a non-leaf already requires grad
    if (!this.isLeaf) {
      throw new Error(
        `requiresGrad_: can only change the flag of a leaf tensor; this one was produced by '${this.gradFn?.name}' (use detach())`,
      );
    }
    if (flag && !isFloat(this.dtype)) throw requiresGradError('requiresGrad_', this.dtype);
    this.needsGrad = flag;
    return this;
  }

  /**
   * Asks backward to store this non-leaf's gradient in `.grad` (leaves always get one).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const y = tensor([3], { requiresGrad: true }).mul(2);
   * y.retainGrad();
   * y.mul(5).sum().backward();
   * if (y.grad?.item() !== 5) throw new Error('retainGrad');
   * ```
   */
  retainGrad(): void {
    this.assertRequiresGrad('retainGrad');
    if (this.gradFn !== null) this.gradFn.retained = this;
  }

  /**
   * Calls `hook(grad)` when this tensor's gradient is computed; a returned tensor replaces it.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1], { requiresGrad: true });
   * const handle = x.registerHook((g) => g.mul(10));
   * x.sum().backward();
   * if (x.grad?.item() !== 10) throw new Error('registerHook');
   * handle.remove();
   * ```
   */
  registerHook(hook: GradHook): RemovableHandle {
    this.assertRequiresGrad('registerHook');
    const hooks = this.gradFn === null ? (this.hooks ??= []) : (this.gradFn.hooks ??= []);
    hooks.push(hook);
    return {
      remove: () => {
        const i = hooks.indexOf(hook);
        if (i >= 0) hooks.splice(i, 1);
      },
    };
  }

  /**
   * Copies the numbers of `v` into this tensor, in place: PyTorch's `copy_` under `no_grad`
   * (`v` must have this shape and dtype). This tensor keeps its own memory, so every view of it
   * (a `stateDict()` entry, a slice) sees the new numbers, and `v` stays untouched and the
   * caller's: `target.assign(online)` leaves the two independent (dispose `v` if it was a
   * temporary, or make it inside a `tidy`). Not recorded by autograd: a graph that saved this
   * tensor for backward refuses to run after the assign, as PyTorch's version counter does.
   * @example
   * ```ts
   * import { tensor, tidy, zeros } from '@tensorgrad/autograd';
   * const online = tensor([1, 2]);
   * const target = zeros([2]);
   * target.assign(online); // a copy: the two stay independent
   * tidy(() => target.assign(target.mul(0.5).add(online.mul(0.5)))); // an EMA step, temporaries freed
   * online.assign(tensor([3, 4]));
   * if (String(target.toArray()) !== '1,2' || String(online.toArray()) !== '3,4') throw new Error('assign');
   * ```
   */
  assign(v: Tensor | NDArray): this {
    const next = lower(v);
    if (
      next.dtype !== this.dtype ||
      next.shape.length !== this.ndim ||
      next.shape.some((d, i) => d !== this.shape[i])
    ) {
      throw new Error(
        `assign: got shape ${shapeString(next.shape)} and dtype ${next.dtype}, expected shape ${shapeString(this.shape)} and dtype ${this.dtype}`,
      );
    }
    if (next !== this.value) copyInto(this.value, next, 'assign');
    return this;
  }

  /** Drops the accumulated gradient (and frees it). */
  zeroGrad(): void {
    this.grad?.value.dispose();
    this.grad = null;
  }

  /**
   * What `tidy` must keep when this tensor is returned: its value, its grad and its graph.
   * @example
   * ```ts
   * import { tensor, tidy } from '@tensorgrad/autograd';
   * const x = tensor([1], { requiresGrad: true });
   * const y = tidy(() => x.exp().mul(2)); // keeps what backward will read
   * y.sum().backward();
   * if (Math.abs((x.grad?.item() as number) - 2 * Math.E) > 1e-5) throw new Error('heldTensors');
   * ```
   */
  [heldTensors](): NDArray[] {
    const held = this.gradFn === null ? [] : savedTensorsReachableFrom(this.gradFn);
    held.push(this.value);
    if (this.grad !== null) held.push(this.grad.value);
    return held;
  }

  /**
   * What user code can read through this tensor: its value and its gradient, without the arrays
   * its graph saved (which only a backward reads). `forwardScope` frees or hands over the rest.
   */
  [visibleTensors](): NDArray[] {
    return this.grad === null ? [this.value] : [this.value, this.grad.value];
  }

  /** Frees the value (and the gradient). Idempotent. */
  dispose(): void {
    this.value.dispose();
    this.zeroGrad();
  }

  private assertRequiresGrad(op: string): void {
    if (!this.requiresGrad) throw new Error(`${op}: the tensor does not require grad`);
  }

  // ---- properties ------------------------------------------------------------------------------

  /** Size of each dimension. */
  get shape(): readonly number[] {
    return this.value.shape;
  }
  /** Element type. */
  get dtype(): DType {
    return this.value.dtype;
  }
  /** Elements to step over per unit of each index. */
  get strides(): readonly number[] {
    return this.value.strides;
  }
  /** Index of the first element in the storage. */
  get offset(): number {
    return this.value.offset;
  }
  /** Number of elements. */
  get size(): number {
    return this.value.size;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.value.ndim;
  }
  /** Name of the backend holding the value. */
  get backend(): string {
    return this.value.backend;
  }
  /** Whether the value was disposed. */
  get isDisposed(): boolean {
    return this.value.isDisposed;
  }
  /** Whether the dtype is float32 or float64. */
  get isFloatingPoint(): boolean {
    return isFloat(this.dtype);
  }
  /** Whether the elements lie in row-major order without gaps. */
  isContiguous(): boolean {
    return this.value.isContiguous();
  }

  // ---- views -----------------------------------------------------------------------------------

  /** Same elements, new shape (-1 infers one size). */
  reshape(...shape: ShapeArgs): Tensor {
    return views.reshape({ x: this }, flat(shape));
  }
  /** Like `reshape` but never copies. */
  view(...shape: ShapeArgs): Tensor {
    return views.view({ x: this }, flat(shape));
  }
  /** Reorder dimensions. */
  permute(...dims: ShapeArgs): Tensor {
    return views.permute({ x: this }, flat(dims));
  }
  /** Swap two dimensions. */
  transpose(dim0: number, dim1: number): Tensor {
    return views.transpose({ x: this }, { dim0, dim1 });
  }
  /** Swap the last two dimensions. */
  get mT(): Tensor {
    return this.transpose(-2, -1);
  }
  /**
   * Broadcast to a larger shape without copying (-1 keeps a size).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/autograd';
   * const x = zeros([3, 1], { requiresGrad: true });
   * x.expand(3, 4).sum().backward();
   * if (String(x.grad?.toArray()) !== '4,4,4') throw new Error('expand: the gradient sums over the copies');
   * ```
   */
  expand(...shape: ShapeArgs): Tensor {
    return views.expand({ x: this }, flat(shape));
  }
  /** Broadcast to `shape` without copying. */
  broadcastTo(...shape: ShapeArgs): Tensor {
    return views.expand({ x: this }, flat(shape));
  }
  /**
   * Sums the dims that broadcasting would have added or stretched, down to `shape` (PyTorch's
   * `sum_to_size`): the backward of every broadcast.
   */
  sumToSize(...shape: ShapeArgs): Tensor {
    return views.sumToShape({ x: this }, flat(shape));
  }
  /** Remove size-1 dims (all, or those listed). */
  squeeze(dims?: number | readonly number[]): Tensor {
    return views.squeeze({ x: this }, dims);
  }
  /** Insert a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor {
    return views.unsqueeze({ x: this }, dim);
  }
  /** Merge dims `start..end` (inclusive) into one. */
  flatten(start = 0, end = -1): Tensor {
    return views.flatten({ x: this }, { start, end });
  }
  /** Split dim `dim` into `sizes`. */
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    return views.unflatten({ x: this }, { dim, sizes });
  }
  /** Python slice `[start:end:step]` along `dim`. */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor {
    return slicing.slice({ x: this }, { dim, start, end, step });
  }
  /**
   * NumPy-style basic indexing (numbers, `'a:b:c'`, `'...'`, `null`).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/autograd';
   * const x = zeros([2, 3], { requiresGrad: true });
   * const y = x.index(1, '1:');
   * if (y.shape.join() !== '2') throw new Error('index');
   * y.sum().backward();
   * if (JSON.stringify(x.grad?.toArray()) !== '[[0,0,0],[0,1,1]]') throw new Error('index: gradient');
   * ```
   */
  index(...items: IndexItem[]): Tensor {
    return composite.index(this, items);
  }
  /** The sub-tensor at position `i` of `dim`. */
  select(dim: number, i: number): Tensor {
    return slicing.select({ x: this }, { dim, index: i });
  }
  /** `length` elements of `dim` starting at `start`. */
  narrow(dim: number, start: number, length: number): Tensor {
    return composite.narrow(this, dim, start, length);
  }
  /** Reverse the order along `dims`. */
  flip(...dims: ShapeArgs): Tensor {
    return views.flip({ x: this }, flat(dims));
  }
  /** Contiguous (a copy only if needed). */
  contiguous(): Tensor {
    return views.contiguous({ x: this }, undefined);
  }
  /** A contiguous copy. */
  clone(): Tensor {
    return views.clone({ x: this }, undefined);
  }

  // ---- elementwise -----------------------------------------------------------------------------

  /**
   * Limit to `[min, max]`; the gradient passes where the value is inside (bounds included).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([-2, 0.5, 2], { requiresGrad: true });
   * const y = x.clamp(-1, 1);
   * if (String(y.toArray()) !== '-1,0.5,1') throw new Error('clamp');
   * y.sum().backward();
   * if (String(x.grad?.toArray()) !== '0,1,0') throw new Error('clamp: gradient');
   * ```
   */
  clamp(min?: Operand, max?: Operand): Tensor {
    return composite.clamp(this, min, max);
  }
  /** Leaky ReLU: `x` where `x > 0`, else `negativeSlope · x` (`torch.nn.functional.leaky_relu`). */
  leakyRelu(negativeSlope = 0.01): Tensor {
    return unary.leakyRelu({ x: this }, negativeSlope);
  }
  /** ELU: `x` where `x > 0`, else `alpha (eˣ − 1)` (`torch.nn.functional.elu`). */
  elu(alpha = 1): Tensor {
    return unary.elu({ x: this }, alpha);
  }
  /**
   * Softplus `log(1 + e^(βx)) / β`, a smooth ReLU; where `βx > threshold` it returns `x` itself
   * (`torch.nn.functional.softplus`), so large inputs neither overflow nor lose the gradient.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([0, 1000], { requiresGrad: true });
   * const y = x.softplus(); // log(2) and 1000, not Infinity (e^1000 overflows)
   * const [small, large] = y.toArray() as number[];
   * if (Math.abs(small! - Math.LN2) > 1e-6 || large !== 1000) throw new Error('softplus');
   * y.sum().backward();
   * if (String(x.grad?.toArray()) !== '0.5,1') throw new Error('softplus: gradient σ(βx)');
   * ```
   */
  softplus(beta = 1, threshold = 20): Tensor {
    return unary.softplus({ x: this }, { beta, threshold });
  }
  /** `this == other` (bool, not differentiable). */
  eq(other: Operand): Tensor {
    return new Tensor(this.value.eq(lower(other)));
  }
  /** `this != other` (bool, not differentiable). */
  ne(other: Operand): Tensor {
    return new Tensor(this.value.ne(lower(other)));
  }
  /** `this < other` (bool, not differentiable). */
  lt(other: Operand): Tensor {
    return new Tensor(this.value.lt(lower(other)));
  }
  /** `this <= other` (bool, not differentiable). */
  le(other: Operand): Tensor {
    return new Tensor(this.value.le(lower(other)));
  }
  /** `this > other` (bool, not differentiable). */
  gt(other: Operand): Tensor {
    return new Tensor(this.value.gt(lower(other)));
  }
  /** `this >= other` (bool, not differentiable). */
  ge(other: Operand): Tensor {
    return new Tensor(this.value.ge(lower(other)));
  }
  /** Logical and (bool, not differentiable). */
  logicalAnd(other: Operand): Tensor {
    return new Tensor(this.value.logicalAnd(lower(other)));
  }
  /** Logical or (bool, not differentiable). */
  logicalOr(other: Operand): Tensor {
    return new Tensor(this.value.logicalOr(lower(other)));
  }
  /** Logical xor (bool, not differentiable). */
  logicalXor(other: Operand): Tensor {
    return new Tensor(this.value.logicalXor(lower(other)));
  }
  /** Logical not (bool, not differentiable). */
  logicalNot(): Tensor {
    return new Tensor(this.value.logicalNot());
  }
  /** Whether each element is NaN (bool, not differentiable). */
  isnan(): Tensor {
    return new Tensor(this.value.isnan());
  }
  /** Whether each element is finite (bool, not differentiable). */
  isfinite(): Tensor {
    return new Tensor(this.value.isfinite());
  }
  /**
   * `cond ? this : other`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.where(tensor([true, false]), 0);
   * if (String(y.toArray()) !== '1,0') throw new Error('where');
   * y.sum().backward();
   * if (String(x.grad?.toArray()) !== '1,0') throw new Error('where: gradient');
   * ```
   */
  where(cond: Tensor | NDArray, other: Operand): Tensor {
    return binary.whereOp({ cond, a: this, b: other }, undefined);
  }
  /**
   * A copy with `value` wherever `mask` is true.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1, 2], { requiresGrad: true });
   * const y = x.maskedFill(tensor([false, true]), -1);
   * if (String(y.toArray()) !== '1,-1') throw new Error('maskedFill');
   * y.sum().backward();
   * if (String(x.grad?.toArray()) !== '1,0') throw new Error('maskedFill: gradient');
   * ```
   */
  maskedFill(mask: Tensor | NDArray, value: number | boolean): Tensor {
    return binary.maskedFill({ x: this, mask }, value);
  }
  /**
   * Convert to `dtype` (int/bool results are not differentiable).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1.5], { requiresGrad: true });
   * x.cast('float64').sum().backward();
   * if (x.grad?.dtype !== 'float32' || x.grad.item() !== 1) throw new Error('cast');
   * if (x.cast('int32').requiresGrad) throw new Error('int results are not differentiable');
   * ```
   */
  cast(dtype: DType): Tensor {
    return casting.cast({ x: this }, dtype);
  }
  /**
   * `to(dtype)` casts; `to('cpu' | 'gpu')` moves (the gradient moves back). Anything else —
   * `'cuda'`, a PyTorch dtype name like `'long'` — throws, naming what to use instead.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1.5], { requiresGrad: true });
   * if (x.to('float64').dtype !== 'float64') throw new Error('to(dtype)');
   * x.to('cpu').sum().backward();
   * if (x.grad?.item() !== 1) throw new Error('to(backend)');
   * ```
   */
  to(target: DType | 'cpu' | 'gpu'): Tensor {
    if (target === 'cpu' || target === 'gpu') return casting.toBackend({ x: this }, target);
    if (!(DTYPES as readonly string[]).includes(target)) throw unknownTarget(target);
    return this.cast(target);
  }

  // ---- reductions ------------------------------------------------------------------------------

  /** Sum over `axis` (all when omitted). */
  sum(axis?: Axis, keepdim = false): Tensor {
    return reduce.sum({ x: this }, { axis, keepdim });
  }
  /** Mean over `axis`. */
  mean(axis?: Axis, keepdim = false): Tensor {
    return reduce.mean({ x: this }, { axis, keepdim });
  }
  /** Product over `axis` (gradient exact with zeros). */
  prod(axis?: Axis, keepdim = false): Tensor {
    return reduce.prod({ x: this }, { axis, keepdim });
  }
  /**
   * Maximum over `axis`. The gradient follows PyTorch: over one dim it goes to the index
   * `argmax` returns (`torch.max(x, dim)`); over everything (`x.max()`) or a list of dims it is
   * shared evenly among the ties. {@link max} returns the indices too.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([[1, 3, 3]], { requiresGrad: true });
   * x.max(1).sum().backward(); // one dim: the first 3 takes it all
   * if (String(x.grad?.toArray()) !== '0,1,0') throw new Error('max(dim)');
   * x.zeroGrad();
   * x.max().backward(); // everything: the tie is shared
   * if (String(x.grad?.toArray()) !== '0,0.5,0.5') throw new Error('max()');
   * ```
   */
  max(axis?: Axis, keepdim = false): Tensor {
    return reduce.max({ x: this }, { axis, keepdim });
  }
  /** Minimum over `axis`; the gradient follows the same rules as {@link Tensor.max}. */
  min(axis?: Axis, keepdim = false): Tensor {
    return reduce.min({ x: this }, { axis, keepdim });
  }
  /**
   * Maximum over dims (`torch.amax`: all dims when none are given); ties always share the
   * gradient evenly, whatever the dims.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([[1, 3, 3]], { requiresGrad: true });
   * x.amax(1).sum().backward();
   * if (String(x.grad?.toArray()) !== '0,0.5,0.5') throw new Error('amax');
   * ```
   */
  amax(axis?: Axis, keepdim = false): Tensor {
    return reduce.amax({ x: this }, { axis, keepdim });
  }
  /** Minimum over dims (`torch.amin`); ties share the gradient evenly. */
  amin(axis?: Axis, keepdim = false): Tensor {
    return reduce.amin({ x: this }, { axis, keepdim });
  }
  /** Index of the maximum (int32, not differentiable). */
  argmax(axis?: number, keepdim = false): Tensor {
    return new Tensor(this.value.argmax(axis, keepdim));
  }
  /** Index of the minimum (int32, not differentiable). */
  argmin(axis?: number, keepdim = false): Tensor {
    return new Tensor(this.value.argmin(axis, keepdim));
  }
  /** Variance over `axis` (unbiased by default). */
  var(axis?: Axis, options: VarOptions = {}): Tensor {
    return composite.variance(this, axis, options);
  }
  /**
   * Standard deviation over `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1, 3], { requiresGrad: true });
   * const y = x.std(0, { unbiased: false });
   * if (y.item() !== 1) throw new Error('std');
   * y.backward();
   * if (String(x.grad?.toArray()) !== '-0.5,0.5') throw new Error('std: gradient');
   * ```
   */
  std(axis?: Axis, options: VarOptions = {}): Tensor {
    const { unbiased = true, keepdim = false } = options;
    return reduce.std({ x: this }, { axis, keepdim, unbiased });
  }
  /** `log(sum(exp(this)))` over `axis`, stable. */
  logsumexp(axis: number | readonly number[], keepdim = false): Tensor {
    return reduce.logsumexp({ x: this }, { axis, keepdim });
  }
  /**
   * Vector p-norm over `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([3, 4], { requiresGrad: true });
   * const y = x.norm();
   * if (y.item() !== 5) throw new Error('norm');
   * y.backward();
   * const [a, b] = x.grad?.toArray() as number[];
   * if (Math.abs(a! - 0.6) > 1e-6 || Math.abs(b! - 0.8) > 1e-6) throw new Error('norm: gradient x / |x|');
   * ```
   */
  norm(p = 2, axis?: Axis, keepdim = false): Tensor {
    return reduce.norm({ x: this }, { p, axis, keepdim });
  }
  /** Inclusive prefix sum along `axis`. */
  cumsum(axis: number): Tensor {
    return reduce.cumsum({ x: this }, axis);
  }
  /** Whether every element is non-zero (bool, not differentiable). */
  all(axis?: Axis, keepdim = false): Tensor {
    return new Tensor(this.value.all(axis, keepdim));
  }
  /** Whether any element is non-zero (bool, not differentiable). */
  any(axis?: Axis, keepdim = false): Tensor {
    return new Tensor(this.value.any(axis, keepdim));
  }
  /** Softmax along `axis`. */
  softmax(axis: number): Tensor {
    return reduce.softmax({ x: this }, axis);
  }
  /** Log-softmax along `axis`. */
  logSoftmax(axis: number): Tensor {
    return reduce.logSoftmax({ x: this }, axis);
  }

  // ---- linear algebra, joins, indexing ---------------------------------------------------------

  /** Matrix product with torch.matmul semantics. */
  matmul(other: Tensor | NDArray): Tensor {
    return matmul({ a: this, b: other }, undefined);
  }
  /**
   * Split into pieces of `sizeOrSections` (a size, or a list of sizes) along `axis`.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/autograd';
   * const x = zeros([4], { requiresGrad: true });
   * const [, b] = x.split(2);
   * b!.sum().backward();
   * if (String(x.grad?.toArray()) !== '0,0,1,1') throw new Error('split');
   * ```
   */
  split(sizeOrSections: number | readonly number[], axis = 0): Tensor[] {
    return composite.split(this, sizeOrSections, axis);
  }
  /** Split into `n` nearly equal pieces along `axis`. */
  chunk(n: number, axis = 0): Tensor[] {
    return composite.chunk(this, n, axis);
  }
  /**
   * torch.gather along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([10, 20, 30], { requiresGrad: true });
   * const y = x.gather(0, tensor([2, 2], { dtype: 'int32' }));
   * if (String(y.toArray()) !== '30,30') throw new Error('gather');
   * y.sum().backward();
   * if (String(x.grad?.toArray()) !== '0,0,2') throw new Error('gather: gradient');
   * ```
   */
  gather(axis: number, index: Tensor | NDArray): Tensor {
    return indexing.gather({ x: this, index }, axis);
  }
  /**
   * A copy of this with `src` added at `index` along `axis`.
   * @example
   * ```ts
   * import { tensor, zeros } from '@tensorgrad/autograd';
   * const src = tensor([1, 2], { requiresGrad: true });
   * const y = zeros([3]).scatterAdd(0, tensor([2, 2], { dtype: 'int32' }), src);
   * if (String(y.toArray()) !== '0,0,3') throw new Error('scatterAdd');
   * y.mul(tensor([1, 1, 5])).sum().backward();
   * if (String(src.grad?.toArray()) !== '5,5') throw new Error('scatterAdd: gradient');
   * ```
   */
  scatterAdd(axis: number, index: Tensor | NDArray, src: Tensor | NDArray): Tensor {
    return indexing.scatterAdd({ x: this, index, src }, axis);
  }
  /**
   * The entries at the 1-D `index` along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
   * const y = x.indexSelect(0, tensor([1, 1], { dtype: 'int32' }));
   * if (JSON.stringify(y.toArray()) !== '[[3,4],[3,4]]') throw new Error('indexSelect');
   * y.sum().backward();
   * if (JSON.stringify(x.grad?.toArray()) !== '[[0,0],[2,2]]') throw new Error('indexSelect: gradient');
   * ```
   */
  indexSelect(axis: number, index: Tensor | NDArray): Tensor {
    return indexing.indexSelect({ x: this, index }, axis);
  }
  /** Upper triangle (from diagonal `k`). */
  triu(k = 0): Tensor {
    return views.triu({ x: this }, k);
  }
  /** Lower triangle (to diagonal `k`). */
  tril(k = 0): Tensor {
    return views.tril({ x: this }, k);
  }
  /**
   * Stable sort along `axis`; `values` are differentiable, `indices` (int32) are not.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([3, 1, 2], { requiresGrad: true });
   * const { values, indices } = x.sort();
   * if (String(values.toArray()) !== '1,2,3' || String(indices.toArray()) !== '1,2,0') throw new Error('sort');
   * values.mul(tensor([1, 2, 3])).sum().backward(); // each value's gradient goes back to its position
   * if (String(x.grad?.toArray()) !== '3,1,2') throw new Error('sort: gradient');
   * ```
   */
  sort(axis = -1, descending = false): { values: Tensor; indices: Tensor } {
    return composite.sort(this, axis, descending);
  }
  /** The `k` largest (or smallest) entries along `axis`. */
  topk(k: number, axis = -1, largest = true): { values: Tensor; indices: Tensor } {
    return composite.topk(this, k, axis, largest);
  }
  /**
   * `torch.unique`: the distinct values, ascending, or with `dim` the distinct slices along it in
   * lexicographic order (not differentiable). Each NaN is distinct and sorts last; `inverse` and
   * `counts` are int32. See {@link UniqueOptions}.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const { values, counts } = tensor([2, 1, 2]).unique({ returnCounts: true });
   * if (String(values.toArray()) !== '1,2' || String(counts?.toArray()) !== '1,2') throw new Error('unique');
   * const rows = tensor([[1, 2], [0, 5], [1, 2]]).unique({ dim: 0, returnInverse: true });
   * if (JSON.stringify(rows.values.toArray()) !== '[[0,5],[1,2]]') throw new Error('distinct rows');
   * if (String(rows.inverse?.toArray()) !== '1,0,1') throw new Error('the row each input row became');
   * ```
   */
  unique(options: UniqueOptions = {}): UniqueResult {
    const result = this.value.unique(options);
    return {
      values: new Tensor(result.values),
      ...(result.inverse === undefined ? {} : { inverse: new Tensor(result.inverse) }),
      ...(result.counts === undefined ? {} : { counts: new Tensor(result.counts) }),
    };
  }

  // ---- output ----------------------------------------------------------------------------------

  /** The values as nested JS arrays. */
  toArray(): ReturnType<NDArray['toArray']> {
    return this.value.toArray();
  }
  /** A contiguous host copy of the values. */
  data(): TypedArray {
    return this.value.data();
  }
  /** {@link data}, as a promise (ready for backends that read asynchronously). */
  dataAsync(): Promise<TypedArray> {
    return this.value.dataAsync();
  }
  /** {@link toArray}, as a promise. */
  toArrayAsync(): Promise<ReturnType<NDArray['toArray']>> {
    return this.value.toArrayAsync();
  }
  /**
   * The single value of a one-element numeric tensor, as PyTorch's `item()`. A bool tensor
   * throws, pointing at {@link itemBool}: one method per result type keeps the return type
   * honest (`number`, never `number | boolean`), so that `loss.item()` needs no cast.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const loss: number = tensor([0.25]).mean().item();
   * if (loss !== 0.25) throw new Error(`${loss}`);
   * ```
   */
  item(): number {
    if (this.dtype === 'bool') {
      throw new Error(
        `item: the tensor is bool; use itemBool() for a boolean (or cast('int32').item() for 0/1)`,
      );
    }
    return this.value.item() as number;
  }
  /**
   * The single value of a one-element bool tensor, as a boolean (PyTorch's `item()` of a bool
   * tensor, or `bool(t)`): the result of a comparison, `all()` or `any()`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1, 2, 3]);
   * if (!x.gt(0).all().itemBool()) throw new Error('all positive');
   * ```
   */
  itemBool(): boolean {
    if (this.dtype !== 'bool') {
      throw new Error(
        `itemBool: the tensor is ${this.dtype}; use item() for a number, or compare first (e.g. x.ne(0).itemBool())`,
      );
    }
    return this.value.item() as boolean;
  }
  /**
   * PyTorch-like text, with `requiresGrad=true` on a leaf that requires grad, or the node that
   * made it, `gradFn=<MulBackward>` (PyTorch prints `requires_grad=True`, `grad_fn=<MulBackward0>`).
   * `console.log(t)` and Node's `util.inspect(t)` show the same text.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * const x = tensor([1], { requiresGrad: true });
   * if (x.toString() !== 'tensor([1.0000], requiresGrad=true)') throw new Error(x.toString());
   * const y = x.mul(2);
   * if (y.toString() !== 'tensor([2.0000], gradFn=<MulBackward>)') throw new Error(y.toString());
   * ```
   */
  toString(): string {
    const text = this.value.toString();
    if (!this.requiresGrad) return text;
    const note =
      this.gradFn === null ? 'requiresGrad=true' : `gradFn=<${backwardName(this.gradFn.name)}>`;
    return text.endsWith(')') ? `${text.slice(0, -1)}, ${note})` : `${text} (${note})`;
  }
  /**
   * Node's `console.log` and `util.inspect` show {@link toString}'s text instead of the fields
   * (a symbol from the global registry, so nothing is imported from `node:util` and the package
   * still runs in browsers).
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.isDisposed
      ? `Tensor(disposed, shape ${shapeString(this.shape)}, ${this.dtype})`
      : this.toString();
  }
}

/** `mul` → `MulBackward`: the name PyTorch gives a node (without its version digit). */
function backwardName(op: string): string {
  return `${op.charAt(0).toUpperCase()}${op.slice(1)}Backward`;
}

/** PyTorch device and dtype names that users reach for, and what tensorgrad calls them. */
const TARGET_HINTS: Readonly<Record<string, string>> = {
  cuda: "there is no CUDA here: the gpu backend runs on WebGL. Move this tensor with to('gpu'), or run every op there with setBackend('gpu')",
  mps: "the gpu backend runs on WebGL: use to('gpu'), or setBackend('gpu')",
  webgl: "the WebGL backend is called 'gpu': use to('gpu'), or setBackend('gpu')",
  float: "PyTorch's float is 'float32'",
  double: "PyTorch's double is 'float64'",
  long: "integers are 'int32' here (there is no int64)",
  int64: "integers are 'int32' here (there is no int64)",
  int: "PyTorch's int is 'int32'",
  half: 'there is no float16 dtype; use float32',
  float16: 'there is no float16 dtype; use float32',
  bfloat16: 'there is no bfloat16 dtype; use float32',
};

function unknownTarget(target: unknown): Error {
  const name = String(target);
  // 'torch.float' and 'cuda:0' name the same things as 'float' and 'cuda'.
  const key = name.replace(/^torch\./, '').replace(/:\d+$/, '');
  const hint = TARGET_HINTS[key.toLowerCase()];
  return new Error(
    `to: unknown target ${JSON.stringify(target) ?? name}; expected a dtype (${DTYPES.join(', ')}) ` +
      `or a backend ('cpu', 'gpu')${hint === undefined ? '' : `: ${hint}`}`,
  );
}

/** Installs `method` on every tensor under `name`, as a class method would be (non-enumerable). */
function install(name: string, method: (this: Tensor, ...args: never[]) => Tensor): void {
  Object.defineProperty(Tensor.prototype, name, {
    value: method,
    writable: true,
    configurable: true,
  });
}
for (const [name, op] of Object.entries(unary.UNARY)) {
  install(name, function (this: Tensor) {
    return op({ x: this }, undefined);
  });
}
for (const [name, op] of Object.entries(binary.BINARY)) {
  install(name, function (this: Tensor, other: Operand) {
    return op({ x: this, y: other }, undefined);
  });
}
