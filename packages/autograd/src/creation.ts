/**
 * Creation functions: the raw ones, returning autograd tensors, plus a `requiresGrad` option
 * that makes the result a leaf whose gradient backward will compute.
 */
import * as raw from '@tensorgrad/tensor';
import type { CreationOptions, RandomOptions, TensorLike, TensorOptions } from '@tensorgrad/tensor';
import { lower } from './define-op.js';
import { Tensor } from './tensor.js';

/**
 * The autograd option every creation function accepts.
 * @example
 * ```ts
 * import { type GradOption, zeros } from '@tensorgrad/autograd';
 * const options: GradOption = { requiresGrad: true };
 * if (!zeros([2], options).requiresGrad) throw new Error('GradOption');
 * ```
 */
export interface GradOption {
  /** Make the tensor a leaf that requires grad (float dtypes only). Default false. */
  readonly requiresGrad?: boolean;
}

/**
 * A shape followed optionally by options: `zeros([2, 3], opts)` or `zeros(2, 3)`.
 * @example
 * ```ts
 * import { type GradOption, type ShapeAndOptions, zeros } from '@tensorgrad/autograd';
 * const args: ShapeAndOptions<GradOption> = [2, 3, { requiresGrad: true }];
 * const x = zeros(...args);
 * if (x.shape.join() !== '2,3' || !x.requiresGrad) throw new Error('ShapeAndOptions');
 * ```
 */
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
 * Wraps an NDArray of the array layer (shared, not copied) as a leaf: the bridge for code below
 * the public surface; user code never needs it.
 * @example
 * ```ts
 * import { zeros as rawZeros } from '@tensorgrad/tensor';
 * import { fromRaw } from '@tensorgrad/autograd';
 * const value = rawZeros([2]);
 * const x = fromRaw(value, true);
 * if (!x.requiresGrad || x.value !== value) throw new Error('fromRaw shares the NDArray');
 * ```
 */
export function fromRaw(value: raw.NDArray, requiresGrad = false): Tensor {
  return new Tensor(value, requiresGrad);
}

/**
 * A tensor from nested arrays, typed arrays or scalars.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * const x = tensor([[1, 2]], { requiresGrad: true });
 * if (x.shape.join() !== '1,2' || !x.requiresGrad) throw new Error('tensor');
 * ```
 */
export function tensor(values: TensorLike, options: TensorOptions & GradOption = {}): Tensor {
  return fromRaw(raw.tensor(values, options), options.requiresGrad);
}

/**
 * Zeros.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * const x = zeros([2, 3], { requiresGrad: true });
 * if (x.shape.join() !== '2,3' || !x.requiresGrad) throw new Error('zeros');
 * ```
 */
export function zeros(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.zeros(...args), requiresGradIn(args));
}

/**
 * Ones.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * if (ones(2, 3).shape.join() !== '2,3') throw new Error('ones');
 * ```
 */
export function ones(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.ones(...args), requiresGradIn(args));
}

/**
 * Uninitialised memory (zeros on every current backend).
 * @example
 * ```ts
 * import { empty } from '@tensorgrad/autograd';
 * if (empty([4]).shape.join() !== '4') throw new Error('empty');
 * ```
 */
export function empty(...args: ShapeAndOptions<CreationOptions & GradOption>): Tensor {
  return fromRaw(raw.empty(...args), requiresGradIn(args));
}

/**
 * A tensor filled with `value`.
 * @example
 * ```ts
 * import { full } from '@tensorgrad/autograd';
 * if (String(full([2], 7).toArray()) !== '7,7') throw new Error('full');
 * ```
 */
export function full(
  shape: readonly number[] | number,
  value: number | boolean,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.full(shape, value, options), options.requiresGrad);
}

/**
 * Zeros shaped like `t`.
 * @example
 * ```ts
 * import { ones, zerosLike } from '@tensorgrad/autograd';
 * if (String(zerosLike(ones([2])).toArray()) !== '0,0') throw new Error('zerosLike');
 * ```
 */
export function zerosLike(t: Tensor, options: CreationOptions & GradOption = {}): Tensor {
  return fromRaw(raw.zerosLike(lower(t), options), options.requiresGrad);
}

/**
 * Ones shaped like `t`.
 * @example
 * ```ts
 * import { onesLike, zeros } from '@tensorgrad/autograd';
 * const x = onesLike(zeros([2]), { requiresGrad: true });
 * if (String(x.toArray()) !== '1,1' || !x.requiresGrad) throw new Error('onesLike');
 * ```
 */
export function onesLike(t: Tensor, options: CreationOptions & GradOption = {}): Tensor {
  return fromRaw(raw.onesLike(lower(t), options), options.requiresGrad);
}

/**
 * `value` everywhere, shaped like `t`.
 * @example
 * ```ts
 * import { fullLike, ones } from '@tensorgrad/autograd';
 * if (String(fullLike(ones([2]), 2).toArray()) !== '2,2') throw new Error('fullLike');
 * ```
 */
export function fullLike(
  t: Tensor,
  value: number | boolean,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.fullLike(lower(t), value, options), options.requiresGrad);
}

/**
 * Uninitialised, shaped like `t`.
 * @example
 * ```ts
 * import { emptyLike, ones } from '@tensorgrad/autograd';
 * if (emptyLike(ones([2])).shape.join() !== '2') throw new Error('emptyLike');
 * ```
 */
export function emptyLike(t: Tensor, options: CreationOptions & GradOption = {}): Tensor {
  return fromRaw(raw.emptyLike(lower(t), options), options.requiresGrad);
}

/**
 * `start, start + step, ...` below `end`.
 * @example
 * ```ts
 * import { arange } from '@tensorgrad/autograd';
 * if (String(arange(0, 1, 0.25).toArray()) !== '0,0.25,0.5,0.75') throw new Error('arange');
 * if (arange(3).dtype !== 'int32') throw new Error('integer arange');
 * ```
 */
export function arange(
  start: number,
  end?: number | (CreationOptions & GradOption),
  step?: number | (CreationOptions & GradOption),
  options?: CreationOptions & GradOption,
): Tensor {
  return fromRaw(raw.arange(start, end, step, options), requiresGradIn([end, step, options]));
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive.
 * @example
 * ```ts
 * import { linspace } from '@tensorgrad/autograd';
 * if (String(linspace(0, 1, 5).toArray()) !== '0,0.25,0.5,0.75,1') throw new Error('linspace');
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.linspace(start, end, steps, options), options.requiresGrad);
}

/**
 * The identity matrix (n × m).
 * @example
 * ```ts
 * import { eye } from '@tensorgrad/autograd';
 * if (JSON.stringify(eye(2).toArray()) !== '[[1,0],[0,1]]') throw new Error('eye');
 * ```
 */
export function eye(
  n: number,
  m?: number | (CreationOptions & GradOption),
  options: CreationOptions & GradOption = {},
): Tensor {
  return fromRaw(raw.eye(n, m, options), requiresGradIn([m, options]));
}

/**
 * Uniform samples in [0, 1).
 * @example
 * ```ts
 * import { Generator } from '@tensorgrad/tensor';
 * import { rand } from '@tensorgrad/autograd';
 * const x = rand([2, 2], { generator: new Generator(0) });
 * if (x.shape.join() !== '2,2' || (x.max().item() as number) >= 1) throw new Error('rand');
 * ```
 */
export function rand(...args: ShapeAndOptions<RandomOptions & GradOption>): Tensor {
  return fromRaw(raw.rand(...args), requiresGradIn(args));
}

/**
 * Standard normal samples.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * const w = randn([2, 2], { requiresGrad: true });
 * if (!w.requiresGrad || w.shape.join() !== '2,2') throw new Error('randn');
 * ```
 */
export function randn(...args: ShapeAndOptions<RandomOptions & GradOption>): Tensor {
  return fromRaw(raw.randn(...args), requiresGradIn(args));
}

/**
 * Integers uniform in [low, high) (int32, so never requires grad).
 * @example
 * ```ts
 * import { randint } from '@tensorgrad/autograd';
 * const x = randint(0, 10, [3]);
 * if (x.dtype !== 'int32' || x.requiresGrad) throw new Error('randint');
 * ```
 */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): Tensor {
  return fromRaw(raw.randint(low, high, shape, options));
}

/**
 * A random permutation of `0 .. n-1` (`torch.randperm`; int32, as there is no int64). The
 * shuffle is Fisher–Yates driven by the generator, so a seed fixes the order on every backend.
 * @example
 * ```ts
 * import { Generator, randperm } from '@tensorgrad/autograd';
 * const order = randperm(5, { generator: new Generator(1) }).toArray() as number[];
 * if ([...order].sort().join() !== '0,1,2,3,4') throw new Error('each index exactly once');
 * const again = randperm(5, { generator: new Generator(1) }).toArray();
 * if (String(again) !== String(order)) throw new Error('the same seed gives the same order');
 * ```
 */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  return fromRaw(raw.randperm(n, options));
}

/**
 * 1 with probability `p`, else 0.
 * @example
 * ```ts
 * import { bernoulli } from '@tensorgrad/autograd';
 * const x = bernoulli(0.5, [4]);
 * if (!x.eq(0).logicalOr(x.eq(1)).all().itemBool()) throw new Error('bernoulli');
 * ```
 */
export function bernoulli(
  p: number | Tensor,
  shape?: readonly number[],
  options: RandomOptions & GradOption = {},
): Tensor {
  return fromRaw(
    raw.bernoulli(typeof p === 'number' ? p : lower(p), shape, options),
    options.requiresGrad,
  );
}

/**
 * Uniform samples shaped like `t`.
 * @example
 * ```ts
 * import { randLike, zeros } from '@tensorgrad/autograd';
 * if (randLike(zeros([2, 3])).shape.join() !== '2,3') throw new Error('randLike');
 * ```
 */
export function randLike(t: Tensor, options: RandomOptions & GradOption = {}): Tensor {
  return fromRaw(raw.randLike(lower(t), options), options.requiresGrad);
}

/**
 * Normal samples shaped like `t`.
 * @example
 * ```ts
 * import { randnLike, zeros } from '@tensorgrad/autograd';
 * const x = randnLike(zeros([2]), { requiresGrad: true });
 * if (!x.requiresGrad) throw new Error('randnLike');
 * ```
 */
export function randnLike(t: Tensor, options: RandomOptions & GradOption = {}): Tensor {
  return fromRaw(raw.randnLike(lower(t), options), options.requiresGrad);
}
