/**
 * Loss modules (`torch.nn.*Loss`): each holds its options and calls its function in
 * `functional/`. Class weights are buffers, as in PyTorch, so a state dict holds `weight` (and
 * `pos_weight`) exactly when they were given.
 */
import type { Tensor } from '@tensorgrad/autograd';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions,
} from '../functional/binary-cross-entropy.js';
import { crossEntropy, type CrossEntropyOptions } from '../functional/cross-entropy.js';
import { l1Loss, type L1LossOptions } from '../functional/l1-loss.js';
import { mseLoss, type MseLossOptions } from '../functional/mse-loss.js';
import { nllLoss, type NllLossOptions } from '../functional/nll-loss.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import {
  huberLoss,
  smoothL1Loss,
  type HuberLossOptions,
  type SmoothL1LossOptions,
} from '../functional/smooth-l1-loss.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';

/** Checks the options object and the reduction name, so that a typo fails at construction. */
function reductionOf<T extends { reduction?: Reduction }>(
  owner: string,
  options: T,
  spec: OptionSpec<T>,
): Reduction {
  checkOptions(owner, options, spec);
  const reduction = options.reduction ?? 'mean';
  checkReduction(owner, reduction);
  return reduction;
}

/**
 * Softmax cross-entropy of logits against class indices or probabilities, as
 * `torch.nn.CrossEntropyLoss`; see {@link crossEntropy} for the shapes and the reductions.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { CrossEntropyLoss } from '@tensorgrad/nn';
 * const criterion = new CrossEntropyLoss({ weight: tensor([1, 3]), labelSmoothing: 0.1 });
 * if (Object.keys(criterion.stateDict()).join() !== 'weight') throw new Error('weight is a buffer');
 * const loss = criterion.forward(tensor([[2, 0], [0, 2]]), tensor([0, 1], { dtype: 'int32' }));
 * if (loss.ndim !== 0) throw new Error('reduced to a scalar');
 * ```
 */
export class CrossEntropyLoss extends Module {
  /** Per-class weights `[C]` (a buffer), or null. */
  declare readonly weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;
  readonly labelSmoothing: number;

  /** Create the loss; PyTorch's defaults: no weight, `ignoreIndex` -100, `'mean'`, no smoothing. */
  constructor(options: CrossEntropyOptions = {}) {
    super();
    this.reduction = reductionOf('CrossEntropyLoss', options, {
      weight: 'optional',
      ignoreIndex: 'optional',
      reduction: 'optional',
      labelSmoothing: 'optional',
    });
    this.registerBuffer('weight', options.weight ?? null);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }

  /** Logits `[N, C, ...]` (or `[C]`) and int32 class indices or float probabilities. */
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Negative log-likelihood of class indices, as `torch.nn.NLLLoss`; see {@link nllLoss}. */
export class NLLLoss extends Module {
  /** Per-class weights `[C]` (a buffer), or null. */
  declare readonly weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly reduction: Reduction;

  /** Create the loss; PyTorch's defaults: no weight, `ignoreIndex` -100, `'mean'`. */
  constructor(options: NllLossOptions = {}) {
    super();
    this.reduction = reductionOf('NLLLoss', options, {
      weight: 'optional',
      ignoreIndex: 'optional',
      reduction: 'optional',
    });
    this.registerBuffer('weight', options.weight ?? null);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  /** Log-probabilities `[N, C, ...]` (or `[C]`) and int32 class indices. */
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}

/** Squared error, as `torch.nn.MSELoss`; see {@link mseLoss}. */
export class MSELoss extends Module {
  readonly reduction: Reduction;

  /** Create the loss (default `'mean'`). */
  constructor(options: MseLossOptions = {}) {
    super();
    this.reduction = reductionOf('MSELoss', options, { reduction: 'optional' });
  }

  /** Predictions and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Absolute error, as `torch.nn.L1Loss`; see {@link l1Loss}. */
export class L1Loss extends Module {
  readonly reduction: Reduction;

  /** Create the loss (default `'mean'`). */
  constructor(options: L1LossOptions = {}) {
    super();
    this.reduction = reductionOf('L1Loss', options, { reduction: 'optional' });
  }

  /** Predictions and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 loss, as `torch.nn.SmoothL1Loss`; see {@link smoothL1Loss}. */
export class SmoothL1Loss extends Module {
  readonly reduction: Reduction;
  /** Where the loss turns from quadratic to linear. */
  readonly beta: number;

  /** Create the loss (defaults: `'mean'`, `beta` 1). */
  constructor(options: SmoothL1LossOptions = {}) {
    super();
    this.reduction = reductionOf('SmoothL1Loss', options, {
      reduction: 'optional',
      beta: 'optional',
    });
    this.beta = options.beta ?? 1;
  }

  /** Predictions and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss, as `torch.nn.HuberLoss`; see {@link huberLoss}. */
export class HuberLoss extends Module {
  readonly reduction: Reduction;
  /** Where the loss turns from quadratic to linear. */
  readonly delta: number;

  /** Create the loss (defaults: `'mean'`, `delta` 1). */
  constructor(options: HuberLossOptions = {}) {
    super();
    this.reduction = reductionOf('HuberLoss', options, {
      reduction: 'optional',
      delta: 'optional',
    });
    this.delta = options.delta ?? 1;
  }

  /** Predictions and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Binary cross-entropy of probabilities, as `torch.nn.BCELoss`; see {@link binaryCrossEntropy}. */
export class BCELoss extends Module {
  /** Per-element rescaling (a buffer), or null. */
  declare readonly weight: Tensor | null;
  readonly reduction: Reduction;

  /** Create the loss (defaults: no weight, `'mean'`). */
  constructor(options: BinaryCrossEntropyOptions = {}) {
    super();
    this.reduction = reductionOf('BCELoss', options, {
      weight: 'optional',
      reduction: 'optional',
    });
    this.registerBuffer('weight', options.weight ?? null);
  }

  /** Probabilities in [0, 1] and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of logits, computed stably, as `torch.nn.BCEWithLogitsLoss`; see
 * {@link binaryCrossEntropyWithLogits}. `posWeight` is stored under PyTorch's key `pos_weight`.
 * @example
 * ```ts
 * import { ones, tensor, zeros } from '@tensorgrad/autograd';
 * import { BCEWithLogitsLoss } from '@tensorgrad/nn';
 * const criterion = new BCEWithLogitsLoss({ posWeight: tensor([1, 4]) }); // one per class
 * if (Object.keys(criterion.stateDict()).join() !== 'pos_weight') throw new Error('keys');
 * // Zero logits against all-positive targets: log 2 per element, four times as much in class 1.
 * const loss = criterion.forward(zeros([3, 2]), ones([3, 2]));
 * if (Math.abs(Number(loss.item()) - 2.5 * Math.LN2) > 1e-6) throw new Error(`${loss.item()}`);
 * ```
 */
export class BCEWithLogitsLoss extends Module {
  /** Per-element rescaling (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** Weight of the positive term, broadcast along the trailing dims (a buffer), or null. */
  declare readonly posWeight: Tensor | null;
  readonly reduction: Reduction;

  /** Create the loss (defaults: no weights, `'mean'`). */
  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super();
    this.reduction = reductionOf('BCEWithLogitsLoss', options, {
      weight: 'optional',
      reduction: 'optional',
      posWeight: 'optional',
    });
    this.registerBuffer('weight', options.weight ?? null);
    this.registerBuffer('posWeight', options.posWeight ?? null);
  }

  /** Logits and targets of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    });
  }
}
