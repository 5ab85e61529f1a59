/**
 * Creating tensors: from JS values, filled, ranges, identity, and random.
 *
 * JS has one number type, so `tensor([1, 2])` cannot tell ints from floats: plain numbers give
 * float32 (as tf.js does; ask for `{ dtype: 'int32' }`), booleans give bool, and typed arrays
 * give their own dtype. `arange` with all-integer arguments gives int32, as torch gives int64.
 */
import type { DType, TypedArray } from './backend/backend.js';
import { chooseBackend } from './backend/dispatch.js';
import { assertDType, checkInt32Range, typedArray } from './dtype.js';
import { Generator, defaultGenerator } from './random.js';
import { checkElementCount, checkShape, shapeString, sizeOf } from './shape.js';
import { NDArray, fromData } from './ndarray.js';

/** Where and as what a new tensor is created. */
export interface CreationOptions {
  /** Element type (default: inferred from the values, else float32). */
  readonly dtype?: DType;
  /** Backend name (default: the current backend). float64 on gpu goes to cpu. */
  readonly backend?: string;
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreationOptions {
  /** The generator to draw from (default: the global one, see `manualSeed`). */
  readonly generator?: Generator;
}

/** Options of {@link tensor}: a flat input may be given its shape. */
export interface TensorOptions extends CreationOptions {
  readonly shape?: readonly number[];
}

/**
 * Values `tensor()` accepts: numbers, booleans, nested arrays of them, or a typed array.
 * @example
 * ```ts
 * import { type TensorLike, tensor } from '@tensorgrad/tensor';
 * const inputs: TensorLike[] = [3, true, [1, 2], [[1], [2]], new Int32Array([1, 2])];
 * const dtypes = inputs.map((v) => tensor(v).dtype);
 * if (dtypes.join() !== 'float32,bool,float32,float32,int32') throw new Error('TensorLike');
 * ```
 */
export type TensorLike = number | boolean | TypedArray | ArrayLike<number> | readonly TensorLike[];

/** Upload host values as a new tensor. @internal */
export function fromHost(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
  backend?: string,
): NDArray {
  const b = chooseBackend([dtype], backend);
  return fromData(b, b.upload(values, dtype), shape, dtype);
}

/** Walk nested arrays, collecting the shape and the flat values; checks the nesting is rectangular. */
function flattenNested(values: TensorLike): { shape: number[]; flat: number[]; allBool: boolean } {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe) || ArrayBuffer.isView(probe)) {
    const arr = probe as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    probe = arr[0];
  }
  const flat: number[] = [];
  let allBool = true;
  let sawValue = false;
  const walk = (v: unknown, dim: number, path: string): void => {
    if (dim === shape.length) {
      if (typeof v === 'boolean') {
        flat.push(v ? 1 : 0);
      } else if (typeof v === 'number') {
        allBool = false;
        flat.push(v);
      } else {
        throw new Error(
          `tensor: expected a number or boolean at ${path || 'the top level'}, got ${Array.isArray(v) ? 'an array' : typeof v}`,
        );
      }
      sawValue = true;
      return;
    }
    if (
      !(Array.isArray(v) || ArrayBuffer.isView(v)) ||
      (v as ArrayLike<unknown>).length !== shape[dim]
    ) {
      throw new Error(
        `tensor: ragged nested array at ${path || 'the top level'} (expected length ${shape[dim]} at dim ${dim})`,
      );
    }
    const arr = v as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) walk(arr[i], dim + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  return { shape, flat, allBool: allBool && sawValue };
}

/**
 * A tensor holding `values` (nested arrays, a typed array, a number or a boolean).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * const x = tensor([[1, 2], [3, 4]]);
 * if (x.shape.join() !== '2,2' || x.dtype !== 'float32') throw new Error('tensor');
 * const y = tensor(new Float64Array(6), { shape: [2, 3] });
 * if (y.shape.join() !== '2,3' || y.dtype !== 'float64') throw new Error('typed array');
 * ```
 */
export function tensor(values: TensorLike, options: TensorOptions = {}): NDArray {
  if (options.dtype !== undefined) assertDType('tensor', options.dtype);
  if (ArrayBuffer.isView(values)) {
    const typed = values as unknown as TypedArray;
    const shape = options.shape ? [...options.shape] : [typed.length];
    checkSize('tensor', shape, typed.length);
    const inferred =
      values instanceof Float64Array
        ? 'float64'
        : values instanceof Float32Array
          ? 'float32'
          : 'int32';
    const dtype = options.dtype ?? inferred;
    if (dtype === 'int32') checkInt32Range('tensor', typed);
    return fromHost(typed, shape, dtype, options.backend);
  }
  const { shape: nestedShape, flat, allBool } = flattenNested(values);
  const shape = options.shape ? [...options.shape] : nestedShape;
  checkSize('tensor', shape, flat.length);
  const dtype = options.dtype ?? (allBool ? 'bool' : 'float32');
  if (dtype === 'int32') checkInt32Range('tensor', flat);
  return fromHost(typedArray(dtype, flat), shape, dtype, options.backend);
}

function checkSize(op: string, shape: readonly number[], n: number): void {
  checkShape(op, shape);
  if (sizeOf(shape) !== n) {
    throw new Error(`${op}: shape ${shapeString(shape)} needs ${sizeOf(shape)} values, got ${n}`);
  }
}

/**
 * The arguments of `zeros`, `ones`, `rand`, ...: a shape (as one array or as numbers) followed
 * optionally by options: `zeros([2, 3], opts)` or `zeros(2, 3)`.
 */
export type ShapeAndOptions<O> = (number | readonly number[] | O)[];

function parseShapeArgs<O extends object>(
  op: string,
  args: ShapeAndOptions<O>,
): { shape: number[]; options: O } {
  let options = {} as O;
  const rest = [...args];
  const last = rest[rest.length - 1];
  if (last !== undefined && typeof last === 'object' && !Array.isArray(last)) {
    options = last as O;
    rest.pop();
  }
  const shape =
    rest.length === 1 && Array.isArray(rest[0]) ? [...(rest[0] as number[])] : (rest as number[]);
  checkShape(op, shape);
  return { shape, options };
}

/** A tensor of `shape` filled with `value` (bool for booleans, else float32 unless `dtype`). */
export function full(
  shape: readonly number[] | number,
  value: number | boolean,
  options: CreationOptions = {},
): NDArray {
  const dims = typeof shape === 'number' ? [shape] : [...shape];
  checkShape('full', dims);
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    // A tensor or an object would become NaN through Number(): refuse instead.
    const what = value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value;
    throw new TypeError(
      `full: the fill value must be a number or a boolean, got ${what}` +
        ' (for a tensor value use .item() to read it, or broadcast with expand)',
    );
  }
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32');
  assertDType('full', dtype);
  if (dtype === 'int32') checkInt32Range('full', [Number(value)]);
  const b = chooseBackend([dtype], options.backend);
  return fromData(b, b.fill(sizeOf(dims), Number(value), dtype), dims, dtype);
}

/** Zeros. */
export function zeros(...args: ShapeAndOptions<CreationOptions>): NDArray {
  const { shape, options } = parseShapeArgs('zeros', args);
  return full(shape, 0, options);
}

/** Ones. */
export function ones(...args: ShapeAndOptions<CreationOptions>): NDArray {
  const { shape, options } = parseShapeArgs('ones', args);
  return full(shape, 1, options);
}

/** Uninitialised in torch; here zero-filled (a backend has no cheaper allocation). */
export function empty(...args: ShapeAndOptions<CreationOptions>): NDArray {
  const { shape, options } = parseShapeArgs('empty', args);
  return full(shape, 0, options);
}

/** Zeros with `t`'s shape and dtype. */
export function zerosLike(t: NDArray, options: CreationOptions = {}): NDArray {
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

/** Ones with `t`'s shape and dtype. */
export function onesLike(t: NDArray, options: CreationOptions = {}): NDArray {
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

/** `value` with `t`'s shape and dtype. */
export function fullLike(
  t: NDArray,
  value: number | boolean,
  options: CreationOptions = {},
): NDArray {
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/** Like `zerosLike` (tensors are always initialised here). */
export function emptyLike(t: NDArray, options: CreationOptions = {}): NDArray {
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

/**
 * `[start, start + step, ...)` up to (excluding) `end`; `arange(n)` is `[0, n)`.
 * int32 when every argument is an integer, else float32.
 * @example
 * ```ts
 * import { arange } from '@tensorgrad/tensor';
 * const x = arange(1, 7, 2);
 * if (x.dtype !== 'int32' || String(x.toArray()) !== '1,3,5') throw new Error('arange');
 * if (String(arange(0, 1, 0.25).toArray()) !== '0,0.25,0.5,0.75') throw new Error('float arange');
 * ```
 */
export function arange(
  start: number,
  end?: number | CreationOptions,
  step?: number | CreationOptions,
  options?: CreationOptions,
): NDArray {
  const nums = [start, end, step].filter((v): v is number => typeof v === 'number');
  const opts =
    options ??
    ([end, step].find((v) => typeof v === 'object') as CreationOptions | undefined) ??
    {};
  const [s, e, st] =
    nums.length === 1
      ? [0, nums[0] as number, 1]
      : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
  if (st === 0 || !Number.isFinite(st) || !Number.isFinite(s) || !Number.isFinite(e)) {
    throw new Error(
      `arange: start ${s}, end ${e} and step ${st} must be finite with a non-zero step`,
    );
  }
  const n = Math.max(0, Math.ceil((e - s) / st));
  checkElementCount('arange', [n]);
  const dtype = opts.dtype ?? (nums.every(Number.isInteger) ? 'int32' : 'float32');
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = s + i * st;
  // torch wraps an int32 arange past 2^31 - 1 silently; a wrapped range is never wanted.
  if (dtype === 'int32') checkInt32Range('arange', values);
  return fromHost(typedArray(dtype, values), [n], dtype, opts.backend);
}

/** `steps` evenly spaced values from `start` to `end` inclusive (float32 unless `dtype`). */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: CreationOptions = {},
): NDArray {
  if (!Number.isInteger(steps) || steps < 0)
    throw new Error(`linspace: steps must be a non-negative integer, got ${steps}`);
  checkElementCount('linspace', [steps]);
  const values = new Float64Array(steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends so that the last value is exactly `end`, as torch does.
  for (let i = 0; i < steps; i++)
    values[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
  const dtype = options.dtype ?? 'float32';
  if (dtype === 'int32') checkInt32Range('linspace', values);
  return fromHost(typedArray(dtype, values), [steps], dtype, options.backend);
}

/** The n × m identity (ones on the main diagonal). */
export function eye(
  n: number,
  m?: number | CreationOptions,
  options: CreationOptions = {},
): NDArray {
  const cols = typeof m === 'number' ? m : n;
  const opts = typeof m === 'object' ? m : options;
  checkShape('eye', [n, cols]);
  const dtype = opts.dtype ?? 'float32';
  const values = typedArray(dtype, n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) values[i * cols + i] = 1;
  return fromHost(values, [n, cols], dtype, opts.backend);
}

function randomTensor(
  op: string,
  args: ShapeAndOptions<RandomOptions>,
  sample: (g: Generator) => number,
): NDArray {
  const { shape, options } = parseShapeArgs(op, args);
  const g = options.generator ?? defaultGenerator();
  const dtype = options.dtype ?? 'float32';
  const values = new Float64Array(sizeOf(shape));
  for (let i = 0; i < values.length; i++) values[i] = sample(g);
  return fromHost(typedArray(dtype, values), shape, dtype, options.backend);
}

/** Uniform samples in [0, 1). */
export function rand(...args: ShapeAndOptions<RandomOptions>): NDArray {
  return randomTensor('rand', args, (g) => g.uniform());
}

/** Standard normal samples. */
export function randn(...args: ShapeAndOptions<RandomOptions>): NDArray {
  return randomTensor('randn', args, (g) => g.normal());
}

/** Uniform integers in [low, high), int32. */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): NDArray {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: expected integers low < high, got low ${low} and high ${high}`);
  }
  if (options.dtype === undefined || options.dtype === 'int32') {
    checkInt32Range('randint', [low, high - 1]);
  }
  return randomTensor('randint', [shape, { dtype: 'int32', ...options }], (g) =>
    g.integer(low, high),
  );
}

/**
 * A random permutation of `0 .. n-1` (int32 unless `dtype`), shuffled by Fisher–Yates with the
 * generator, so a seed gives the same order on every backend (not torch's order).
 */
export function randperm(n: number, options: RandomOptions = {}): NDArray {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`randperm: expected a non-negative integer n, got ${n}`);
  }
  const dtype = options.dtype ?? 'int32';
  if (dtype === 'bool') {
    throw new Error("randperm: dtype bool cannot hold the values 0 .. n-1; use 'int32'");
  }
  const g = options.generator ?? defaultGenerator();
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    const swap = values[i] as number;
    values[i] = values[j] as number;
    values[j] = swap;
  }
  return fromHost(typedArray(dtype, values), [n], dtype, options.backend);
}

/**
 * 1 with probability `p` (a number with a `shape`, or a tensor of probabilities), else 0;
 * float32 unless `dtype`.
 */
export function bernoulli(
  p: number | NDArray,
  shape?: readonly number[],
  options: RandomOptions = {},
): NDArray {
  const g = options.generator ?? defaultGenerator();
  let probs: ArrayLike<number>;
  let outShape: readonly number[];
  if (p instanceof NDArray) {
    probs = p.data();
    outShape = p.shape;
  } else {
    if (shape === undefined) throw new Error('bernoulli: a number p needs a shape, got none');
    checkShape('bernoulli', shape);
    probs = new Float64Array(sizeOf(shape)).fill(p);
    outShape = shape;
  }
  const values = new Float64Array(probs.length);
  for (let i = 0; i < values.length; i++) {
    const pi = probs[i] as number;
    if (!(pi >= 0 && pi <= 1)) throw new Error(`bernoulli: probability ${pi} is outside [0, 1]`);
    values[i] = g.uniform() < pi ? 1 : 0;
  }
  const dtype =
    options.dtype ?? (p instanceof NDArray && p.dtype === 'float64' ? 'float64' : 'float32');
  return fromHost(typedArray(dtype, values), outShape, dtype, options.backend);
}

/** Uniform samples with `t`'s shape (and float dtype). */
export function randLike(t: NDArray, options: RandomOptions = {}): NDArray {
  return rand([...t.shape], { dtype: t.dtype === 'float64' ? 'float64' : 'float32', ...options });
}

/**
 * Normal samples with `t`'s shape.
 * @example
 * ```ts
 * import { randnLike, zeros } from '@tensorgrad/tensor';
 * const x = randnLike(zeros([3], { dtype: 'int32' })); // ints give float32
 * if (x.shape.join() !== '3' || x.dtype !== 'float32') throw new Error('randnLike');
 * ```
 */
export function randnLike(t: NDArray, options: RandomOptions = {}): NDArray {
  return randn([...t.shape], { dtype: t.dtype === 'float64' ? 'float64' : 'float32', ...options });
}
