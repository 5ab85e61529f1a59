/**
 * The differentiable Tensor: a raw tensor (`value`) plus what reverse-mode autodiff needs —
 * whether it requires grad, its accumulated `.grad`, and the node (`gradFn`) that produced it.
 *
 * Every method of the raw Tensor is mirrored here with the same name and signature. Each one
 * delegates to an op declared once in `src/ops/` (or to a composite of declared ops in
 * `src/composites/`, which needs no backward of its own); integer and bool results, which are
 * never differentiable, come straight from the raw op.
 */
import {
  type DType,
  type IndexItem,
  type Tensor as RawTensor,
  type TypedArray,
  type UniqueOptions,
  heldTensors,
  keep,
} from '@tensorgrad/tensor';
import { isFloat, lower, type Operand } from './define-op.js';
import { type BackwardOptions, backward } from './engine.js';
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

/** Shapes and dim lists are accepted as one array or as varargs: `reshape([2, 3])` or `reshape(2, 3)`. */
export type ShapeArgs = (number | readonly number[])[];

/** Options of {@link Tensor.var} and {@link Tensor.std}. */
export interface VarOptions {
  /** Divide by n - 1 (Bessel's correction) rather than n. Default true, as PyTorch. */
  readonly unbiased?: boolean;
  /** Keep reduced dims as size 1. Default false. */
  readonly keepdim?: boolean;
}

/** A handle returned by {@link Tensor.registerHook}. */
export interface RemovableHandle {
  /** Unregisters the hook (idempotent). */
  remove(): void;
}

/** The result of {@link Tensor.unique}; `inverse` has the input's shape, `counts` the values' shape. */
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

/**
 * A tensor that records the operations applied to it so that gradients can flow back.
 *
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.square().sum().backward();
 * x.grad?.toArray(); // [2, 4, 6]
 */
export class Tensor {
  /** The numbers. Swapped (not mutated) by {@link Tensor.assign} for in-place updates. */
  value: RawTensor;
  /** The accumulated gradient: set by `backward()` on leaves (and on non-leaves after `retainGrad()`). */
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
   * Wraps a raw tensor. Prefer the creation functions (`tensor`, `zeros`, ...) or `fromRaw`.
   * @param value - the raw tensor; this tensor shares it (no copy).
   * @param requiresGrad - make a leaf that requires grad (float dtypes only).
   * @param gradFn - the node that produced `value`; set by `defineOp` only.
   */
  constructor(value: RawTensor, requiresGrad = false, gradFn: Node | null = null) {
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
   *
   * @example
   * const x = tensor([2], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * x.grad?.item(); // 4
   */
  backward(gradient?: Tensor | RawTensor, options: BackwardOptions = {}): void {
    backward(this, gradient, options);
  }

  /**
   * A tensor sharing this one's value (the same raw tensor: disposing either frees it for both)
   * but cut off from the graph: it requires no grad.
   * @example tensor([1], { requiresGrad: true }).detach().requiresGrad; // false
   */
  detach(): Tensor {
    return new Tensor(this.value);
  }

  /**
   * Sets whether this leaf requires grad, e.g. `requiresGrad_(false)` to freeze a parameter.
   * @example zeros([2]).requiresGrad_().requiresGrad; // true
   */
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
   * const y = tensor([3], { requiresGrad: true }).mul(2);
   * y.retainGrad(); y.sum().backward(); y.grad?.item(); // 1
   */
  retainGrad(): void {
    this.assertRequiresGrad('retainGrad');
    if (this.gradFn !== null) this.gradFn.retained = this;
  }

  /**
   * Calls `hook(grad)` when this tensor's gradient is computed; a returned tensor replaces it.
   * @example
   * const x = tensor([1], { requiresGrad: true });
   * x.registerHook((g) => g.mul(10));
   * x.sum().backward(); x.grad?.item(); // 10
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
   * Replaces the numbers in place (not recorded by autograd), e.g. for optimizer updates. `v` must
   * have this shape and dtype; this tensor takes ownership of it: it survives surrounding `tidy`
   * scopes, and the previous value is disposed. A graph recorded before still reads the old value,
   * so backward through it must happen before the assign.
   * @example
   * const w = zeros([2]);
   * w.assign(ones([2]));
   */
  assign(v: Tensor | RawTensor): this {
    const next = lower(v);
    if (
      next.dtype !== this.dtype ||
      next.shape.length !== this.ndim ||
      next.shape.some((d, i) => d !== this.shape[i])
    ) {
      throw new Error(
        `assign: got shape [${next.shape.join(',')}] and dtype ${next.dtype}, expected shape [${this.shape.join(',')}] and dtype ${this.dtype}`,
      );
    }
    if (next === this.value) return this;
    keep(next);
    this.value.dispose();
    this.value = next;
    return this;
  }

  /**
   * Drops the accumulated gradient (and frees it).
   * @example
   * const p = tensor([1], { requiresGrad: true });
   * p.sum().backward();
   * p.zeroGrad();
   * p.grad; // null
   */
  zeroGrad(): void {
    this.grad?.value.dispose();
    this.grad = null;
  }

  /** What `tidy` must keep when this tensor is returned: its value, its grad and its graph. */
  [heldTensors](): RawTensor[] {
    const held = this.gradFn === null ? [] : savedTensorsReachableFrom(this.gradFn);
    held.push(this.value);
    if (this.grad !== null) held.push(this.grad.value);
    return held;
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
  /** Broadcast to a larger shape without copying (-1 keeps a size). */
  expand(...shape: ShapeArgs): Tensor {
    return views.expand({ x: this }, flat(shape));
  }
  /** Broadcast to `shape` without copying. */
  broadcastTo(...shape: ShapeArgs): Tensor {
    return views.expand({ x: this }, flat(shape));
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
  /** NumPy-style basic indexing (numbers, `'a:b:c'`, `'...'`, `null`). */
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

  /** `this + other` with broadcasting. */
  add(other: Operand): Tensor {
    return binary.add({ x: this, y: other }, undefined);
  }
  /** `this - other`. */
  sub(other: Operand): Tensor {
    return binary.sub({ x: this, y: other }, undefined);
  }
  /** `this * other`. */
  mul(other: Operand): Tensor {
    return binary.mul({ x: this, y: other }, undefined);
  }
  /** `this / other` (true division). */
  div(other: Operand): Tensor {
    return binary.div({ x: this, y: other }, undefined);
  }
  /** `this ** other`. */
  pow(other: Operand): Tensor {
    return binary.pow({ x: this, y: other }, undefined);
  }
  /** Elementwise maximum (ties share the gradient). */
  maximum(other: Operand): Tensor {
    return binary.maximum({ x: this, y: other }, undefined);
  }
  /** Elementwise minimum (ties share the gradient). */
  minimum(other: Operand): Tensor {
    return binary.minimum({ x: this, y: other }, undefined);
  }
  /** Python-style remainder. */
  mod(other: Operand): Tensor {
    return binary.mod({ x: this, y: other }, undefined);
  }
  /** `-this`. */
  neg(): Tensor {
    return unary.neg({ x: this }, undefined);
  }
  /** `|this|`. */
  abs(): Tensor {
    return unary.abs({ x: this }, undefined);
  }
  /** -1, 0 or 1 (zero gradient). */
  sign(): Tensor {
    return unary.sign({ x: this }, undefined);
  }
  /** `e^this`. */
  exp(): Tensor {
    return unary.exp({ x: this }, undefined);
  }
  /** Natural logarithm. */
  log(): Tensor {
    return unary.log({ x: this }, undefined);
  }
  /** `log(1 + this)`, accurate near 0. */
  log1p(): Tensor {
    return unary.log1p({ x: this }, undefined);
  }
  /** Square root. */
  sqrt(): Tensor {
    return unary.sqrt({ x: this }, undefined);
  }
  /** `1 / sqrt(this)`. */
  rsqrt(): Tensor {
    return unary.rsqrt({ x: this }, undefined);
  }
  /** Sine. */
  sin(): Tensor {
    return unary.sin({ x: this }, undefined);
  }
  /** Cosine. */
  cos(): Tensor {
    return unary.cos({ x: this }, undefined);
  }
  /** Hyperbolic tangent. */
  tanh(): Tensor {
    return unary.tanh({ x: this }, undefined);
  }
  /** Logistic sigmoid. */
  sigmoid(): Tensor {
    return unary.sigmoid({ x: this }, undefined);
  }
  /** `max(this, 0)`. */
  relu(): Tensor {
    return unary.relu({ x: this }, undefined);
  }
  /** Gaussian error linear unit (exact, erf-based). */
  gelu(): Tensor {
    return unary.gelu({ x: this }, undefined);
  }
  /** The error function. */
  erf(): Tensor {
    return unary.erf({ x: this }, undefined);
  }
  /** Round down (zero gradient). */
  floor(): Tensor {
    return unary.floor({ x: this }, undefined);
  }
  /** Round up (zero gradient). */
  ceil(): Tensor {
    return unary.ceil({ x: this }, undefined);
  }
  /** Round half to even (zero gradient). */
  round(): Tensor {
    return unary.round({ x: this }, undefined);
  }
  /** `1 / this`. */
  reciprocal(): Tensor {
    return unary.reciprocal({ x: this }, undefined);
  }
  /** `this * this`. */
  square(): Tensor {
    return unary.square({ x: this }, undefined);
  }
  /** Limit to `[min, max]`; the gradient passes where the value is inside (bounds included). */
  clamp(min?: Operand, max?: Operand): Tensor {
    return composite.clamp(this, min, max);
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
  /** `cond ? this : other`. */
  where(cond: Tensor | RawTensor, other: Operand): Tensor {
    return binary.whereOp({ cond, a: this, b: other }, undefined);
  }
  /** A copy with `value` wherever `mask` is true. */
  maskedFill(mask: Tensor | RawTensor, value: number | boolean): Tensor {
    return binary.maskedFill({ x: this, mask }, value);
  }
  /** Convert to `dtype` (int/bool results are not differentiable). */
  cast(dtype: DType): Tensor {
    return casting.cast({ x: this }, dtype);
  }
  /** `to(dtype)` casts; `to('cpu' | 'gpu')` moves (the gradient moves back). */
  to(target: DType | 'cpu' | 'gpu'): Tensor {
    if (target === 'cpu' || target === 'gpu') return casting.toBackend({ x: this }, target);
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
  /** Maximum over `axis` (ties share the gradient). */
  max(axis?: Axis, keepdim = false): Tensor {
    return reduce.max({ x: this }, { axis, keepdim });
  }
  /** Minimum over `axis` (ties share the gradient). */
  min(axis?: Axis, keepdim = false): Tensor {
    return reduce.min({ x: this }, { axis, keepdim });
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
  /** Standard deviation over `axis`. */
  std(axis?: Axis, options: VarOptions = {}): Tensor {
    return composite.variance(this, axis, options).sqrt();
  }
  /** `log(sum(exp(this)))` over `axis`, stable. */
  logsumexp(axis: number | readonly number[], keepdim = false): Tensor {
    return reduce.logsumexp({ x: this }, { axis, keepdim });
  }
  /** Vector p-norm over `axis`. */
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
  matmul(other: Tensor | RawTensor): Tensor {
    return matmul({ a: this, b: other }, undefined);
  }
  /** Split into pieces of `sizeOrSections` (a size, or a list of sizes) along `axis`. */
  split(sizeOrSections: number | readonly number[], axis = 0): Tensor[] {
    return composite.split(this, sizeOrSections, axis);
  }
  /** Split into `n` nearly equal pieces along `axis`. */
  chunk(n: number, axis = 0): Tensor[] {
    return composite.chunk(this, n, axis);
  }
  /** torch.gather along `axis`. */
  gather(axis: number, index: Tensor | RawTensor): Tensor {
    return indexing.gather({ x: this, index }, axis);
  }
  /** A copy of this with `src` added at `index` along `axis`. */
  scatterAdd(axis: number, index: Tensor | RawTensor, src: Tensor | RawTensor): Tensor {
    return indexing.scatterAdd({ x: this, index, src }, axis);
  }
  /** The entries at the 1-D `index` along `axis`. */
  indexSelect(axis: number, index: Tensor | RawTensor): Tensor {
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
  /** Stable sort along `axis`; `values` are differentiable, `indices` (int32) are not. */
  sort(axis = -1, descending = false): { values: Tensor; indices: Tensor } {
    return composite.sort(this, axis, descending);
  }
  /** The `k` largest (or smallest) entries along `axis`. */
  topk(k: number, axis = -1, largest = true): { values: Tensor; indices: Tensor } {
    return composite.topk(this, k, axis, largest);
  }
  /** Distinct values, ascending (not differentiable). */
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
  toArray(): ReturnType<RawTensor['toArray']> {
    return this.value.toArray();
  }
  /** A contiguous host copy of the values. */
  data(): TypedArray {
    return this.value.data();
  }
  /**
   * {@link data}, as a promise (see the raw tensor's `dataAsync`).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * if ((await tensor([1, 2]).dataAsync()).join() !== '1,2') throw new Error('dataAsync');
   * ```
   */
  dataAsync(): Promise<TypedArray> {
    return this.value.dataAsync();
  }
  /**
   * {@link toArray}, as a promise.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * if (JSON.stringify(await tensor([[3]]).toArrayAsync()) !== '[[3]]') throw new Error('toArrayAsync');
   * ```
   */
  toArrayAsync(): Promise<ReturnType<RawTensor['toArray']>> {
    return this.value.toArrayAsync();
  }
  /** The single value of a one-element tensor. */
  item(): number | boolean {
    return this.value.item();
  }
  /** PyTorch-like text, with `requires_grad=True` or `grad_fn=<name>` as PyTorch prints it. */
  toString(): string {
    const text = this.value.toString();
    if (!this.requiresGrad) return text;
    const note = this.gradFn === null ? 'requires_grad=True' : `grad_fn=<${this.gradFn.name}>`;
    return text.endsWith(')') ? `${text.slice(0, -1)}, ${note})` : `${text} (${note})`;
  }
}
