/**
 * The {@link GpuBackend} class: each primitive either runs its gpu.js kernel (`kernels/`) or,
 * when `handoff.ts` says so, runs on the cpu backend through the bridge.
 *
 * Data stays on the device between primitives (every kernel is a pipeline kernel returning a
 * texture); it comes back to the host only through `download`. Textures are freed when
 * `dispose` is called, so memory use follows the tensors' lifetimes exactly.
 *
 * Precision: every dtype is stored as float32 (int32 and bool exactly; int32 data beyond 2^24
 * is kept on the host and int32 arithmetic runs on the cpu, see `gpu-data.ts` and
 * `handoff.ts`); arithmetic is float32, with the cpu's answers on NaN, ±Infinity and ±0, and
 * subnormals flushed where the device does ({@link GpuBackend.subnormals}); sums accumulate
 * in float32 (the cpu backend
 * accumulates in float64, so long sums can differ in the last digits). matmul sums blocks of
 * 256 products and joins them with Kahan compensation (`kernels/matmul.ts`); the fused softmax
 * and standardize sum their lines in blocks of 64 joined the same way
 * (`kernels/compensated-sum.ts`).
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
import { CpuBackend } from '../cpu/index.js';
import { DeviceMemory, type GpuData } from './gpu-data.js';
import { GpuRuntime, type DeviceArray, type RuntimeMode } from './gpu-runtime.js';
import { CpuBridge, handoffReason, type PrimitiveCall } from './handoff.js';
import {
  MAX_EXACT_INT,
  hostArray,
  isWholeContiguous,
  storedValue,
  storedValues,
  wideInt32,
  subnormalFloat32,
} from './host-values.js';
import { KernelCache } from './kernel-cache.js';
import * as conv from './kernels/conv.js';
import * as elementwise from './kernels/elementwise.js';
import { sizeOf } from './strided.js';
import * as indexing from './kernels/indexing.js';
import type { KernelContext } from './kernels/kernel-context.js';
import { matmul } from './kernels/matmul.js';
import { reduce } from './kernels/reduce.js';
import { cumsum } from './kernels/scan.js';
import { softmax } from './kernels/softmax.js';
import { standardize } from './kernels/standardize.js';

/**
 * gpu.js implementation of the backend primitives (float32, int32 and bool; never float64).
 *
 * @example
 * ```ts
 * import { createGpuBackend } from '../../src/backend/gpu/index.js';
 * const { backend } = createGpuBackend();
 * if (backend !== null) {
 *   const x = backend.upload([1, 2, 3], 'float32');
 *   const y = backend.unary('square', { data: x, shape: [3], strides: [1], offset: 0 }, 'float32');
 *   const values = backend.download({ data: y, shape: [3], strides: [1], offset: 0 });
 *   if (!(values instanceof Float32Array) || values.join() !== '1,4,9') throw new Error('square');
 *   backend.dispose(x);
 *   backend.dispose(y);
 *   const { buffers, bytes } = backend.memory();
 *   if (buffers !== 0 || bytes !== 0) throw new Error('every texture was freed');
 * }
 * ```
 */
export class GpuBackend implements Backend {
  /** Always `'gpu'`. */
  readonly name = 'gpu';
  /** The gpu.js mode kernels run in (`headlessgl`, `webgl2`, `webgl` or `webasm`). */
  readonly mode: RuntimeMode;
  /** How many primitive calls were handed to the cpu, by reason (see `handoff.ts`). */
  readonly handoffs = new Map<string, number>();
  private readonly runtime: GpuRuntime;
  private readonly cache: KernelCache;
  private readonly device: DeviceMemory;
  private readonly ctx: KernelContext;
  private bridge: CpuBridge | null = null;
  private cpu: CpuBackend | null = null;
  private measuredSubnormals: 'kept' | 'flushed' | null = null;

  /** @param mode a gpu.js mode known to work here (use {@link createGpuBackend} to find one). */
  constructor(mode: RuntimeMode) {
    this.mode = mode;
    this.runtime = new GpuRuntime(mode);
    this.cache = new KernelCache(this.runtime);
    this.device = new DeviceMemory(this.runtime);
    this.ctx = { runtime: this.runtime, cache: this.cache, memory: this.device };
  }

  /** float64 is not supported: textures hold float32 (the dispatcher sends float64 to cpu). */
  supports(dtype: DType): boolean {
    return dtype !== 'float64';
  }

  /**
   * GL textures gpu.js holds beyond those counted when counting began (`null` in webasm);
   * see `GpuRuntime.glTextureBalance`. For leak tests.
   */
  get glTextureBalance(): number | null {
    return this.runtime.glTextureBalance;
  }

  /**
   * Whether this device keeps float32 subnormals or flushes them to zero of the same sign,
   * measured once (2^-130 + 2^-130 comes out 2^-129 or 0). GPUs flush in hardware: headless GL
   * (llvmpipe) does, webasm does not. A flushing gpu keeps subnormal data on the host, where
   * the cpu computes with it (`handoff.ts`); its answers differ from the cpu's only where a gpu
   * kernel's result underflows into the subnormal range (zero of the same sign instead).
   */
  get subnormals(): 'kept' | 'flushed' {
    if (this.measuredSubnormals === null) {
      const tiny = 2 ** -130;
      // Straight to a texture: `upload` itself asks this question of subnormal values.
      const x = this.adopt(this.runtime.upload(Float32Array.of(tiny)), 1, 'float32');
      const view = { data: x, shape: [1], strides: [1], offset: 0 };
      try {
        const sum = this.binary('add', view, view, 'float32');
        try {
          const got = this.download({ ...view, data: sum })[0];
          this.measuredSubnormals = got === 2 * tiny ? 'kept' : 'flushed';
        } finally {
          this.dispose(sum);
        }
      } finally {
        this.dispose(x);
      }
    }
    return this.measuredSubnormals;
  }

  /** How many kernels have been compiled (each signature once). */
  get compiledKernels(): number {
    return this.cache.compiled;
  }

  // ---- memory ---------------------------------------------------------------------------

  /**
   * Copy host values to a new texture (int32 converts as Int32Array does, bool stores
   * `value != 0`); int32 values beyond 2^24 stay on the host, exactly (see `gpu-data.ts`).
   */
  upload(values: ArrayLike<number>, dtype: DType): BackendData {
    this.rejectFloat64(dtype, 'upload');
    this.checkCapacity('upload', values.length);
    const exact = dtype === 'int32' ? wideInt32(values) : this.subnormalsKept(values, dtype);
    if (exact !== null) return this.device.adoptHost(exact);
    const stored = storedValues(values, dtype);
    return this.adopt(
      stored.length === 0 ? null : this.runtime.upload(stored),
      stored.length,
      dtype,
    );
  }

  /**
   * float32 `values` as a Float32Array to keep on the host when one is subnormal and this
   * device flushes subnormals (see `handoff.ts`); `null` when a texture holds them exactly.
   */
  private subnormalsKept(values: ArrayLike<number>, dtype: DType): Float32Array | null {
    if (dtype !== 'float32') return null;
    const kept = subnormalFloat32(values);
    return kept !== null && this.subnormals === 'flushed' ? kept : null;
  }

  /** Read a view back as a new contiguous typed array of its dtype. */
  download(x: View): TypedArray {
    const size = sizeOf(x.shape);
    if (size === 0) return hostArray(new Float32Array(0), x.data.dtype);
    if (isWholeContiguous(x)) return this.readAll(x.data);
    const host = this.device.hostOf(x.data, 'download');
    if (host !== null) {
      const cpu = this.cpuBackend();
      const onCpu = cpu.upload(host, x.data.dtype);
      try {
        return cpu.download({ ...x, data: onCpu });
      } finally {
        cpu.dispose(onCpu);
      }
    }
    const array = elementwise.copy(this.ctx, x, x.data.dtype)!;
    try {
      return hostArray(this.runtime.download(array, size), x.data.dtype);
    } finally {
      this.runtime.release(array);
    }
  }

  /** Delete the texture of `data` now. */
  dispose(data: BackendData): void {
    this.device.free(data as GpuData);
  }

  /** Live textures (buffers) and the device bytes they occupy. */
  memory(): MemoryInfo {
    return this.device.info();
  }

  /** All elements of `data`, as a typed array of its dtype. */
  readAll(data: BackendData): TypedArray {
    if (data.size === 0) return hostArray(new Float32Array(0), data.dtype);
    const host = this.device.hostOf(data, 'download');
    if (host !== null) return host.slice();
    return hostArray(
      this.runtime.download(this.device.arrayOf(data, 'download'), data.size),
      data.dtype,
    );
  }

  // ---- creation and movement ------------------------------------------------------------

  /** `size` elements equal to `value` (an int32 value beyond 2^24 is kept on the host). */
  fill(size: number, value: number, dtype: DType): BackendData {
    this.rejectFloat64(dtype, 'fill');
    this.checkCapacity('fill', size);
    if (typeof value !== 'number') {
      throw new Error(`gpu.fill: value must be a number, received a value of type ${typeof value}`);
    }
    const stored = storedValue(value, dtype);
    if (dtype === 'int32' && Math.abs(stored) > MAX_EXACT_INT) {
      return this.device.adoptHost(new Int32Array(size).fill(stored));
    }
    if (size > 0 && this.subnormalsKept([value], dtype) !== null) {
      return this.device.adoptHost(new Float32Array(size).fill(value));
    }
    return this.adopt(elementwise.fill(this.ctx, size, stored), size, dtype);
  }

  /** Materialise `x` contiguously as `dtype` (also the cast). */
  copy(x: View, dtype: DType): BackendData {
    const call = this.call('copy', [x], sizeOf(x.shape), dtype);
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.copy(cx!, dtype) }))?.out ??
      this.adopt(elementwise.copy(this.ctx, x, dtype), call.outputSize, dtype)
    );
  }

  /** A copy of `base` with the region `base[starts :: steps]` replaced by `src`. */
  setSlice(
    base: View,
    starts: readonly number[],
    steps: readonly number[],
    src: View,
  ): BackendData {
    const dtype = base.data.dtype;
    const call = this.call('setSlice', [base, src], sizeOf(base.shape), dtype);
    return (
      this.onCpu(call, (cpu, [cb, cs]) => ({ out: cpu.setSlice(cb!, starts, steps, cs!) }))?.out ??
      this.adopt(indexing.setSlice(this.ctx, base, starts, steps, src), call.outputSize, dtype)
    );
  }

  // ---- elementwise ----------------------------------------------------------------------

  /** `op(x)` elementwise. */
  unary(op: UnaryOp, x: View, outDtype: DType): BackendData {
    const call = this.call('unary', [x], sizeOf(x.shape), outDtype, { op });
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.unary(op, cx!, outDtype) }))?.out ??
      this.adopt(elementwise.unary(this.ctx, op, x, outDtype), call.outputSize, outDtype)
    );
  }

  /** `op(a, b)` elementwise over equal shapes. */
  binary(op: BinaryOp, a: View, b: View, outDtype: DType): BackendData {
    const call = this.call('binary', [a, b], sizeOf(a.shape), outDtype, { op });
    return (
      this.onCpu(call, (cpu, [ca, cb]) => ({ out: cpu.binary(op, ca!, cb!, outDtype) }))?.out ??
      this.adopt(elementwise.binary(this.ctx, op, a, b, outDtype), call.outputSize, outDtype)
    );
  }

  /** `cond ? a : b` elementwise. */
  where(cond: View, a: View, b: View, outDtype: DType): BackendData {
    const call = this.call('where', [cond, a, b], sizeOf(a.shape), outDtype);
    return (
      this.onCpu(call, (cpu, [cc, ca, cb]) => ({ out: cpu.where(cc!, ca!, cb!, outDtype) }))?.out ??
      this.adopt(elementwise.where(this.ctx, cond, a, b, outDtype), call.outputSize, outDtype)
    );
  }

  // ---- reductions and scans ---------------------------------------------------------------

  /** Reduce `axes` of `x` (long reductions run in two passes). */
  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): BackendData {
    const outSize = sizeOf(x.shape.filter((_, d) => !axes.includes(d)));
    const call = this.call('reduce', [x], outSize, outDtype, { op });
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.reduce(op, cx!, axes, outDtype) }))?.out ??
      this.adopt(reduce(this.ctx, op, x, axes, outDtype), outSize, outDtype)
    );
  }

  /** Inclusive prefix sum along `axis`. */
  cumsum(x: View, axis: number, outDtype: DType): BackendData {
    const call = this.call('cumsum', [x], sizeOf(x.shape), outDtype, {
      loop: x.shape[axis] ?? 0,
    });
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.cumsum(cx!, axis, outDtype) }))?.out ??
      this.adopt(cumsum(this.ctx, x, axis, outDtype), call.outputSize, outDtype)
    );
  }

  /** Stable sort along `axis`; always handed to the cpu (see `handoff.ts`). */
  sort(x: View, axis: number, descending: boolean): { values: BackendData; indices: BackendData } {
    const call = this.call('sort', [x], sizeOf(x.shape), x.data.dtype);
    const sorted = this.onCpu(call, (cpu, [cx]) => cpu.sort(cx!, axis, descending));
    if (sorted === null)
      throw new Error('gpu.sort: sorting is only implemented by hand-off to the cpu');
    return sorted;
  }

  // ---- fused kernels ----------------------------------------------------------------------

  /** softmax (or logSoftmax) along `axis` in two kernels (`kernels/softmax.ts`). */
  softmax(x: View, axis: number, log: boolean, outDtype: DType): BackendData {
    const call = this.call('softmax', [x], sizeOf(x.shape), outDtype, {
      loop: x.shape[axis] ?? 0,
    });
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.softmax!(cx!, axis, log, outDtype) }))?.out ??
      this.adopt(softmax(this.ctx, x, axis, log, outDtype), call.outputSize, outDtype)
    );
  }

  /** Rows of the last `size` elements to mean 0, variance 1, in two kernels (`kernels/standardize.ts`). */
  standardize(x: View, size: number, eps: number, outDtype: DType): BackendData {
    const call = this.call('standardize', [x], sizeOf(x.shape), outDtype, { loop: size });
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.standardize!(cx!, size, eps, outDtype) }))?.out ??
      this.adopt(standardize(this.ctx, x, size, eps, outDtype), call.outputSize, outDtype)
    );
  }

  // ---- linear algebra and convolution ----------------------------------------------------

  /** Batched matrix product `a` [...batch, m, k] @ `b` [...batch, k, n]. */
  matmul(a: View, b: View, outDtype: DType): BackendData {
    const rank = a.shape.length;
    const outSize = sizeOf(a.shape.slice(0, rank - 1)) * b.shape[rank - 1]!;
    const call = this.call('matmul', [a, b], outSize, outDtype);
    return (
      this.onCpu(call, (cpu, [ca, cb]) => ({ out: cpu.matmul(ca!, cb!, outDtype) }))?.out ??
      this.adopt(matmul(this.ctx, a, b, outDtype), outSize, outDtype)
    );
  }

  /** im2col: `x` [n, c, h, w] → [n, c*kh*kw, outH*outW]. */
  unfold(x: View, g: Conv2dGeometry): BackendData {
    const dtype = x.data.dtype;
    const outSize = g.n * g.c * g.kernelH * g.kernelW * g.outH * g.outW;
    const call = this.call('unfold', [x], outSize, dtype);
    return (
      this.onCpu(call, (cpu, [cx]) => ({ out: cpu.unfold(cx!, g) }))?.out ??
      this.adopt(conv.unfold(this.ctx, x, g), outSize, dtype)
    );
  }

  /** col2im: `cols` [n, c*kh*kw, outH*outW] → [n, c, h, w], summing overlaps. */
  fold(cols: View, g: Conv2dGeometry): BackendData {
    const dtype = cols.data.dtype;
    const outSize = g.n * g.c * g.h * g.w;
    const call = this.call('fold', [cols], outSize, dtype, {
      loop: Math.max(g.kernelH, g.kernelW),
    });
    return (
      this.onCpu(call, (cpu, [cc]) => ({ out: cpu.fold(cc!, g) }))?.out ??
      this.adopt(conv.fold(this.ctx, cols, g), outSize, dtype)
    );
  }

  // ---- indexing ---------------------------------------------------------------------------

  /** torch.gather along `axis`; out has `index.shape`. */
  gather(x: View, axis: number, index: View): BackendData {
    const dtype = x.data.dtype;
    const call = this.call('gather', [x, index], sizeOf(index.shape), dtype);
    return (
      this.onCpu(call, (cpu, [cx, ci]) => ({ out: cpu.gather(cx!, axis, ci!) }))?.out ??
      this.adopt(indexing.gather(this.ctx, x, axis, index), call.outputSize, dtype)
    );
  }

  /** zeros(shape).scatter_add_(axis, index, src). */
  scatterAdd(
    shape: readonly number[],
    axis: number,
    index: View,
    src: View,
    outDtype: DType,
  ): BackendData {
    const call = this.call('scatterAdd', [index, src], sizeOf(shape), outDtype, {
      loop: index.shape[axis] ?? 0,
    });
    return (
      this.onCpu(call, (cpu, [ci, cs]) => ({
        out: cpu.scatterAdd(shape, axis, ci!, cs!, outDtype),
      }))?.out ??
      this.adopt(
        indexing.scatterAdd(this.ctx, shape, axis, index, src, outDtype),
        call.outputSize,
        outDtype,
      )
    );
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private call(
    primitive: string,
    inputs: readonly View[],
    outputSize: number,
    outDtype: DType,
    { loop = 0, op }: { loop?: number; op?: string } = {},
  ): PrimitiveCall {
    // Before any hand-off: a result handed to the cpu still has to come back to a texture.
    this.checkCapacity(primitive, outputSize);
    return op === undefined
      ? { primitive, inputs, outputSize, outDtype, loop }
      : { primitive, inputs, outputSize, outDtype, loop, op };
  }

  /** Throws, before anything is allocated, when `size` elements do not fit in one texture. */
  private checkCapacity(primitive: string, size: number): void {
    const max = this.runtime.maxElements;
    if (size > max) {
      const side = this.runtime.maxTextureSize;
      throw new Error(
        `gpu.${primitive}: ${size} elements do not fit in one texture here ` +
          `(at most ${side} x ${side} = ${max}); keep tensors this large on the cpu backend ` +
          `({ backend: 'cpu' } when creating them, or setBackend('cpu'))`,
      );
    }
  }

  /** Run `fn` on the cpu when {@link handoffReason} says so; `null` when the gpu runs it. */
  private onCpu<R extends Record<string, BackendData>>(
    call: PrimitiveCall,
    fn: (cpu: Backend, inputs: View[]) => R,
  ): R | null {
    const reason = handoffReason(call);
    if (reason === null) return null;
    this.handoffs.set(reason, (this.handoffs.get(reason) ?? 0) + 1);
    this.bridge ??= new CpuBridge(this.cpuBackend(), this);
    return this.bridge.run(call.inputs, fn);
  }

  /** The cpu backend hand-offs and host-kept int32 reads run on (created on first use). */
  private cpuBackend(): CpuBackend {
    this.cpu ??= new CpuBackend();
    return this.cpu;
  }

  private adopt(array: DeviceArray | null, size: number, dtype: DType): GpuData {
    return this.device.adopt(array, size, dtype);
  }

  private rejectFloat64(dtype: DType, op: string): void {
    if (dtype === 'float64') {
      throw new Error(
        `gpu.${op}: float64 is not supported on the gpu (expected float32, int32 or bool)`,
      );
    }
  }
}
