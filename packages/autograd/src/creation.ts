/**
 * Creation functions: the raw ones, returning autograd tensors, plus a `requiresGrad` option
 * that makes the result a leaf whose gradient backward will compute.
 */
import * as raw from '@tensorgrad/tensor';
import type { CreationOptions, RandomOptions, TensorLike, TensorOptions } from '@tensorgrad/tensor';
import { lower } from './define-op.js';
import { Tensor } from './tensor.js';

/** The autograd option every creation function accepts. */
export interface GradOption {
  /** Make the tensor a leaf that requires grad (float dtypes only). Default false. */
  readonly requiresGrad?: boolean;
}

/** A shape followed optionally by options: `zeros([2, 3], opts)` or `zeros(2, 3)`. */
export type ShapeAndOptions<O> = (number | readonly number[] | O)[];

/** The `requiresGrad` flag of the options object among `args`, if any. */
function requiresGradIn(args: readonly unknown[]): boolean {
  for (const a of args) {
    if (typeof a === 'object' && a !== null && !Array.isArray(a) && 'requiresGrad' in a) {
      return (a as GradOption).requiresGrad === true;
    }
  }
  return false;
}

/**
 * Wraps a raw tensor (shared, not copied) as an autograd leaf.
 * @example fromRaw(raw.zeros([2]), true).requiresGrad; // true (raw = @tensorgrad/tensor)
 */
export function fromRaw(value: raw.Tensor, requiresGrad = false): Tensor {
  return new Tensor(value, requiresGrad);
}

/** A tensor from nested arrays, typed arrays or scalars. @example tensor([[1, 2]], { requiresGrad: true }) */
export function tensor(values: TensorLike, options: TensorOptions & GradOption = {}): Tensor {
  return fromRaw(raw.tensor(values, options), options.requiresGrad);
}

/** Zeros. @example zeros([2, 3], { requiresGrad: true }) */
export function zeros(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.zeros(...args), requiresGradIn(args));
}

/** Ones. @example ones(2, 3) */
export function ones(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.ones(...args), requiresGradIn(args));
}

/** Uninitialised memory (zeros on every current backend). @example empty([4]) */
export function empty(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.empty(...args), requiresGradIn(args));
}

/** A tensor filled with `value`. @example full([2], 7) */
export function full(
  shape: readonly number[] | number,
  value: number | boolean,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.full(shape, value, options), options.requiresGrad);
}

/** Zeros shaped like `t`. @example zerosLike(x) */
export function zerosLike(
  t: Tensor | raw.Tensor,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.zerosLike(lower(t), options), options.requiresGrad);
}

/** Ones shaped like `t`. @example onesLike(x) */
export function onesLike(
  t: Tensor | raw.Tensor,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.onesLike(lower(t), options), options.requiresGrad);
}

/** `value` everywhere, shaped like `t`. @example fullLike(x, 2) */
export function fullLike(
  t: Tensor | raw.Tensor,
  value: number | boolean,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.fullLike(lower(t), value, options), options.requiresGrad);
}

/** Uninitialised, shaped like `t`. @example emptyLike(x) */
export function emptyLike(
  t: Tensor | raw.Tensor,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.emptyLike(lower(t), options), options.requiresGrad);
}

/** `start, start + step, ...` below `end`. @example arange(0, 1, 0.25) */
export function arange(
  start: number,
  end?: number | (CreationOptions & GradOption),
  step?: number | (CreationOptions & GradOption),
  options?: CreationOptions & GradOption,
): Tensor {
  return fromRaw(raw.arange(start, end, step, options), requiresGradIn([end, step, options]));
}

/** `steps` evenly spaced values from `start` to `end` inclusive. @example linspace(0, 1, 5) */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.linspace(start, end, steps, options), options.requiresGrad);
}

/** The identity matrix (n × m). @example eye(3) */
export function eye(
  n: number,
  m?: number | (CreationOptions & GradOption),
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.eye(n, m, options), requiresGradIn([m, options]));
}

/** Uniform samples in [0, 1). @example rand([2, 2], { generator: new Generator(0) }) */
export function rand(...args: ShapeAndOptions<RandomOptions & GradOption>): Tensor {
  return fromRaw(raw.rand(...args), requiresGradIn(args));
}

/** Standard normal samples. @example randn([2, 2], { requiresGrad: true }) */
export function randn(...args: ShapeAndOptions<RandomOptions & GradOption>): Tensor {
  return fromRaw(raw.randn(...args), requiresGradIn(args));
}

/** Integers uniform in [low, high) (int32, so never requires grad). @example randint(0, 10, [3]) */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): Tensor {
  return fromRaw(raw.randint(low, high, shape, options));
}

/** 1 with probability `p`, else 0. @example bernoulli(0.5, [4]) */
export function bernoulli(
  p: number | Tensor | raw.Tensor,
  shape?: readonly number[],
  options: RandomOptions & GradOption = {},
): Tensor {
  return fromRaw(
    raw.bernoulli(typeof p === 'number' ? p : lower(p), shape, options),
    options.requiresGrad,
  );
}

/** Uniform samples shaped like `t`. @example randLike(x) */
export function randLike(t: Tensor | raw.Tensor, options: RandomOptions & GradOption = {}): Tensor {
  return fromRaw(raw.randLike(lower(t), options), options.requiresGrad);
}

/** Normal samples shaped like `t`. @example randnLike(x) */
export function randnLike(
  t: Tensor | raw.Tensor,
  options: RandomOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.randnLike(lower(t), options), options.requiresGrad);
}
