/**
 * Activation functions: gelu, relu, leakyRelu, elu, softplus, silu, tanh, sigmoid, softmax,
 * logSoftmax.
 */
import type { Tensor } from '@tensorgrad/autograd';

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** `'none'` (default): the exact erf form; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU. The default is the exact form `x · Φ(x) = 0.5 x (1 + erf(x / √2))`, which is what
 * `nn.GELU()` computes; the parity fixtures fail with the tanh approximation.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { gelu } from '@tensorgrad/nn';
 * const x = tensor([1]);
 * const exact = Number(gelu(x).item());
 * const approx = Number(gelu(x, { approximate: 'tanh' }).item());
 * if (Math.abs(exact - 0.8413) > 1e-4 || Math.abs(approx - exact) > 1e-3) throw new Error('GELU(1)');
 * ```
 */
export function gelu(input: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate === 'none') return input.gelu();
  if (approximate !== 'tanh') {
    throw new Error(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  }
  // 0.5 x (1 + tanh(sqrt(2/π) (x + 0.044715 x³)))
  const inner = input.add(input.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return input.mul(inner.tanh().add(1)).mul(0.5);
}

/** max(x, 0). */
export function relu(input: Tensor): Tensor {
  return input.relu();
}

/** `x` where `x > 0`, else `negativeSlope · x` (`torch.nn.functional.leaky_relu`). */
export function leakyRelu(input: Tensor, negativeSlope = 0.01): Tensor {
  return input.leakyRelu(negativeSlope);
}

/** `x` where `x > 0`, else `alpha (eˣ − 1)` (`torch.nn.functional.elu`). */
export function elu(input: Tensor, alpha = 1): Tensor {
  return input.elu(alpha);
}

/**
 * `log(1 + e^(βx)) / β`, and `x` itself where `βx > threshold` (`torch.nn.functional.softplus`):
 * past the threshold the two agree to within e^(−threshold), and e^(βx) would overflow.
 */
export function softplus(input: Tensor, beta = 1, threshold = 20): Tensor {
  return input.softplus(beta, threshold);
}

/** `x σ(x)` (SiLU, also called swish). */
export function silu(input: Tensor): Tensor {
  return input.silu();
}

/** Hyperbolic tangent. */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** The logistic function `1 / (1 + e^(−x))`. */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/**
 * Softmax along `dim` (max-subtracted, so large logits do not overflow).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { softmax } from '@tensorgrad/nn';
 * const p = [...softmax(tensor([[1000, 1000]]), -1).data()];
 * if (p.join() !== '0.5,0.5') throw new Error(`no overflow: ${p}`);
 * ```
 */
export function softmax(input: Tensor, dim: number): Tensor {
  return input.softmax(dim);
}

/** log(softmax(x)) along `dim`, computed stably (not as the log of a softmax). */
export function logSoftmax(input: Tensor, dim: number): Tensor {
  return input.logSoftmax(dim);
}
