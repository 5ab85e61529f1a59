/** `Flatten` and `Unflatten`: reshaping layers for `Sequential` pipelines. */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';

/**
 * Flattens dims `startDim..endDim` into one (as `torch.nn.Flatten`); the defaults keep the batch
 * dim, so `[N, C, H, W]` becomes `[N, C·H·W]`. A view: no copy when the strides allow it.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Conv2d, Flatten, Linear, ReLU, Sequential } from '@tensorgrad/nn';
 * const net = new Sequential(new Conv2d(1, 4, 3), new ReLU(), new Flatten(), new Linear(4 * 6 * 6, 10));
 * if (net.forward(randn([2, 1, 8, 8])).shape.join() !== '2,10') throw new Error('[N, 4, 6, 6] → [N, 144] → [N, 10]');
 * ```
 */
export class Flatten extends Module {
  /** Create the layer (PyTorch's defaults: `startDim` 1, `endDim` -1). */
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }

  /** Flatten `startDim..endDim` (negative dims count from the end). */
  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
}

/**
 * Splits dim `dim` into `unflattenedSize` (as `torch.nn.Unflatten`; one size may be -1, inferred).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Unflatten } from '@tensorgrad/nn';
 * const y = new Unflatten(1, [2, -1]).forward(randn([3, 8]));
 * if (y.shape.join() !== '3,2,4') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class Unflatten extends Module {
  /** The sizes that dim `dim` is split into. */
  readonly unflattenedSize: readonly number[];

  /** Create the layer for dim `dim` (negative counts from the end). */
  constructor(
    readonly dim: number,
    unflattenedSize: readonly number[],
  ) {
    super();
    if (!Array.isArray(unflattenedSize) || unflattenedSize.length === 0) {
      throw new Error(
        `Unflatten: expected unflattenedSize to be a non-empty array of sizes, got ${JSON.stringify(unflattenedSize)}`,
      );
    }
    this.unflattenedSize = [...unflattenedSize];
  }

  /** Split dim `dim`; its size must equal the product of `unflattenedSize`. */
  forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }
}
