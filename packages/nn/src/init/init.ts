/**
 * Parameter initialisation, as `torch.nn.init`: each function overwrites a tensor's value in
 * place (through `assign`, without recording a graph) and returns the tensor.
 *
 * Random numbers come from the seedable host-side generator of `@tensorgrad/tensor`, so a seed
 * reproduces a model on every backend (though not PyTorch's exact numbers).
 */
import { noGrad } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { defaultGenerator, full, keep, rand, randn, tidy } from '@tensorgrad/tensor';
import type { Generator, Tensor as RawTensor } from '@tensorgrad/tensor';

/** Options shared by the random initialisers. */
export interface RandomInitOptions {
  /** Where the random numbers come from (default: the global generator). */
  generator?: Generator;
}

/** Replace `t`'s value with `make()`'s result, kept alive outside any `tidy` scope. */
function fill<T extends Tensor>(t: T, make: () => RawTensor): T {
  const value = keep(tidy(make));
  noGrad(() => t.assign(value));
  return t;
}

/**
 * Fill `t` with samples of U(low, high).
 * @example
 * uniform_(w, -0.1, 0.1);
 */
export function uniform_<T extends Tensor>(
  t: T,
  low = 0,
  high = 1,
  options: RandomInitOptions = {},
): T {
  const generator = options.generator ?? defaultGenerator();
  return fill(t, () =>
    rand(t.shape, { dtype: t.dtype, generator })
      .mul(high - low)
      .add(low),
  );
}

/**
 * Fill `t` with samples of N(mean, std²).
 * @example
 * normal_(embedding.weight); // N(0, 1)
 */
export function normal_<T extends Tensor>(
  t: T,
  mean = 0,
  std = 1,
  options: RandomInitOptions = {},
): T {
  const generator = options.generator ?? defaultGenerator();
  return fill(t, () => randn(t.shape, { dtype: t.dtype, generator }).mul(std).add(mean));
}

/**
 * Fill `t` with `value`.
 * @example
 * constant_(bias, 0.1);
 */
export function constant_<T extends Tensor>(t: T, value: number): T {
  return fill(t, () => full(t.shape, value, { dtype: t.dtype }));
}

/**
 * Fill `t` with zeros.
 * @example
 * zeros_(layerNorm.bias);
 */
export function zeros_<T extends Tensor>(t: T): T {
  return constant_(t, 0);
}

/**
 * Fill `t` with ones.
 * @example
 * ones_(layerNorm.weight);
 */
export function ones_<T extends Tensor>(t: T): T {
  return constant_(t, 1);
}

/**
 * `fan_in` and `fan_out` of a weight laid out as PyTorch's: `[out, in, ...kernel]`.
 * @example
 * calculateFanInAndFanOut(zeros([8, 3, 3, 3])); // { fanIn: 27, fanOut: 72 }
 */
export function calculateFanInAndFanOut(t: { readonly shape: readonly number[] }): {
  fanIn: number;
  fanOut: number;
} {
  if (t.shape.length < 2) {
    throw new Error(
      `calculateFanInAndFanOut: got a tensor of shape [${t.shape.join(', ')}]; expected at least 2 dimensions`,
    );
  }
  const receptiveField = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptiveField, fanOut: t.shape[0]! * receptiveField };
}

/** Nonlinearities known to {@link calculateGain}. */
export type Nonlinearity = 'linear' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu';

/**
 * The recommended gain for a nonlinearity (PyTorch's table).
 * @example
 * calculateGain('leaky_relu', Math.sqrt(5)); // sqrt(2 / 6)
 */
export function calculateGain(nonlinearity: Nonlinearity, param = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky_relu':
      return Math.sqrt(2 / (1 + param * param));
  }
}

/** Options of {@link kaimingUniform_}. */
export interface KaimingOptions extends RandomInitOptions {
  /** Negative slope of the leaky ReLU that follows (default 0). */
  a?: number;
  /** Which fan preserves the variance (default `'fanIn'`). */
  mode?: 'fanIn' | 'fanOut';
  /** Default `'leaky_relu'`. */
  nonlinearity?: Nonlinearity;
}

/**
 * He-uniform initialisation: U(-b, b) with b = gain · sqrt(3 / fan). PyTorch's Linear and Conv
 * layers use it with `a = sqrt(5)`, which makes b = 1 / sqrt(fan_in).
 * @example
 * kaimingUniform_(linear.weight, { a: Math.sqrt(5) });
 */
export function kaimingUniform_<T extends Tensor>(t: T, options: KaimingOptions = {}): T {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const fan = (options.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  const gain = calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0);
  // A zero fan (empty weight) has nothing to fill; PyTorch warns and returns it unchanged.
  if (fan === 0) return t;
  const bound = gain * Math.sqrt(3 / fan);
  return uniform_(t, -bound, bound, options);
}

/**
 * Glorot-uniform initialisation: U(-b, b) with b = gain · sqrt(6 / (fan_in + fan_out)).
 * @example
 * xavierUniform_(w);
 */
export function xavierUniform_<T extends Tensor>(
  t: T,
  gain = 1,
  options: RandomInitOptions = {},
): T {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, options);
}
