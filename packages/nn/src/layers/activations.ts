/** Parameter-free activation layers: GELU, ReLU, Softmax. */
import type { Tensor } from '@tensorgrad/autograd';
import { gelu, relu, softmax } from '../functional/activation.js';
import type { GeluOptions } from '../functional/activation.js';
import { Module } from '../module/module.js';

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
