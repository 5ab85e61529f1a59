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
import { sort, topk, unique, type UniqueOptions, type UniqueResult } from './ops/sort.js';
import { cast } from './ops/cast.js';
import { formatTensor } from './format.js';
import { isFloat } from './dtype.js';
import { downloadView, toNested, type NestedArray } from './host.js';

/**
 * A tensor operand of a binary op: a tensor, or a JS number/boolean broadcast as a scalar.
 * @example
 * ```ts
 * import { type Operand, add, tensor } from '@tensorgrad/tensor';
 * const operands: Operand[] = [tensor([1, 2]), 10, true];
 * const sums = operands.map((o) => String(add(tensor([1, 2]), o).toArray()));
 * if (sums.join(' ') !== '2,4 11,12 2,3') throw new Error('Operand');
 * ```
 */
export type Operand = NDArray | number | boolean;

/**
 * One item of `index(...)`: number = select, `'a:b:c'` = slice, `'...'`, or `null` = new axis.
 * @example
 * ```ts
 * import { type IndexItem, zeros } from '@tensorgrad/tensor';
 * const items: IndexItem[] = [0, '::2', null];
 * if (zeros([2, 4]).index(...items).shape.join() !== '2,1') throw new Error('IndexItem');
 * ```
 */
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
  /**
   * Size of each dimension.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3]).shape.join() !== '2,3') throw new Error('shape');
   * ```
   */
  readonly shape: readonly number[];
  /**
   * Elements to step over per unit of each index (0 = broadcast, < 0 = flipped).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3]).strides.join() !== '3,1') throw new Error('strides');
   * ```
   */
  readonly strides: readonly number[];
  /**
   * Index of the first element in the storage.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * const row = arange(6).reshape(2, 3).select(0, 1);
   * if (row.offset !== 3) throw new Error('offset');
   * ```
   */
  readonly offset: number;
  /**
   * Element type.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([1, 2]).dtype !== 'float32' || tensor([true]).dtype !== 'bool') throw new Error('dtype');
   * ```
   */
  readonly dtype: DType;
  /**
   * The memory this tensor (and its views) reads.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * const x = arange(4);
   * if (x.reshape(2, 2).storage !== x.storage) throw new Error('views share storage');
   * ```
   */
  readonly storage: Storage;
  private disposed = false;

  /**
   * Low-level constructor: prefer the creation functions (`tensor`, `zeros`, ...).
   * The tensor takes a reference on `storage` and joins the current `tidy` scope.
   * @example
   * ```ts
   * import { NDArray, tensor } from '@tensorgrad/tensor';
   * const x = tensor([1, 2, 3, 4]);
   * // a second handle on x's storage, as ops build views (prefer the ops themselves)
   * const y = new NDArray(x.storage, [2, 2], [2, 1], 0, x.dtype);
   * if (JSON.stringify(y.toArray()) !== '[[1,2],[3,4]]') throw new Error('constructor');
   * ```
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

  /**
   * Number of elements.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3]).size !== 6) throw new Error('size');
   * ```
   */
  get size(): number {
    return sizeOf(this.shape);
  }

  /**
   * Number of dimensions.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3]).ndim !== 2) throw new Error('ndim');
   * ```
   */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Name of the backend that holds this tensor's memory.
   * @example
   * ```ts
   * import { setBackend, tensor } from '@tensorgrad/tensor';
   * setBackend('cpu');
   * if (tensor([1]).backend !== 'cpu') throw new Error('backend');
   * ```
   */
  get backend(): string {
    return this.storage.backend.name;
  }

  /**
   * Whether `dispose()` was called.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const x = tensor([1]);
   * x.dispose();
   * if (!x.isDisposed) throw new Error('isDisposed');
   * ```
   */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Whether the elements lie in row-major order without gaps (offset may be non-zero).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * const x = zeros([2, 3]);
   * if (!x.isContiguous() || x.mT.isContiguous()) throw new Error('isContiguous');
   * ```
   */
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
   * @example
   * ```ts
   * import { memory, tensor } from '@tensorgrad/tensor';
   * const x = tensor([1, 2]);
   * const before = memory().tensors;
   * x.dispose();
   * x.dispose(); // idempotent
   * if (memory().tensors !== before - 1) throw new Error('dispose');
   * ```
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrackTensor(this);
    this.storage.release();
  }

  /**
   * The strided description backends read. Throws on a disposed tensor.
   * @internal
   */
  get strided(): View {
    if (this.disposed)
      throw new Error(
        `Tensor: used after dispose (shape ${shapeString(this.shape)}, ${this.dtype})`,
      );
    return {
      data: this.storage.data,
      shape: this.shape,
      strides: this.strides,
      offset: this.offset,
    };
  }

  /**
   * `tidy` sees a tensor as holding itself.
   * @example
   * ```ts
   * import { heldTensors, tensor } from '@tensorgrad/tensor';
   * const x = tensor([1]);
   * if (x[heldTensors]()[0] !== x) throw new Error('heldTensors');
   * ```
   */
  [heldTensors](): NDArray[] {
    return [this];
  }

  // ---- views ---------------------------------------------------------------------------------
  /**
   * Same elements, new shape (-1 infers one size); copies only when the strides forbid a view.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * if (arange(6).reshape(2, -1).shape.join() !== '2,3') throw new Error('reshape');
   * if (arange(6).reshape([3, 2]).shape.join() !== '3,2') throw new Error('reshape array');
   * ```
   */
  reshape(...shape: (number | readonly number[])[]): NDArray {
    return views.reshape(this, shapeFromArgs(shape));
  }
  /**
   * Like `reshape` but never copies: throws when the strides forbid a view.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * const v = arange(6).view(3, 2);
   * if (v.shape.join() !== '3,2') throw new Error('view');
   * ```
   */
  view(...shape: (number | readonly number[])[]): NDArray {
    return views.view(this, shapeFromArgs(shape));
  }
  /**
   * Reorder dimensions: `out.shape[i] = this.shape[dims[i]]`.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3, 4]).permute(2, 0, 1).shape.join() !== '4,2,3') throw new Error('permute');
   * ```
   */
  permute(...dims: (number | readonly number[])[]): NDArray {
    return views.permute(this, shapeFromArgs(dims));
  }
  /**
   * Swap two dimensions.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(tensor([[1, 2]]).transpose(0, 1).toArray()) !== '[[1],[2]]') throw new Error('transpose');
   * ```
   */
  transpose(dim0: number, dim1: number): NDArray {
    return views.transpose(this, dim0, dim1);
  }
  /**
   * Swap the last two dimensions (matrix transpose of a batch).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([5, 2, 3]).mT.shape.join() !== '5,3,2') throw new Error('mT');
   * ```
   */
  get mT(): NDArray {
    return views.transpose(this, -2, -1);
  }
  /**
   * Broadcast to a larger shape without copying (-1 keeps a size).
   * @example
   * ```ts
   * import { tensor, zeros } from '@tensorgrad/tensor';
   * if (tensor([[1], [2]]).expand(2, 3).shape.join() !== '2,3') throw new Error('expand');
   * if (zeros([3, 1]).expand(-1, 4).shape.join() !== '3,4') throw new Error('expand with -1');
   * ```
   */
  expand(...shape: (number | readonly number[])[]): NDArray {
    return views.expand(this, shapeFromArgs(shape));
  }
  /**
   * Broadcast to `shape` without copying.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(tensor([1, 2]).broadcastTo(2, 2).toArray()) !== '[[1,2],[1,2]]') throw new Error('broadcastTo');
   * ```
   */
  broadcastTo(...shape: (number | readonly number[])[]): NDArray {
    return views.expand(this, shapeFromArgs(shape), 'broadcastTo');
  }
  /**
   * Remove size-1 dims (all of them, or those listed).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([1, 3, 1]).squeeze().shape.join() !== '3') throw new Error('squeeze');
   * if (zeros([1, 3, 1]).squeeze(0).shape.join() !== '3,1') throw new Error('squeeze one dim');
   * ```
   */
  squeeze(dims?: number | readonly number[]): NDArray {
    return views.squeeze(this, dims);
  }
  /**
   * Insert a size-1 dim at `dim`.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([3]).unsqueeze(0).shape.join() !== '1,3') throw new Error('unsqueeze');
   * ```
   */
  unsqueeze(dim: number): NDArray {
    return views.unsqueeze(this, dim);
  }
  /**
   * Merge dims `start..end` (inclusive) into one.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3, 4]).flatten().shape.join() !== '24') throw new Error('flatten');
   * if (zeros([2, 3, 4]).flatten(0, 1).shape.join() !== '6,4') throw new Error('flatten a range');
   * ```
   */
  flatten(start = 0, end = -1): NDArray {
    return views.flatten(this, start, end);
  }
  /**
   * Split dim `dim` into `sizes` (one may be -1).
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 12]).unflatten(1, [3, -1]).shape.join() !== '2,3,4') throw new Error('unflatten');
   * ```
   */
  unflatten(dim: number, sizes: readonly number[]): NDArray {
    return views.unflatten(this, dim, sizes);
  }
  /**
   * Python slice `[start:end:step]` along `dim`; bounds may be negative and are clamped.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * if (String(arange(10).slice(0, -3).toArray()) !== '7,8,9') throw new Error('slice');
   * if (String(arange(10).slice(0, 0, 10, 4).toArray()) !== '0,4,8') throw new Error('slice with a step');
   * ```
   */
  slice(dim: number, start?: number, end?: number, step = 1): NDArray {
    return views.slice(this, dim, start, end, step);
  }
  /**
   * NumPy-style indexing: numbers select, `'a:b:c'` slices, `'...'` fills, `null` adds an axis.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3, 4]).index(0, '1:', null).shape.join() !== '2,1,4') throw new Error('index');
   * ```
   */
  index(...items: IndexItem[]): NDArray {
    return views.index(this, ...items);
  }
  /**
   * The sub-tensor at position `i` of `dim` (that dim is removed).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([[1, 2], [3, 4]]).select(1, 0).toArray()) !== '1,3') throw new Error('select');
   * ```
   */
  select(dim: number, i: number): NDArray {
    return views.select(this, dim, i);
  }
  /**
   * `length` elements of `dim` starting at `start`.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * if (String(arange(5).narrow(0, 2, 2).toArray()) !== '2,3') throw new Error('narrow');
   * ```
   */
  narrow(dim: number, start: number, length: number): NDArray {
    return views.narrow(this, dim, start, length);
  }
  /**
   * Reverse the order along `dims` (a view with negative strides).
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * if (String(arange(3).flip(0).toArray()) !== '2,1,0') throw new Error('flip');
   * ```
   */
  flip(...dims: (number | readonly number[])[]): NDArray {
    return views.flip(this, shapeFromArgs(dims));
  }
  /**
   * This tensor if already contiguous (as a new handle on the same storage), else a contiguous copy.
   * @example
   * ```ts
   * import { zeros } from '@tensorgrad/tensor';
   * const t = zeros([2, 3]).mT.contiguous();
   * if (!t.isContiguous() || t.strides.join() !== '2,1') throw new Error('contiguous');
   * ```
   */
  contiguous(): NDArray {
    return views.contiguous(this);
  }
  /**
   * A contiguous copy with its own storage.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const x = tensor([1, 2]);
   * if (x.clone().storage === x.storage) throw new Error('clone');
   * ```
   */
  clone(): NDArray {
    return views.clone(this);
  }

  // ---- elementwise ---------------------------------------------------------------------------
  /**
   * `this + other` with broadcasting.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).add(1).toArray()) !== '2,3') throw new Error('add');
   * if (JSON.stringify(tensor([1, 2]).add(tensor([[10], [20]])).toArray()) !== '[[11,12],[21,22]]') throw new Error('broadcasting');
   * ```
   */
  add(other: Operand): NDArray {
    return ew.add(this, other);
  }
  /**
   * `this - other`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).sub(1).toArray()) !== '0,1') throw new Error('sub');
   * ```
   */
  sub(other: Operand): NDArray {
    return ew.sub(this, other);
  }
  /**
   * `this * other`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).mul(3).toArray()) !== '3,6') throw new Error('mul');
   * ```
   */
  mul(other: Operand): NDArray {
    return ew.mul(this, other);
  }
  /**
   * `this / other` (true division: ints give float32).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).div(4).toArray()) !== '0.25,0.5') throw new Error('div');
   * ```
   */
  div(other: Operand): NDArray {
    return ew.div(this, other);
  }
  /**
   * `this ** other`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([2, 3]).pow(2).toArray()) !== '4,9') throw new Error('pow');
   * ```
   */
  pow(other: Operand): NDArray {
    return ew.pow(this, other);
  }
  /**
   * Elementwise maximum (NaN propagates).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 5]).maximum(3).toArray()) !== '3,5') throw new Error('maximum');
   * ```
   */
  maximum(other: Operand): NDArray {
    return ew.maximum(this, other);
  }
  /**
   * Elementwise minimum (NaN propagates).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 5]).minimum(3).toArray()) !== '1,3') throw new Error('minimum');
   * ```
   */
  minimum(other: Operand): NDArray {
    return ew.minimum(this, other);
  }
  /**
   * Remainder with the sign of the divisor (Python `%`, torch.remainder).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-3, 3]).mod(2).toArray()) !== '1,1') throw new Error('mod');
   * ```
   */
  mod(other: Operand): NDArray {
    return ew.mod(this, other);
  }
  /**
   * `-this`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, -2]).neg().toArray()) !== '-1,2') throw new Error('neg');
   * ```
   */
  neg(): NDArray {
    return ew.neg(this);
  }
  /**
   * `|this|`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-1, 2]).abs().toArray()) !== '1,2') throw new Error('abs');
   * ```
   */
  abs(): NDArray {
    return ew.abs(this);
  }
  /**
   * -1, 0 or 1.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-3, 0, 2]).sign().toArray()) !== '-1,0,1') throw new Error('sign');
   * ```
   */
  sign(): NDArray {
    return ew.sign(this);
  }
  /**
   * `e^this`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).exp().toArray()) !== '1') throw new Error('exp');
   * ```
   */
  exp(): NDArray {
    return ew.exp(this);
  }
  /**
   * Natural logarithm.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1]).log().toArray()) !== '0') throw new Error('log');
   * ```
   */
  log(): NDArray {
    return ew.log(this);
  }
  /**
   * `log(1 + this)`, accurate near 0.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).log1p().toArray()) !== '0') throw new Error('log1p');
   * ```
   */
  log1p(): NDArray {
    return ew.log1p(this);
  }
  /**
   * Square root.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([4, 9]).sqrt().toArray()) !== '2,3') throw new Error('sqrt');
   * ```
   */
  sqrt(): NDArray {
    return ew.sqrt(this);
  }
  /**
   * `1 / sqrt(this)`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([4]).rsqrt().toArray()) !== '0.5') throw new Error('rsqrt');
   * ```
   */
  rsqrt(): NDArray {
    return ew.rsqrt(this);
  }
  /**
   * Sine.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).sin().toArray()) !== '0') throw new Error('sin');
   * ```
   */
  sin(): NDArray {
    return ew.sin(this);
  }
  /**
   * Cosine.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).cos().toArray()) !== '1') throw new Error('cos');
   * ```
   */
  cos(): NDArray {
    return ew.cos(this);
  }
  /**
   * Hyperbolic tangent.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).tanh().toArray()) !== '0') throw new Error('tanh');
   * ```
   */
  tanh(): NDArray {
    return ew.tanh(this);
  }
  /**
   * `1 / (1 + e^-this)`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0]).sigmoid().toArray()) !== '0.5') throw new Error('sigmoid');
   * ```
   */
  sigmoid(): NDArray {
    return ew.sigmoid(this);
  }
  /**
   * `max(this, 0)`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-1, 2]).relu().toArray()) !== '0,2') throw new Error('relu');
   * ```
   */
  relu(): NDArray {
    return ew.relu(this);
  }
  /**
   * Exact GELU: `x * (1 + erf(x / sqrt 2)) / 2`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const [a, b] = tensor([0, 1]).gelu().toArray() as number[];
   * if (a !== 0 || Math.abs(b! - 0.8413) > 1e-4) throw new Error('gelu');
   * ```
   */
  gelu(): NDArray {
    return ew.gelu(this);
  }
  /**
   * Gauss error function.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const [a, b] = tensor([0, 1]).erf().toArray() as number[];
   * if (a !== 0 || Math.abs(b! - 0.8427) > 1e-4) throw new Error('erf');
   * ```
   */
  erf(): NDArray {
    return ew.erf(this);
  }
  /**
   * Round down.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1.5, -1.5]).floor().toArray()) !== '1,-2') throw new Error('floor');
   * ```
   */
  floor(): NDArray {
    return ew.floor(this);
  }
  /**
   * Round up.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1.5, -1.5]).ceil().toArray()) !== '2,-1') throw new Error('ceil');
   * ```
   */
  ceil(): NDArray {
    return ew.ceil(this);
  }
  /**
   * Round half to even (as torch.round).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0.5, 1.5, 2.5]).round().toArray()) !== '0,2,2') throw new Error('round');
   * ```
   */
  round(): NDArray {
    return ew.round(this);
  }
  /**
   * `1 / this`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([2, 4]).reciprocal().toArray()) !== '0.5,0.25') throw new Error('reciprocal');
   * ```
   */
  reciprocal(): NDArray {
    return ew.reciprocal(this);
  }
  /**
   * `this * this`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-2, 3]).square().toArray()) !== '4,9') throw new Error('square');
   * ```
   */
  square(): NDArray {
    return ew.square(this);
  }
  /**
   * Limit to `[min, max]` (either bound may be omitted).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([-2, 0, 2]).clamp(-1, 1).toArray()) !== '-1,0,1') throw new Error('clamp');
   * if (String(tensor([-2, 2]).clamp(undefined, 0).toArray()) !== '-2,0') throw new Error('max only');
   * ```
   */
  clamp(min?: Operand, max?: Operand): NDArray {
    return ew.clamp(this, min, max);
  }
  /**
   * `this == other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).eq(2).toArray()) !== 'false,true') throw new Error('eq');
   * ```
   */
  eq(other: Operand): NDArray {
    return ew.eq(this, other);
  }
  /**
   * `this != other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).ne(2).toArray()) !== 'true,false') throw new Error('ne');
   * ```
   */
  ne(other: Operand): NDArray {
    return ew.ne(this, other);
  }
  /**
   * `this < other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).lt(2).toArray()) !== 'true,false') throw new Error('lt');
   * ```
   */
  lt(other: Operand): NDArray {
    return ew.lt(this, other);
  }
  /**
   * `this <= other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).le(2).toArray()) !== 'true,true') throw new Error('le');
   * ```
   */
  le(other: Operand): NDArray {
    return ew.le(this, other);
  }
  /**
   * `this > other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).gt(1).toArray()) !== 'false,true') throw new Error('gt');
   * ```
   */
  gt(other: Operand): NDArray {
    return ew.gt(this, other);
  }
  /**
   * `this >= other` → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).ge(2).toArray()) !== 'false,true') throw new Error('ge');
   * ```
   */
  ge(other: Operand): NDArray {
    return ew.ge(this, other);
  }
  /**
   * Logical and (non-zero = true) → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 0]).logicalAnd(1).toArray()) !== 'true,false') throw new Error('logicalAnd');
   * ```
   */
  logicalAnd(other: Operand): NDArray {
    return ew.logicalAnd(this, other);
  }
  /**
   * Logical or → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 0]).logicalOr(0).toArray()) !== 'true,false') throw new Error('logicalOr');
   * ```
   */
  logicalOr(other: Operand): NDArray {
    return ew.logicalOr(this, other);
  }
  /**
   * Logical exclusive or → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 0]).logicalXor(1).toArray()) !== 'false,true') throw new Error('logicalXor');
   * ```
   */
  logicalXor(other: Operand): NDArray {
    return ew.logicalXor(this, other);
  }
  /**
   * Logical not → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([0, 1]).logicalNot().toArray()) !== 'true,false') throw new Error('logicalNot');
   * ```
   */
  logicalNot(): NDArray {
    return ew.logicalNot(this);
  }
  /**
   * Which elements are NaN → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([NaN, 1]).isnan().toArray()) !== 'true,false') throw new Error('isnan');
   * ```
   */
  isnan(): NDArray {
    return ew.isnan(this);
  }
  /**
   * Which elements are neither NaN nor ±Infinity → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([Infinity, 1]).isfinite().toArray()) !== 'false,true') throw new Error('isfinite');
   * ```
   */
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
  /**
   * A copy with `value` wherever `mask` is true (keeps this dtype).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2]).maskedFill(tensor([false, true]), -1).toArray()) !== '1,-1') throw new Error('maskedFill');
   * ```
   */
  maskedFill(mask: NDArray, value: number | boolean): NDArray {
    return ew.maskedFill(this, mask, value);
  }
  /**
   * Convert to `dtype` (a new handle on the same storage when already of that dtype).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const y = tensor([1.7, 0]).cast('int32');
   * if (y.dtype !== 'int32' || String(y.toArray()) !== '1,0') throw new Error('cast');
   * ```
   */
  cast(dtype: DType): NDArray {
    return cast(this, dtype);
  }
  /**
   * `to(dtype)` casts; `to('cpu' | 'gpu')` moves to that backend.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const x = tensor([1.5]);
   * if (x.to('float64').dtype !== 'float64') throw new Error('to(dtype)');
   * if (x.to('cpu').backend !== 'cpu') throw new Error('to(backend)');
   * ```
   */
  to(target: DType | 'cpu' | 'gpu'): NDArray {
    if (target === 'cpu' || target === 'gpu') return moveTo(this, target);
    return cast(this, target);
  }

  // ---- reductions ------------------------------------------------------------------------------
  /**
   * Sum over `axis` (all when omitted); bool/int sum to int32.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([[1, 2], [3, 4]]).sum(1).toArray()) !== '3,7') throw new Error('sum');
   * if (tensor([1, 2]).sum().item() !== 3) throw new Error('sum of all');
   * ```
   */
  sum(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.sum(this, axis, keepdim);
  }
  /**
   * Arithmetic mean (float result).
   * @example
   * ```ts
   * import { arange, zeros } from '@tensorgrad/tensor';
   * if (zeros([2, 3]).mean(1, true).shape.join() !== '2,1') throw new Error('mean keepdim');
   * if (arange(4).mean().item() !== 1.5) throw new Error('mean');
   * ```
   */
  mean(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.mean(this, axis, keepdim);
  }
  /**
   * Product.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([2, 3, 4]).prod().item() !== 24) throw new Error('prod');
   * ```
   */
  prod(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.prod(this, axis, keepdim);
  }
  /**
   * Largest value (NaN propagates).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([[1, 5], [4, 2]]).max(1).toArray()) !== '5,4') throw new Error('max');
   * ```
   */
  max(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.max(this, axis, keepdim);
  }
  /**
   * Smallest value.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([3, 1, 2]).min().item() !== 1) throw new Error('min');
   * ```
   */
  min(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.min(this, axis, keepdim);
  }
  /**
   * Index of the largest value along `axis` (of the flattened tensor when omitted); int32.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([1, 3, 2]).argmax().item() !== 1) throw new Error('argmax');
   * if (String(tensor([[1, 5], [4, 2]]).argmax(1).toArray()) !== '1,0') throw new Error('argmax along an axis');
   * ```
   */
  argmax(axis?: number, keepdim = false): NDArray {
    return red.argmax(this, axis, keepdim);
  }
  /**
   * Index of the smallest value; int32.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([3, 1, 2]).argmin().item() !== 1) throw new Error('argmin');
   * ```
   */
  argmin(axis?: number, keepdim = false): NDArray {
    return red.argmin(this, axis, keepdim);
  }
  /**
   * Variance (unbiased by default, as torch).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([1, 2, 3, 4]).var(undefined, { unbiased: false }).item() !== 1.25) throw new Error('var');
   * ```
   */
  var(axis?: number | readonly number[], options: red.VarOptions = {}): NDArray {
    return red.variance(this, axis, options);
  }
  /**
   * Standard deviation (unbiased by default).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([1, 3]).std(0, { unbiased: false }).item() !== 1) throw new Error('std');
   * ```
   */
  std(axis?: number | readonly number[], options: red.VarOptions = {}): NDArray {
    return red.std(this, axis, options);
  }
  /**
   * `log(sum(exp(this)))` computed stably.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const y = tensor([0, 0]).logsumexp(0).item() as number;
   * if (Math.abs(y - Math.LN2) > 1e-6) throw new Error('logsumexp');
   * ```
   */
  logsumexp(axis: number | readonly number[], keepdim = false): NDArray {
    return red.logsumexp(this, axis, keepdim);
  }
  /**
   * Vector p-norm over `axis` (all when omitted); p may be Infinity.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([3, 4]).norm().item() !== 5) throw new Error('norm');
   * if (tensor([3, -4]).norm(1).item() !== 7) throw new Error('1-norm');
   * ```
   */
  norm(p = 2, axis?: number | readonly number[], keepdim = false): NDArray {
    return red.norm(this, p, axis, keepdim);
  }
  /**
   * Inclusive prefix sum along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 2, 3]).cumsum(0).toArray()) !== '1,3,6') throw new Error('cumsum');
   * ```
   */
  cumsum(axis: number): NDArray {
    return red.cumsum(this, axis);
  }
  /**
   * Whether all elements are non-zero → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([[1, 0], [1, 1]]).all(1).toArray()) !== 'false,true') throw new Error('all');
   * ```
   */
  all(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.all(this, axis, keepdim);
  }
  /**
   * Whether any element is non-zero → bool.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([0, 0, 1]).any().item() !== true) throw new Error('any');
   * ```
   */
  any(axis?: number | readonly number[], keepdim = false): NDArray {
    return red.any(this, axis, keepdim);
  }
  /**
   * Softmax along `axis` (max-subtracted, stable).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([1, 1]).softmax(0).toArray()) !== '0.5,0.5') throw new Error('softmax');
   * ```
   */
  softmax(axis: number): NDArray {
    return softmax(this, axis);
  }
  /**
   * Log of softmax along `axis`, stable.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([5]).logSoftmax(0).toArray()) !== '0') throw new Error('logSoftmax');
   * ```
   */
  logSoftmax(axis: number): NDArray {
    return logSoftmax(this, axis);
  }

  // ---- linear algebra, joins, indexing ---------------------------------------------------------
  /**
   * Matrix product with torch.matmul semantics.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(tensor([[1, 2]]).matmul(tensor([[3], [4]])).toArray()) !== '[[11]]') throw new Error('matmul');
   * ```
   */
  matmul(other: NDArray): NDArray {
    return matmul(this, other);
  }
  /**
   * Views of pieces of size `sizeOrSections` (or of the listed sizes) along `axis`.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * const [a, b] = arange(5).split([2, 3]);
   * if (String(a!.toArray()) !== '0,1' || String(b!.toArray()) !== '2,3,4') throw new Error('split');
   * ```
   */
  split(sizeOrSections: number | readonly number[], axis = 0): NDArray[] {
    return split(this, sizeOrSections, axis);
  }
  /**
   * `n` pieces (the last may be smaller) along `axis`.
   * @example
   * ```ts
   * import { arange } from '@tensorgrad/tensor';
   * if (arange(6).chunk(2).map((t) => t.size).join() !== '3,3') throw new Error('chunk');
   * ```
   */
  chunk(n: number, axis = 0): NDArray[] {
    return chunk(this, n, axis);
  }
  /**
   * torch.gather along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (String(tensor([10, 20, 30]).gather(0, tensor([2, 0], { dtype: 'int32' })).toArray()) !== '30,10') throw new Error('gather');
   * ```
   */
  gather(axis: number, index: NDArray): NDArray {
    return gather(this, axis, index);
  }
  /**
   * A copy of this with `src` added at `index` along `axis` (torch.scatter_add, out of place).
   * @example
   * ```ts
   * import { ones, tensor, zeros } from '@tensorgrad/tensor';
   * if (String(zeros([3]).scatterAdd(0, tensor([1, 1], { dtype: 'int32' }), ones([2])).toArray()) !== '0,2,0') throw new Error('scatterAdd');
   * ```
   */
  scatterAdd(axis: number, index: NDArray, src: NDArray): NDArray {
    return scatterAdd(this, axis, index, src);
  }
  /**
   * The entries `index` (1-D) along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(tensor([[1, 2], [3, 4]]).indexSelect(1, tensor([1], { dtype: 'int32' })).toArray()) !== '[[2],[4]]') throw new Error('indexSelect');
   * ```
   */
  indexSelect(axis: number, index: NDArray): NDArray {
    return indexSelect(this, axis, index);
  }
  /**
   * Upper triangle of the last two dims (on and above diagonal `k`), zeros elsewhere.
   * @example
   * ```ts
   * import { ones } from '@tensorgrad/tensor';
   * if (JSON.stringify(ones([2, 2]).triu(1).toArray()) !== '[[0,1],[0,0]]') throw new Error('triu');
   * ```
   */
  triu(k = 0): NDArray {
    return triu(this, k);
  }
  /**
   * Lower triangle of the last two dims.
   * @example
   * ```ts
   * import { ones } from '@tensorgrad/tensor';
   * if (JSON.stringify(ones([2, 2]).tril(-1).toArray()) !== '[[0,0],[1,0]]') throw new Error('tril');
   * ```
   */
  tril(k = 0): NDArray {
    return tril(this, k);
  }
  /**
   * Stable sort along `axis`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const { values, indices } = tensor([3, 1, 2]).sort(-1, true);
   * if (String(values.toArray()) !== '3,2,1' || String(indices.toArray()) !== '0,2,1') throw new Error('sort');
   * ```
   */
  sort(axis = -1, descending = false): { values: NDArray; indices: NDArray } {
    return sort(this, axis, descending);
  }
  /**
   * The `k` largest (or smallest) entries along `axis`, sorted.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const { values } = tensor([1, 5, 3]).topk(2);
   * if (String(values.toArray()) !== '5,3') throw new Error('topk');
   * ```
   */
  topk(k: number, axis = -1, largest = true): { values: NDArray; indices: NDArray } {
    return topk(this, k, axis, largest);
  }
  /**
   * Distinct values of the flattened tensor, ascending.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const { values, counts } = tensor([2, 1, 2]).unique({ returnCounts: true });
   * if (String(values.toArray()) !== '1,2' || String(counts?.toArray()) !== '1,2') throw new Error('unique');
   * ```
   */
  unique(options: UniqueOptions = {}): UniqueResult {
    return unique(this, options);
  }

  // ---- output ----------------------------------------------------------------------------------
  /**
   * The values as nested JS arrays (bool → boolean; a 0-d tensor gives a number).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(tensor([[1, 2]]).toArray()) !== '[[1,2]]') throw new Error('toArray');
   * if (tensor(5).toArray() !== 5) throw new Error('a 0-d tensor gives a number');
   * ```
   */
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
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * const values = await tensor([1, 2, 3]).dataAsync();
   * if (values.join() !== '1,2,3') throw new Error('dataAsync');
   * ```
   */
  async dataAsync(): Promise<TypedArray> {
    return this.data();
  }
  /**
   * {@link toArray}, as a promise (see {@link dataAsync}).
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (JSON.stringify(await tensor([[1, 2]]).toArrayAsync()) !== '[[1,2]]') throw new Error('toArrayAsync');
   * ```
   */
  async toArrayAsync(): Promise<NestedArray> {
    return this.toArray();
  }
  /**
   * The single value of a one-element tensor.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([[7]]).item() !== 7) throw new Error('item');
   * if (tensor(true).item() !== true) throw new Error('bool item');
   * ```
   */
  item(): number | boolean {
    if (this.size !== 1) {
      throw new Error(
        `item: expected a tensor with one element, got shape ${shapeString(this.shape)}`,
      );
    }
    const v = downloadView(this)[0] as number;
    return this.dtype === 'bool' ? v !== 0 : v;
  }
  /**
   * PyTorch-like text, e.g. `tensor([[1.0000, 2.0000]], dtype=float64)`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/tensor';
   * if (tensor([[1, 2]], { dtype: 'float64' }).toString() !== 'tensor([[1.0000, 2.0000]], dtype=float64)') throw new Error('toString');
   * ```
   */
  toString(): string {
    return formatTensor(this);
  }
  /**
   * Node's `console.log`/REPL show the same text as `toString()` rather than the fields.
   * @example
   * ```ts
   * import { inspect } from 'node:util';
   * import { tensor } from '@tensorgrad/tensor';
   * if (inspect(tensor([1, 2])) !== 'tensor([1.0000, 2.0000])') throw new Error('inspect');
   * ```
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.isDisposed
      ? `Tensor(disposed, shape ${shapeString(this.shape)}, ${this.dtype})`
      : formatTensor(this);
  }
  /**
   * Whether the dtype is float32 or float64.
   * @example
   * ```ts
   * import { arange, tensor } from '@tensorgrad/tensor';
   * if (!tensor([1]).isFloatingPoint || arange(2).isFloatingPoint) throw new Error('isFloatingPoint');
   * ```
   */
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
  if (t.isDisposed) throw new Error('Tensor: used after dispose');
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
