/**
 * The backend interface: the small set of primitives every op of tensorgrad is built on.
 *
 * A backend owns memory (opaque {@link BackendData} handles) and implements the
 * primitives below. It knows nothing about shapes rules, broadcasting, dtype promotion,
 * autograd or modules: the op layer (`src/ops/`) resolves all of that and hands the backend
 * fully described strided {@link View}s of equal, already-broadcast shapes.
 *
 * Every primitive returns *fresh, contiguous* (row-major) data of the output shape; inputs are
 * never modified. This keeps ownership simple: the caller (a `Storage`) owns what a primitive
 * returns and disposes it exactly once.
 */

/** Element types. `bool` is stored as 0/1 bytes; `int32` as 32-bit integers. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** Opaque handle to memory owned by a backend (a typed array on cpu, a texture on gpu). */
export interface BackendData {
  /** Name of the backend that owns this data. */
  readonly backend: string;
  /** Number of elements. */
  readonly size: number;
  /** Element type. */
  readonly dtype: DType;
}

/**
 * A strided window onto backend data. Strides are in elements; 0 = broadcast, < 0 = flipped.
 * @example
 * ```ts
 * import { type View, getBackend } from '@tensorgrad/tensor';
 * const b = getBackend();
 * const data = b.upload([1, 2, 3, 4, 5, 6], 'float32');
 * // the transpose of a row-major [2, 3] matrix
 * const transposed: View = { data, shape: [3, 2], strides: [1, 3], offset: 0 };
 * if (b.download(transposed).join() !== '1,4,2,5,3,6') throw new Error('View');
 * b.dispose(data);
 * ```
 */
export interface View {
  readonly data: BackendData;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** The host-side typed array used for each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Elementwise functions of one argument. Comparisons/predicates produce `bool`. */
export const UNARY_OPS = [
  'neg',
  'abs',
  'sign',
  'exp',
  'log',
  'log1p',
  'sqrt',
  'rsqrt',
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  'relu',
  'gelu',
  // gelu's derivative Φ(x) + x φ(x): its backward in one pass instead of a dozen
  'geluGrad',
  'erf',
  'floor',
  'ceil',
  'round',
  'reciprocal',
  'square',
  'isnan',
  'isfinite',
  'not',
] as const;
/** The name of one of the {@link UNARY_OPS}. */
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Elementwise functions of two arguments of equal (already broadcast) shape. */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'mod',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'xor',
] as const;
/** The name of one of the {@link BINARY_OPS}. */
export type BinaryOp = (typeof BINARY_OPS)[number];

/**
 * Reductions. `argmax`/`argmin` reduce exactly one axis and return int32 (first index wins ties).
 */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as const;
/** The name of one of the {@link REDUCE_OPS}. */
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** Geometry of a 2-D convolution window, shared by `unfold` and `fold`. */
export interface Conv2dGeometry {
  /** Input batch, channels, height and width. */
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly strideH: number;
  readonly strideW: number;
  /**
   * Zero rows above and columns left of the input. The padding below and right is whatever
   * outH/outW imply: the same amount, except for padding 'same' with an odd total, which puts
   * one more there (as PyTorch).
   */
  readonly padH: number;
  readonly padW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  /** Output spatial size (computed by the op layer, floor division as in PyTorch). */
  readonly outH: number;
  readonly outW: number;
}

/** Bytes and buffers a backend currently holds; used by leak tests. */
export interface MemoryInfo {
  readonly buffers: number;
  readonly bytes: number;
}

/**
 * The primitives. Shapes in comments use the names of the arguments; "out" is the returned data.
 * Unless stated, `outDtype` is decided by the op layer and the backend only converts to it.
 * @example
 * ```ts
 * import { type Backend, getBackend, setBackend } from '@tensorgrad/tensor';
 * setBackend('cpu');
 * const b: Backend = getBackend();
 * const data = b.fill(3, 2, 'float32');
 * const x = { data, shape: [3], strides: [1], offset: 0 };
 * if (b.download(x).join() !== '2,2,2') throw new Error('Backend');
 * b.dispose(data);
 * ```
 */
export interface Backend {
  readonly name: string;
  /**
   * Whether this backend computes `dtype` natively. The dispatcher hands work on unsupported
   * dtypes (float64 on gpu) to the cpu backend; that decision lives in one place,
   * `src/backend/dispatch.ts`.
   */
  supports(dtype: DType): boolean;
  /**
   * How float32 subnormals (0 < |x| < 2^-126 ≈ 1.18e-38) are computed: `'kept'` (IEEE, the cpu)
   * or `'flushed'`: read and written as a zero of the same sign, which GPUs do in hardware (the
   * gpu backend measures it). Absent means kept.
   */
  readonly subnormals?: 'kept' | 'flushed';

  // ---- memory ---------------------------------------------------------------------------
  /** Copy host values into new backend data of `dtype` (values are converted if needed). */
  upload(values: ArrayLike<number>, dtype: DType): BackendData;
  /** Read a view back to the host as a new contiguous typed array of the view's dtype. */
  download(x: View): TypedArray;
  /** Free the memory of `data`. Called exactly once per data by its owning Storage. */
  dispose(data: BackendData): void;
  /** What this backend holds right now. */
  memory(): MemoryInfo;

  // ---- creation and movement ------------------------------------------------------------
  /** New data of `size` elements, all equal to `value`. */
  fill(size: number, value: number, dtype: DType): BackendData;
  /** Materialise a view contiguously, converting to `dtype` (this is also the cast primitive). */
  copy(x: View, dtype: DType): BackendData;
  /**
   * A copy of contiguous `base` (shape `baseShape`) in which the strided region
   * `base[starts[d] :: steps[d]]` (with `src.shape[d]` elements along each dim d; steps > 0)
   * is replaced by `src`. Serves slice/select backward, pad, cat and in-place-style updates.
   */
  setSlice(base: View, starts: readonly number[], steps: readonly number[], src: View): BackendData;

  // ---- elementwise ----------------------------------------------------------------------
  unary(op: UnaryOp, x: View, outDtype: DType): BackendData;
  /** `a` and `b` have identical shapes (broadcasting is expressed through 0 strides). */
  binary(op: BinaryOp, a: View, b: View, outDtype: DType): BackendData;
  /** `cond ? a : b`, all three of identical shape; `cond` is bool. */
  where(cond: View, a: View, b: View, outDtype: DType): BackendData;

  // ---- reductions and scans ---------------------------------------------------------------
  /**
   * Reduce `axes` (sorted, unique, non-negative) of `x`; out has `x.shape` with those axes removed.
   * Sums of float32 accumulate in float64 on cpu (see README "precision").
   */
  reduce(op: ReduceOp, x: View, axes: readonly number[], outDtype: DType): BackendData;
  /** Inclusive prefix sum along `axis`; out has `x.shape`. */
  cumsum(x: View, axis: number, outDtype: DType): BackendData;
  /** Stable sort along `axis`. `indices` are int32 positions along that axis. */
  sort(x: View, axis: number, descending: boolean): { values: BackendData; indices: BackendData };

  // ---- linear algebra and convolution ----------------------------------------------------
  /**
   * Batched matrix product. `a` is [...batch, m, k], `b` is [...batch, k, n] with identical
   * batch shapes (broadcast through 0 strides); out is [...batch, m, n].
   */
  matmul(a: View, b: View, outDtype: DType): BackendData;

  /** im2col: `x` [n, c, h, w] → out [n, c * kernelH * kernelW, outH * outW], zero padding. */
  unfold(x: View, g: Conv2dGeometry): BackendData;
  /** col2im, the adjoint of `unfold`: `cols` [n, c * kh * kw, outH * outW] → out [n, c, h, w], summing overlaps. */
  fold(cols: View, g: Conv2dGeometry): BackendData;

  // ---- indexing ---------------------------------------------------------------------------
  /** torch.gather: out[i..][j][k..] = x[i..][index[i..][j][k..]][k..] along `axis`; out has `index.shape`. */
  gather(x: View, axis: number, index: View): BackendData;
  /** zeros(shape).scatter_add_(axis, index, src): index and src have equal shapes. */
  scatterAdd(
    shape: readonly number[],
    axis: number,
    index: View,
    src: View,
    outDtype: DType,
  ): BackendData;

  // ---- optional fused kernels ------------------------------------------------------------
  /**
   * softmax (or, with `log`, logSoftmax) of a float `x` along `axis`, contiguous out with
   * `x.shape`. Optional: ops use it when the backend has it and otherwise compose max, sub, exp,
   * sum and div (five passes and four temporaries; the cpu kernel makes three passes).
   */
  softmax?(x: View, axis: number, log: boolean, outDtype: DType): BackendData;
  /**
   * `(x - mean) / sqrt(var + eps)` of a float `x` over each contiguous row of its last `size`
   * elements (mean and biased variance per row: layer norm without its affine part), contiguous
   * out with `x.shape`. Optional: ops use it when the backend has it and otherwise compose mean,
   * sub, square, mean, add, rsqrt and mul (seven passes and six temporaries; the cpu kernel
   * makes three passes over each row and keeps the statistics in doubles).
   */
  standardize?(x: View, size: number, eps: number, outDtype: DType): BackendData;
}

/**
 * Every primitive name; the conformance test fails when a backend lacks one.
 * @example
 * ```ts
 * import { PRIMITIVES, getBackend } from '@tensorgrad/tensor';
 * const b = getBackend();
 * const missing = PRIMITIVES.filter((p) => typeof b[p] !== 'function');
 * if (missing.length > 0) throw new Error(`missing primitives: ${missing.join()}`);
 * ```
 */
export const PRIMITIVES = [
  'upload',
  'download',
  'dispose',
  'memory',
  'fill',
  'copy',
  'setSlice',
  'unary',
  'binary',
  'where',
  'reduce',
  'cumsum',
  'sort',
  'matmul',
  'unfold',
  'fold',
  'gather',
  'scatterAdd',
] as const satisfies readonly (keyof Backend)[];
