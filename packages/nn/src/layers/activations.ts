/**
 * Parameter-free activation layers: GELU, ReLU, LeakyReLU, ELU, Softplus, SiLU, Tanh, Sigmoid,
 * Softmax, LogSoftmax.
 */
import type { Tensor } from '@tensorgrad/autograd';
import {
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  relu,
  sigmoid,
  silu,
  softmax,
  softplus,
  tanh,
} from '../functional/activation.js';
import type { GeluOptions } from '../functional/activation.js';
import { Module } from '../module/module.js';
import { checkOptions } from '../module/options.js';

/**
 * GELU, exact (erf) by default, as `torch.nn.GELU()`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { GELU } from '@tensorgrad/nn';
 * const y = new GELU({ approximate: 'tanh' }).forward(randn([2, 3]));
 * if (y.shape.join() !== '2,3') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class GELU extends Module {
  /** `'none'` (exact) or `'tanh'`. */
  readonly approximate: 'none' | 'tanh';

  /** Create the layer: exact GELU unless `approximate: 'tanh'`. */
  constructor(options: GeluOptions = {}) {
    super();
    checkOptions<GeluOptions>('GELU', options, { approximate: 'optional' });
    this.approximate = options.approximate ?? 'none';
  }

  /** Elementwise GELU. */
  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }
}

/** max(x, 0), as `torch.nn.ReLU()`. */
export class ReLU extends Module {
  /** Elementwise ReLU. */
  forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/** Softmax along `dim`, as `torch.nn.Softmax(dim)`. */
export class Softmax extends Module {
  /** Create the layer for dimension `dim` (negative counts from the end). */
  constructor(readonly dim: number) {
    super();
  }

  /** Softmax along `dim`. */
  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }
}

/** Throw unless a hyperparameter passed positionally is a number (a JS caller might pass `{ alpha: 1 }`). */
function checkNumber(owner: string, name: string, value: unknown, integer = false): void {
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    const got = typeof value === 'object' ? JSON.stringify(value) : String(value);
    throw new Error(
      `${owner}: expected ${name} to be ${integer ? 'an integer' : 'a number'}, got ${got}`,
    );
  }
}

/** `x` where `x > 0`, else `negativeSlope · x`, as `torch.nn.LeakyReLU(negative_slope)`. */
export class LeakyReLU extends Module {
  /** Create the layer; PyTorch's default slope is 0.01. */
  constructor(readonly negativeSlope = 0.01) {
    super();
    checkNumber('LeakyReLU', 'negativeSlope', negativeSlope);
  }

  /** Elementwise leaky ReLU. */
  forward(input: Tensor): Tensor {
    return leakyRelu(input, this.negativeSlope);
  }
}

/** `x` where `x > 0`, else `alpha (eˣ − 1)`, as `torch.nn.ELU(alpha)`. */
export class ELU extends Module {
  /** Create the layer (default `alpha` 1). */
  constructor(readonly alpha = 1) {
    super();
    checkNumber('ELU', 'alpha', alpha);
  }

  /** Elementwise ELU. */
  forward(input: Tensor): Tensor {
    return elu(input, this.alpha);
  }
}

/**
 * `log(1 + e^(βx)) / β`, and `x` itself where `βx > threshold`, as
 * `torch.nn.Softplus(beta, threshold)`.
 */
export class Softplus extends Module {
  /** Create the layer (PyTorch's defaults: `beta` 1, `threshold` 20). */
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
    checkNumber('Softplus', 'beta', beta);
    checkNumber('Softplus', 'threshold', threshold);
  }

  /** Elementwise softplus. */
  forward(input: Tensor): Tensor {
    return softplus(input, this.beta, this.threshold);
  }
}

/** `x σ(x)` (swish), as `torch.nn.SiLU()`. */
export class SiLU extends Module {
  /** Elementwise SiLU. */
  forward(input: Tensor): Tensor {
    return silu(input);
  }
}

/** Hyperbolic tangent, as `torch.nn.Tanh()`. */
export class Tanh extends Module {
  /** Elementwise tanh. */
  forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/** The logistic function, as `torch.nn.Sigmoid()`. */
export class Sigmoid extends Module {
  /** Elementwise sigmoid. */
  forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/** log(softmax(x)) along `dim`, computed stably, as `torch.nn.LogSoftmax(dim)`. */
export class LogSoftmax extends Module {
  /** Create the layer for dimension `dim` (negative counts from the end). */
  constructor(readonly dim: number) {
    super();
    checkNumber('LogSoftmax', 'dim', dim, true);
  }

  /** Log-softmax along `dim`. */
  forward(input: Tensor): Tensor {
    return logSoftmax(input, this.dim);
  }
}
