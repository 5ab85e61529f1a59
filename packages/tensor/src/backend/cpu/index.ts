/**
 * The cpu backend: typed-array kernels for every primitive of {@link Backend}.
 *
 * This file only wires primitives to their kernels (one file per family) and keeps the memory
 * accounts; the kernels return plain typed arrays and never see {@link CpuData} bookkeeping.
 */
import type {
  Backend,
  BackendData,
  BinaryOp,
  Conv2dGeometry,
  DType,
  MemoryInfo,
  ReduceOp,
  TypedArray,
  UnaryOp,
  View,
} from '../backend.js';
import * as copying from './copy.js';
import { arrayOf, BYTES_PER_ELEMENT, CpuData, release } from './data.js';
import * as elementwise from './elementwise.js';
import * as indexing from './indexing.js';
import * as conv from './conv.js';
import { matmul } from './matmul.js';
import { cumsum, reduce } from './reduce.js';
import { softmax } from './softmax.js';
import { standardize } from './standardize.js';
import { sort } from './sort.js';

export { CpuData } from './data.js';
export { erf, erfc, gelu } from './erf.js';

/**
 * Typed-array implementation of the backend primitives; computes every dtype natively.
 *
 * @example
 * ```ts
 * import { CpuBackend } from '../../src/backend/cpu/index.js';
 * const cpu = new CpuBackend();
 * const x = cpu.upload([1, 2, 3], 'float32');
 * const y = cpu.unary('square', { data: x, shape: [3], strides: [1], offset: 0 }, 'float32');
 * const values = cpu.download({ data: y, shape: [3], strides: [1], offset: 0 }); // [1, 4, 9]
 * if (values.join() !== '1,4,9') throw new Error(`expected 1,4,9, got ${values.join()}`);
 * cpu.dispose(x);
 * cpu.dispose(y);
 * ```
 */
export class CpuBackend implements Backend {
  /** Always `'cpu'`. */
  readonly name = 'cpu';
  private liveBuffers = 0;
  private liveBytes = 0;
  /**
   * Data nobody disposed is reclaimed by the garbage collector with its typed array; this only
   * takes it off the accounts (the held value is its byte count, so it keeps nothing alive).
   */
  private readonly collected = new FinalizationRegistry<number>((bytes) => {
    this.liveBuffers--;
    this.liveBytes -= bytes;
  });

  /** Every dtype is computed natively on the cpu. */
  supports(_dtype: DType): boolean {
    return true;
  }

  /** Wraps a fresh kernel result and counts it as live. */
  private own(array: TypedArray, dtype: DType): CpuData {
    const bytes = array.length * BYTES_PER_ELEMENT[dtype];
    this.liveBuffers++;
    this.liveBytes += bytes;
    const data = new CpuData(array, dtype);
    this.collected.register(data, bytes, data);
    return data;
  }

  /** Copies `values` into new data of `dtype` (bool stores `value != 0`). */
  upload(values: ArrayLike<number>, dtype: DType): BackendData {
    return this.own(copying.upload(values, dtype), dtype);
  }

  /** A new contiguous typed array with the view's values (not counted: the caller owns it). */
  download(x: View): TypedArray {
    return copying.copy(x, x.data.dtype, 'download');
  }

  /** Frees `data`; a second dispose, or a use after it, is an error. */
  dispose(data: BackendData): void {
    const array = arrayOf('dispose', data);
    (data as CpuData).disposed = true;
    this.collected.unregister(data);
    this.liveBuffers--;
    this.liveBytes -= array.length * BYTES_PER_ELEMENT[data.dtype];
    release(array, data.dtype);
  }

  /** Live buffers and bytes created by this backend and neither disposed nor collected. */
  memory(): MemoryInfo {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  /** New data of `size` elements equal to `value`. */
  fill(size: number, value: number, dtype: DType): BackendData {
    return this.own(copying.fill(size, value, dtype), dtype);
  }

  /** Materialises `x` contiguously as `dtype` (also the cast). */
  copy(x: View, dtype: DType): BackendData {
    return this.own(copying.copy(x, dtype), dtype);
  }

  /** Copy of `base` with the region `base[starts :: steps]` replaced by `src`. */
  setSlice(
    base: View,
    starts: readonly number[],
    steps: readonly number[],
    src: View,
  ): BackendData {
    return this.own(copying.setSlice(base, starts, steps, src), base.data.dtype);
  }

  /** Elementwise function of one argument. */
  unary(op: UnaryOp, x: View, outDtype: DType): BackendData {
    return this.own(elementwise.unary(op, x, outDtype), outDtype);
  }

  /** Elementwise function of two arguments of identical shape. */
  binary(op: BinaryOp, a: View, b: View, outDtype: DType): BackendData {
    return this.own(elementwise.binary(op, a, b, outDtype), outDtype);
  }

  /** `cond ? a : b` elementwise. */
  where(cond: View, a: View, b: View, outDtype: DType): BackendData {
    return this.own(elementwise.where(cond, a, b, outDtype), outDtype);
  }

  /** Reduction over sorted, unique `axes`; float sums and products accumulate in float64. */
  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): BackendData {
    return this.own(reduce(op, x, axes, outDtype), outDtype);
  }

  /** Inclusive prefix sum along `axis`. */
  cumsum(x: View, axis: number, outDtype: DType): BackendData {
    return this.own(cumsum(x, axis, outDtype), outDtype);
  }

  /** Stable sort along `axis` (NaN largest). */
  sort(x: View, axis: number, descending: boolean): { values: BackendData; indices: BackendData } {
    const { values, indices } = sort(x, axis, descending);
    return { values: this.own(values, x.data.dtype), indices: this.own(indices, 'int32') };
  }

  /** Rows standardized to mean 0 and variance 1 in one kernel (the optional fused primitive). */
  standardize(x: View, size: number, eps: number, outDtype: DType): BackendData {
    return this.own(standardize(x, size, eps, outDtype), outDtype);
  }

  /** softmax (or logSoftmax) along `axis` in one kernel (the optional fused primitive). */
  softmax(x: View, axis: number, log: boolean, outDtype: DType): BackendData {
    return this.own(softmax(x, axis, outDtype, log), outDtype);
  }

  /** Batched matrix product (float32 on the WebAssembly SIMD kernel: see wasm/gemm.ts). */
  matmul(a: View, b: View, outDtype: DType): BackendData {
    return this.own(matmul(a, b, outDtype), outDtype);
  }

  /** im2col. */
  unfold(x: View, g: Conv2dGeometry): BackendData {
    return this.own(conv.unfold(x, g), x.data.dtype);
  }

  /** col2im (adjoint of unfold). */
  fold(cols: View, g: Conv2dGeometry): BackendData {
    return this.own(conv.fold(cols, g), cols.data.dtype);
  }

  /** torch.gather along `axis`. */
  gather(x: View, axis: number, index: View): BackendData {
    return this.own(indexing.gather(x, axis, index), x.data.dtype);
  }

  /** `zeros(shape).scatter_add_(axis, index, src)`. */
  scatterAdd(
    shape: readonly number[],
    axis: number,
    index: View,
    src: View,
    outDtype: DType,
  ): BackendData {
    return this.own(indexing.scatterAdd(shape, axis, index, src, outDtype), outDtype);
  }
}
