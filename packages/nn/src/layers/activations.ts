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
  /**
   * `'none'` (exact) or `'tanh'`.
   * @example
   * ```ts
   * import { GELU } from '@tensorgrad/nn';
   * if (new GELU().approximate !== 'none' || new GELU({ approximate: 'tanh' }).approximate !== 'tanh') throw new Error('form');
   * ```
   */
  readonly approximate: 'none' | 'tanh';

  /**
   * Create the layer: exact GELU unless `approximate: 'tanh'`.
   * @example
   * ```ts
   * import { GELU } from '@tensorgrad/nn';
   * if (new GELU({ approximate: 'tanh' }).parameters().length !== 0) throw new Error('no parameters');
   * ```
   */
  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = options.approximate ?? 'none';
  }

  /**
   * Elementwise GELU.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { GELU } from '@tensorgrad/nn';
   * const [zero, big] = [...new GELU().forward(tensor([0, 10])).data()];
   * if (zero !== 0 || Math.abs(big! - 10) > 1e-5) throw new Error('GELU(0) = 0, GELU(10) ≈ 10');
   * ```
   */
  forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }
}

/**
 * max(x, 0), as `torch.nn.ReLU()`.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { ReLU } from '@tensorgrad/nn';
 * const y = new ReLU().forward(tensor([-1, 2]));
 * if ([...y.data()].join() !== '0,2') throw new Error(`got ${y.toArray()}`);
 * ```
 */
export class ReLU extends Module {
  /**
   * Elementwise ReLU.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { ReLU } from '@tensorgrad/nn';
   * if ([...new ReLU().forward(tensor([[-3, 3]])).data()].join() !== '0,3') throw new Error('relu');
   * ```
   */
  forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/**
 * Softmax along `dim`, as `torch.nn.Softmax(dim)`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Softmax } from '@tensorgrad/nn';
 * const p = new Softmax(-1).forward(randn([2, 5]));
 * const rowSum = [...p.sum(-1).data()][0]!;
 * if (Math.abs(rowSum - 1) > 1e-6) throw new Error(`rows sum to ${rowSum}`);
 * ```
 */
export class Softmax extends Module {
  /**
   * Create the layer for dimension `dim` (negative counts from the end).
   * @example
   * ```ts
   * import { Softmax } from '@tensorgrad/nn';
   * if (new Softmax(-1).dim !== -1) throw new Error('dim');
   * ```
   */
  constructor(readonly dim: number) {
    super();
  }

  /**
   * Softmax along `dim`.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { Softmax } from '@tensorgrad/nn';
   * const p = [...new Softmax(0).forward(tensor([0, 0])).data()];
   * if (p.join() !== '0.5,0.5') throw new Error(`got ${p}`);
   * ```
   */
  forward(input: Tensor): Tensor {
    return softmax(input, this.dim);
  }
}
