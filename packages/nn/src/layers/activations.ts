/** Parameter-free activation layers: GELU, ReLU, Softmax. */
import type { Tensor } from '@tensorgrad/autograd';
import { gelu, relu, softmax } from '../functional/activation.js';
import type { GeluOptions } from '../functional/activation.js';
import { Module } from '../module/module.js';

/**
 * GELU, exact (erf) by default, as `torch.nn.GELU()`.
 * @example
 * new GELU().forward(x);
 */
export class GELU extends Module {
  /** `'none'` (exact) or `'tanh'`. */
  readonly approximate: 'none' | 'tanh';

  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = options.approximate ?? 'none';
  }

  /** Elementwise GELU. */
  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }
}

/**
 * max(x, 0), as `torch.nn.ReLU()`.
 * @example
 * new ReLU().forward(x);
 */
export class ReLU extends Module {
  /** Elementwise ReLU. */
  forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * Softmax along `dim`, as `torch.nn.Softmax(dim)`.
 * @example
 * new Softmax(-1).forward(scores);
 */
export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
  }

  /** Softmax along `dim`. */
  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }
}
