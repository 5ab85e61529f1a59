/**
 * Parameter initialisation, as `torch.nn.init`: each function overwrites a tensor's value in
 * place (through `assign`, without recording a graph) and returns the tensor.
 *
 * Random numbers come from the seedable host-side generator of `@tensorgrad/tensor`, so a seed
 * reproduces a model on every backend (though not PyTorch's exact numbers).
 */
import { noGrad } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { defaultGenerator, full, rand, randn, tidy } from '@tensorgrad/autograd';
import type { Generator } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** Options shared by the random initialisers. */
export interface RandomInitOptions {
  /** Where the random numbers come from (default: the global generator). */
  generator?: Generator;
}

/** Copy `make()`'s result into `t` (in place); the temporaries are freed. */
function fill<T extends Tensor>(t: T, make: () => Tensor): T {
  tidy(() => noGrad(() => t.assign(make())));
  return t;
}

/** Fill `t` with samples of U(low, high). */
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

/** Fill `t` with samples of N(mean, std²). */
export function normal_<T extends Tensor>(
  t: T,
  mean = 0,
  std = 1,
  options: RandomInitOptions = {},
): T {
  const generator = options.generator ?? defaultGenerator();
  return fill(t, () => randn(t.shape, { dtype: t.dtype, generator }).mul(std).add(mean));
}

/** Fill `t` with `value`. */
export function constant_<T extends Tensor>(t: T, value: number): T {
  return fill(t, () => full(t.shape, value, { dtype: t.dtype }));
}

/** Fill `t` with zeros. */
export function zeros_<T extends Tensor>(t: T): T {
  return constant_(t, 0);
}

/** Fill `t` with ones. */
export function ones_<T extends Tensor>(t: T): T {
  return constant_(t, 1);
}

/**
 * `fan_in` and `fan_out` of a weight laid out as PyTorch's: `[out, in, ...kernel]`.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { init } from '@tensorgrad/nn';
 * const { fanIn, fanOut } = init.calculateFanInAndFanOut(zeros([8, 3, 3, 3]));
 * if (fanIn !== 27 || fanOut !== 72) throw new Error(`fans ${fanIn}, ${fanOut}`);
 * ```
 */
export function calculateFanInAndFanOut(t: { readonly shape: readonly number[] }): {
  fanIn: number;
  fanOut: number;
} {
  if (t.shape.length < 2) {
    throw new Error(
      `calculateFanInAndFanOut: got a tensor of shape ${shapeString(t.shape)}; expected at least 2 dimensions`,
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
 * ```ts
 * import { init } from '@tensorgrad/nn';
 * const gain = init.calculateGain('leaky_relu', Math.sqrt(5));
 * if (Math.abs(gain - Math.sqrt(2 / 6)) > 1e-12) throw new Error(`gain ${gain}`);
 * ```
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
 * ```ts
 * import { Linear, init } from '@tensorgrad/nn';
 * const linear = new Linear(16, 4);
 * init.kaimingUniform_(linear.weight, { a: Math.sqrt(5) }); // bound 1 / √16
 * if (Number(linear.weight.abs().max().item()) > 0.25) throw new Error('within 1 / √fanIn');
 * ```
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

/** Glorot-uniform initialisation: U(-b, b) with b = gain · sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform_<T extends Tensor>(
  t: T,
  gain = 1,
  options: RandomInitOptions = {},
): T {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, options);
}
