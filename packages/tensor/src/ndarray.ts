/**
 * The raw NDArray: a strided view (shape, strides, offset, dtype) over a shared {@link Storage}.
 *
 * A NDArray holds no numbers itself; views (reshape, permute, slice, ...) make new NDArray objects
 * over the same Storage, and ops ask the backend for fresh Storage. The methods below only
 * delegate: every op lives in `src/ops/<family>.ts`.
 */
import type { Backend, BackendData, DType, TypedArray, View } from './backend/backend.js';
import { backendByName } from './backend/registry.js';
import { moveView, chooseBackend } from './backend/dispatch.js';
import { trackTensor, untrackTensor, heldTensors, registerTensorClass } from './memory.js';
import { contiguousStrides, sizeOf, shapeFromArgs, shapeString } from './shape.js';
import { Storage } from './storage.js';
import * as ew from './ops/elementwise.js';
import * as red from './ops/reduce.js';
import * as views from './ops/views.js';
import { matmul } from './ops/matmul.js';
import { softmax, logSoftmax } from './ops/softmax.js';
import { split, chunk } from './ops/join.js';
import { gather, scatterAdd, indexSelect, triu, tril } from './ops/indexing.js';
import { sort, topk } from './ops/sort.js';
import { unique, type UniqueOptions, type UniqueResult } from './ops/unique.js';
import { cast } from './ops/cast.js';
import { formatTensor } from './format.js';
import { isFloat } from './dtype.js';
import { downloadView, toNested, type NestedArray } from './host.js';

/** A tensor operand of a binary op: a tensor, or a JS number/boolean broadcast as a scalar. */
export type Operand = NDArray | number | boolean;

/** One item of `index(...)`: number = select, `'a:b:c'` = slice, `'...'`, or `null` = new axis. */
export type IndexItem = number | string | null;

/**
 * A raw tensor: numbers in backend memory, seen through shape, strides and offset.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * const t = x.mT; // a view: new shape and strides over the same storage
 * if (t.storage !== x.storage || t.strides.join() !== '1,3') throw new Error('NDArray');
 * if (JSON.stringify(t.add(1).sum(1, true).toArray()) !== '[[7],[9],[11]]') throw new Error('methods chain');
 * ```
 */
export class NDArray {
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** Elements to step over per unit of each index (0 = broadcast, < 0 = flipped). */
  readonly strides: readonly number[];
  /** Index of the first element in the storage. */
  readonly offset: number;
  /** Element type. */
  readonly dtype: DType;
  /** The memory this tensor (and its views) reads. */
  readonly storage: Storage;
  private disposed = false;
  /** How many graph nodes saved this tensor for backward and have not run it yet. */
  private backwardSaves = 0;
  /** Whether the graph frees this tensor (a `forwardScope` handed it over, see `handToGraph`). */
  private ownedByGraph = false;

  /**
   * Low-level constructor: prefer the creation functions (`tensor`, `zeros`, ...).
   * The tensor takes a reference on `storage` and joins the current `tidy` scope.
   */
  constructor(
    storage: Storage,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
    dtype: DType,
  ) {
    storage.retain();
    this.storage = storage;
    // Copied, not frozen: frozen arrays are slower to read in V8, and `readonly` already
    // keeps TypeScript callers from writing.
    this.shape = [...shape];
    this.strides = [...strides];
    this.offset = offset;
    this.dtype = dtype;
    trackTensor(this);
  }

  /** Number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Name of the backend that holds this tensor's memory. */
  get backend(): string {
    return this.storage.backend.name;
  }

  /** Whether `dispose()` was called. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Whether the elements lie in row-major order without gaps (offset may be non-zero). */
  isContiguous(): boolean {
    let expected = 1;
    for (let i = this.ndim - 1; i >= 0; i--) {
      const d = this.shape[i] as number;
      if (d === 0) return true;
      if (d !== 1 && this.strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /**
   * Drop this tensor's reference to its storage (idempotent); memory is freed with the last one.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrackTensor(this);
    this.storage.release();
  }

  /**
   * The error for using this tensor once disposed; says so when the graph freed it (a module's
   * intermediate that backward had used), since the user never disposed it themselves.
   * @internal
   */
  usedAfterDispose(): string {
    const what = `Tensor: used after dispose (shape ${shapeString(this.shape)}, ${this.dtype})`;
    if (!this.ownedByGraph) return what;
    return (
      `${what}: it was made inside a module's forward (or a loss), which did not return it, and ` +
      `backward freed it after using it; to read it later, return it from forward, store it ` +
      `on the module, see it in a forward hook, or keep() it`
    );
  }

  /**
   * A graph node saved this tensor for backward (called by autograd's `Node`).
   * @internal
   */
  savedForBackward(): void {
    this.backwardSaves++;
  }

  /**
   * A node that saved this tensor ran its backward and let go of it; the last one frees a tensor
   * the graph owns (see {@link handToGraph}).
   * @internal
   */
  releasedByBackward(): void {
    this.backwardSaves--;
    if (this.backwardSaves === 0 && this.ownedByGraph) this.dispose();
  }

  /**
   * Offered by a `forwardScope` that found this tensor unreachable by its caller: if a node
   * still needs it for backward, the graph takes it over (and frees it after the last such
   * backward) and this returns true; otherwise false, and the scope frees it.
   * @internal
   */
  handToGraph(): boolean {
    if (this.backwardSaves === 0) return false;
    this.ownedByGraph = true;
    return true;
  }

  /**
   * The strided description backends read. Throws on a disposed tensor.
   * @internal
   */
  get strided(): View {
    if (this.disposed) throw new Error(this.usedAfterDispose());
    return {
      data: this.storage.data,
      shape: this.shape,
      strides: this.strides,
      offset: this.offset,
    };
  }

  /** `tidy` sees a tensor as holding itself. */
  [heldTensors](): NDArray[] {
    return [this];
  }

  // ---- views ---------------------------------------------------------------------------------
  /** Same elements, new shape (-1 infers one size); copies only when the strides forbid a view. */
  reshape(...shape: (number | readonly number[])[]): NDArray {
    return views.reshape(this, shapeFromArgs(shape));
  }
  /** Like `reshape` but never copies: throws when the strides forbid a view. */
  view(...shape: (number | readonly number[])[]): NDArray {
    return views.view(this, shapeFromArgs(shape));
  }
  /** Reorder dimensions: `out.shape[i] = this.shape[dims[i]]`. */
  permute(...dims: (number | readonly number[])[]): NDArray {
    return views.permute(this, shapeFromArgs(dims));
  }
  /** Swap two dimensions. */
  transpose(dim0: number, dim1: number): NDArray {
    return views.transpose(this, dim0, dim1);
  }
  /** Swap the last two dimensions (matrix transpose of a batch). */
  get mT(): NDArray {
    return views.transpose(this, -2, -1);
  }
  /** Broadcast to a larger shape without copying (-1 keeps a size). */
  expand(...shape: (number | readonly number[])[]): NDArray {
    return views.expand(this, shapeFromArgs(shape));
  }
  /** Broadcast to `shape` without copying. */
  broadcastTo(...shape: (number | readonly number[])[]): NDArray {
    return views.expand(this, shapeFromArgs(shape), 'broadcastTo');
  }
  /** Remove size-1 dims (all of them, or those listed). */
  squeeze(dims?: number | readonly number[]): NDArray {
    return views.squeeze(this, dims);
  }
  /** Insert a size-1 dim at `dim`. */
  unsqueeze(dim: number): NDArray {
    return views.unsqueeze(this, dim);
  }
  /** Merge dims `start..end` (inclusive) into one. */
  flatten(start = 0, end = -1): NDArray {
    return views.flatten(this, start, end);
  }
  /** Split dim `dim` into `sizes` (one may be -1). */
  unflatten(dim: number, sizes: readonly number[]): NDArray {
    return views.unflatten(this, dim, sizes);
  }
  /** Python slice `[start:end:step]` along `dim`; bounds may be negative and are clamped. */
  slice(dim: number, start?: number, end?: number, step = 1): NDArray {
    return views.slice(this, dim, start, end, step);
  }
  /** NumPy-style indexing: numbers select, `'a:b:c'` slices, `'...'` fills, `null` adds an axis. */
  index(...items: IndexItem[]): NDArray {
    return views.index(this, ...items);
  }
  /** The sub-tensor at position `i` of `dim` (that dim is removed). */
  select(dim: number, i: number): NDArray {
    return views.select(this, dim, i);
  }
  /** `length` elements of `dim` starting at `start`. */
  narrow(dim: number, start: number, length: number): NDArray {
    return views.narrow(this, dim, start, length);
  }
  /** Reverse the order along `dims` (a view with negative strides). */
  flip(...dims: (number | readonly number[])[]): NDArray {
    return views.flip(this, shapeFromArgs(dims));
  }
  /**
   * This tensor if already contiguous (as a new handle on the same storage), else a contiguous copy.
   */
  contiguous(): NDArray {
    return views.contiguous(this);
  }
  /** A contiguous copy with its own storage. */
  clone(): NDArray {
    return views.clone(this);
  }

  // ---- elementwise ---------------------------------------------------------------------------
  /** `this + other` with broadcasting. */
  add(other: Operand): NDArray {
    return ew.add(this, other);
  }
  /** `this - other`. */
  sub(other: Operand): NDArray {
    return ew.sub(this, other);
  }
  /** `this * other`. */
  mul(other: Operand): NDArray {
    return ew.mul(this, other);
  }
  /** `this / other` (true division: ints give float32). */
  div(other: Operand): NDArray {
    return ew.div(this, other);
  }
  /** `this ** other`. */
  pow(other: Operand): NDArray {
    return ew.pow(this, other);
  }
  /** Elementwise maximum (NaN propagates). */
  maximum(other: Operand): NDArray {
    return ew.maximum(this, other);
  }
  /** Elementwise minimum (NaN propagates). */
  minimum(other: Operand): NDArray {
    return ew.minimum(this, other);
  }
  /** Remainder with the sign of the divisor (Python `%`, torch.remainder). */
  mod(other: Operand): NDArray {
    return ew.mod(this, other);
  }
  /** `-this`. */
  neg(): NDArray {
    return ew.neg(this);
  }
  /** `|this|`. */
  abs(): NDArray {
    return ew.abs(this);
  }
  /** -1, 0 or 1. */
  sign(): NDArray {
    return ew.sign(this);
  }
  /** `e^this`. */
  exp(): NDArray {
    return ew.exp(this);
  }
  /** Natural logarithm. */
  log(): NDArray {
    return ew.log(this);
  }
  /** `log(1 + this)`, accurate near 0. */
  log1p(): NDArray {
    return ew.log1p(this);
  }
  /** Square root. */
  sqrt(): NDArray {
    return ew.sqrt(this);
  }
  /** `1 / sqrt(this)`. */
  rsqrt(): NDArray {
    return ew.rsqrt(this);
  }
  /** Sine. */
  sin(): NDArray {
    return ew.sin(this);
  }
  /** Cosine. */
  cos(): NDArray {
    return ew.cos(this);
  }
  /** Hyperbolic tangent. */
  tanh(): NDArray {
    return ew.tanh(this);
  }
  /** `1 / (1 + e^-this)`. */
  sigmoid(): NDArray {
    return ew.sigmoid(this);
  }
  /** `max(this, 0)`. */
  relu(): NDArray {
    return ew.relu(this);
  }
  /** Exact GELU: `x * (1 + erf(x / sqrt 2)) / 2`. */
  gelu(): NDArray {
    return ew.gelu(this);
  }
  /** Gauss error function. */
  erf(): NDArray {
    return ew.erf(this);
  }
  /** Round down. */
  floor(): NDArray {
    return ew.floor(this);
  }
  /** Round up. */
  ceil(): NDArray {
    return ew.ceil(this);
  }
  /** Round half to even (as torch.round). */
  round(): NDArray {
    return ew.round(this);
  }
  /** `1 / this`. */
  reciprocal(): NDArray {
    return ew.reciprocal(this);
  }
  /** `this * this`. */
  square(): NDArray {
    return ew.square(this);
  }
  /** Limit to `[min, max]` (either bound may be omitted). */
  clamp(min?: Operand, max?: Operand): NDArray {
    return ew.clamp(this, min, max);
  }
  /** `this == other` → bool. */
  eq(other: Operand): NDArray {
    return ew.eq(this, other);
  }
  /** `this != other` → bool. */
  ne(other: Operand): NDArray {
    return ew.ne(this, other);
  }
  /** `this < other` → bool. */
  lt(other: Operand): NDArray {
    return ew.lt(this, other);
  }
  /** `this <= other` → bool. */
  le(other: Operand): NDArray {
    return ew.le(this, other);
  }
  /** `this > other` → bool. */
  gt(other: Operand): NDArray {
    return ew.gt(this, other);
  }
  /** `this >= other` → bool. */
  ge(other: Operand): NDArray {
    return ew.ge(this, other);
  }
  /** Logical and (non-zero = true) → bool. */
  logicalAnd(other: Operand): NDArray {
    return ew.logicalAnd(this, other);
  }
  /** Logical or → bool. */
  logicalOr(other: Operand): NDArray {
    return ew.logicalOr(this, other);
  }
  /** Logical exclusive or → bool. */
  logicalXor(other: Operand): NDArray {
    return ew.logicalXor(this, other);
  }
  /** Logical not → bool. */
  logicalNot(): NDArray {
    return ew.logicalNot(this);
  }
  /** Which elements are NaN → bool. */
  isnan(): NDArray {
    return ew.isnan(this);
  }
  /** Which elements are neither NaN nor ±Infinity → bool. */
  isfinite(): NDArray {
    return ew.isfinite(this);
  }
  /**
   * `cond ? this : other`, broadcasting all three.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).where(tensor([true, false]), 0).toArray()) !== '1,0') throw new Error('where');
   * ```
   */
  where(cond: NDArray, other: Operand): NDArray {
    return ew.where(cond, this, other);
  }
  /** A copy with `value` wherever `mask` is true (keeps this dtype). */
  maskedFill(mask: NDArray, value: number | boolean): NDArray {
    return ew.maskedFill(this, mask, value);
  }
  /** Convert to `dtype` (a new handle on the same storage when already of that dtype). */
  cast(dtype: DType): NDArray {
    return cast(this, dtype);
  }
  /** `to(dtype)` casts; `to('cpu' | 'gpu')` moves to that backend. */
  to(target: DType | 'cpu' | 'gpu'): NDArray {
    if (target === 'cpu' || target === 'gpu') return moveTo(this, target);
    return cast(this, target);
  }

  // ---- reductions ------------------------------------------------------------------------------
  /** Sum over `axis` (all when omitted); bool/int sum to int32. */
  sum(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.sum(this, axis, keepdim);
  }
  /** Arithmetic mean (float result). */
  mean(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.mean(this, axis, keepdim);
  }
  /** Product. */
  prod(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.prod(this, axis, keepdim);
  }
  /** Largest value (NaN propagates). */
  max(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.max(this, axis, keepdim);
  }
  /** Smallest value. */
  min(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.min(this, axis, keepdim);
  }
  /** Index of the largest value along `axis` (of the flattened tensor when omitted); int32. */
  argmax(axis?: number, keepdim = false): NDArray {
    return red.argmax(this, axis, keepdim);
  }
  /** Index of the smallest value; int32. */
  argmin(axis?: number, keepdim = false): NDArray {
    return red.argmin(this, axis, keepdim);
  }
  /** Variance (unbiased by default, as torch). */
  var(axis?: number | readonly number[], options: red.VarOptions = {}): NDArray {
    return red.variance(this, axis, options);
  }
  /** Standard deviation (unbiased by default). */
  std(axis?: number | readonly number[], options: red.VarOptions = {}): NDArray {
    return red.std(this, axis, options);
  }
  /** `log(sum(exp(this)))` computed stably. */
  logsumexp(axis: number | readonly number[], keepdim = false): NDArray {
    return red.logsumexp(this, axis, keepdim);
  }
  /** Vector p-norm over `axis` (all when omitted); p may be Infinity. */
  norm(p = 2, axis?: number | readonly number[], keepdim = false): NDArray {
    return red.norm(this, p, axis, keepdim);
  }
  /** Inclusive prefix sum along `axis`. */
  cumsum(axis: number): NDArray {
    return red.cumsum(this, axis);
  }
  /** Whether all elements are non-zero → bool. */
  all(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.all(this, axis, keepdim);
  }
  /** Whether any element is non-zero → bool. */
  any(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.any(this, axis, keepdim);
  }
  /** Softmax along `axis` (max-subtracted, stable). */
  softmax(axis: number): NDArray {
    return softmax(this, axis);
  }
  /** Log of softmax along `axis`, stable. */
  logSoftmax(axis: number): NDArray {
    return logSoftmax(this, axis);
  }

  // ---- linear algebra, joins, indexing ---------------------------------------------------------
  /** Matrix product with torch.matmul semantics. */
  matmul(other: NDArray): NDArray {
    return matmul(this, other);
  }
  /** Views of pieces of size `sizeOrSections` (or of the listed sizes) along `axis`. */
  split(sizeOrSections: number | readonly number[], axis = 0): NDArray[] {
    return split(this, sizeOrSections, axis);
  }
  /** `n` pieces (the last may be smaller) along `axis`. */
  chunk(n: number, axis = 0): NDArray[] {
    return chunk(this, n, axis);
  }
  /** torch.gather along `axis`. */
  gather(axis: number, index: NDArray): NDArray {
    return gather(this, axis, index);
  }
  /** A copy of this with `src` added at `index` along `axis` (torch.scatter_add, out of place). */
  scatterAdd(axis: number, index: NDArray, src: NDArray): NDArray {
    return scatterAdd(this, axis, index, src);
  }
  /** The entries `index` (1-D) along `axis`. */
  indexSelect(axis: number, index: NDArray): NDArray {
    return indexSelect(this, axis, index);
  }
  /** Upper triangle of the last two dims (on and above diagonal `k`), zeros elsewhere. */
  triu(k = 0): NDArray {
    return triu(this, k);
  }
  /** Lower triangle of the last two dims. */
  tril(k = 0): NDArray {
    return tril(this, k);
  }
  /** Stable sort along `axis`. */
  sort(axis = -1, descending = false): { values: NDArray; indices: NDArray } {
    return sort(this, axis, descending);
  }
  /** The `k` largest (or smallest) entries along `axis`, sorted. */
  topk(k: number, axis = -1, largest = true): { values: NDArray; indices: NDArray } {
    return topk(this, k, axis, largest);
  }
  /** Distinct values of the flattened tensor, ascending. */
  unique(options: UniqueOptions = {}): UniqueResult {
    return unique(this, options);
  }

  // ---- output ----------------------------------------------------------------------------------
  /** The values as nested JS arrays (bool → boolean; a 0-d tensor gives a number). */
  toArray(): NestedArray {
    return toNested(downloadView(this), this.shape, this.dtype);
  }
  /**
   * A contiguous host copy of the values.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * const d = arange(6).reshape(2, 3).mT.data(); // contiguous, row-major
   * if (!(d instanceof Int32Array) || d.join() !== '0,3,1,4,2,5') throw new Error('data');
   * ```
   */
  data(): TypedArray {
    return downloadView(this);
  }
  /**
   * {@link data}, as a promise. Reads are synchronous today (gpu.js 2 reads textures
   * synchronously); code written against the async forms keeps working when a backend's reads
   * become asynchronous (gpu.js 3, WebGPU), as in TensorFlow.js's `data()` / `dataSync()`.
   */
  async dataAsync(): Promise<TypedArray> {
    return this.data();
  }
  /** {@link toArray}, as a promise (see {@link dataAsync}). */
  async toArrayAsync(): Promise<NestedArray> {
    return this.toArray();
  }
  /** The single value of a one-element tensor. */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new Error(
        `item: expected a tensor with one element, got shape ${shapeString(this.shape)}`,
      );
    }
    const v = downloadView(this)[0] as number;
    return this.dtype === 'bool' ? v !== 0 : v;
  }
  /** PyTorch-like text, e.g. `tensor([[1.0000, 2.0000]], dtype=float64)`. */
  toString(): string {
    return formatTensor(this);
  }
  /** Node's `console.log`/REPL show the same text as `toString()` rather than the fields. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.isDisposed
      ? `Tensor(disposed, shape ${shapeString(this.shape)}, ${this.dtype})`
      : formatTensor(this);
  }
  /** Whether the dtype is float32 or float64. */
  get isFloatingPoint(): boolean {
    return isFloat(this.dtype);
  }
}

registerTensorClass(NDArray);

/**
 * A new tensor owning fresh contiguous `data` returned by a primitive.
 * @internal
 */
export function fromData(
  backend: Backend,
  data: BackendData,
  shape: readonly number[],
  dtype: DType,
): NDArray {
  return new NDArray(new Storage(backend, data), shape, contiguousStrides(shape), 0, dtype);
}

/**
 * A new tensor over the same storage as `t` (a view).
 * @internal
 */
export function viewOf(
  t: NDArray,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): NDArray {
  if (t.isDisposed) throw new Error(t.usedAfterDispose());
  return new NDArray(t.storage, shape, strides, offset, t.dtype);
}

/** A copy of `t` on backend `name` (a new handle on the same storage when already there). */
function moveTo(t: NDArray, name: 'cpu' | 'gpu'): NDArray {
  if (t.backend === name) return viewOf(t, t.shape, t.strides, t.offset);
  const target = chooseBackend([t.dtype], name);
  if (target.name !== name) {
    throw new Error(
      `to: a ${t.dtype} tensor cannot live on the ${name} backend (it does not support ${t.dtype})`,
    );
  }
  return fromData(target, moveView(t.strided, backendByName(name)), t.shape, t.dtype);
}
