/** `BatchNorm1d` and `BatchNorm2d`: batch normalisation with running statistics. */
import { type DType, type Tensor, noGrad, ones, tensor, tidy, zeros } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';
import { batchNorm } from '../functional/batch-norm.js';
import { Module } from '../module/module.js';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { Parameter } from '../module/parameter.js';

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d} (PyTorch's keyword arguments). */
export interface BatchNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Weight of each batch in the running statistics (default 0.1); null makes them the
   * cumulative average of every batch seen (`1 / numBatchesTracked`).
   */
  momentum?: number | null;
  /** Learn a per-channel scale (ones) and shift (zeros) (default true). */
  affine?: boolean;
  /**
   * Keep running statistics for evaluation (default true). Without them, evaluation mode
   * normalises with the batch's statistics too.
   */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: DType;
}

const BATCH_NORM_OPTIONS: OptionSpec<BatchNormLayerOptions> = {
  eps: 'optional',
  momentum: 'optional',
  affine: 'optional',
  trackRunningStats: 'optional',
  dtype: 'optional',
};

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share (PyTorch's `_BatchNorm`); they differ
 * only in the input shapes they accept.
 *
 * State dict (as PyTorch): `weight`, `bias` (with `affine`), then the buffers `running_mean`,
 * `running_var` and `num_batches_tracked` (with `trackRunningStats`). `num_batches_tracked` is
 * int32 here (tensorgrad has no int64; PyTorch's int64 files load into it, and a file saved here
 * loads back into PyTorch, whose `load_state_dict` copies it into its int64 buffer).
 *
 * In training mode (`train()`, the default) a forward normalises with the batch's statistics and
 * updates the running ones in place (not recorded by autograd); in evaluation mode (`eval()`) it
 * normalises with the running statistics.
 */
export abstract class BatchNormBase extends Module {
  /** The number of channels, c of the input [n, c, ...]. */
  readonly numFeatures: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Weight of each batch in the running statistics; null for a cumulative average. */
  momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether the running statistics exist. */
  readonly trackRunningStats: boolean;
  /** Scale, [numFeatures], initialised to ones (null without `affine`). */
  readonly weight: Parameter | null;
  /** Shift, [numFeatures], initialised to zeros (null without `affine`). */
  readonly bias: Parameter | null;
  /** Buffer `running_mean`, [numFeatures], starting at zeros (null without `trackRunningStats`). */
  declare readonly runningMean: Tensor | null;
  /** Buffer `running_var`, [numFeatures], starting at ones (null without `trackRunningStats`). */
  declare readonly runningVar: Tensor | null;
  /** Buffer `num_batches_tracked`: int32, shape [], training forwards so far (or null). */
  declare readonly numBatchesTracked: Tensor | null;

  /** Create the layer over `numFeatures` channels. */
  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    const owner = new.target.name;
    checkOptions(owner, options, BATCH_NORM_OPTIONS);
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new Error(
        `${owner}: expected numFeatures to be a positive integer, got ${numFeatures}`,
      );
    }
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('runningMean', track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('runningVar', track ? ones([numFeatures], { dtype }) : null);
    this.registerBuffer('numBatchesTracked', track ? tensor(0, { dtype: 'int32' }) : null);
  }

  /** Running mean back to zeros, running variance to ones, the batch count to 0. */
  resetRunningStats(): void {
    if (this.runningMean === null || this.runningVar === null || this.numBatchesTracked === null)
      return;
    const [mean, variance, count] = [this.runningMean, this.runningVar, this.numBatchesTracked];
    tidy(() =>
      noGrad(() => {
        mean.assign(zeros(mean.shape, { dtype: mean.dtype }));
        variance.assign(ones(variance.shape, { dtype: variance.dtype }));
        count.assign(tensor(0, { dtype: 'int32' }));
      }),
    );
  }

  /** {@link resetRunningStats}, and `weight` back to ones, `bias` to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    const { weight, bias } = this;
    if (weight === null || bias === null) return;
    tidy(() =>
      noGrad(() => {
        weight.assign(ones(weight.shape, { dtype: weight.dtype }));
        bias.assign(zeros(bias.shape, { dtype: bias.dtype }));
      }),
    );
  }

  /** Throws unless the input has a shape this layer accepts. */
  protected abstract checkInputDim(input: Tensor): void;

  /** Normalise `input` [n, numFeatures, ...] (see the class comment for the two modes). */
  forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    const counter = this.training && this.trackRunningStats ? this.numBatchesTracked : null;
    // PyTorch counts the batch before normalising; here it is counted after a successful
    // forward (so that a forward that throws changes nothing), hence the + 1. The count is only
    // read (a synchronous read on the gpu) for the cumulative average.
    const factor = this.momentum ?? (counter === null ? 0 : 1 / (counter.item() + 1));
    // Evaluation uses the batch's statistics only when there are no running ones.
    const useBatchStats = this.training || (this.runningMean === null && this.runningVar === null);
    const passStats = !this.training || this.trackRunningStats;
    const out = batchNorm(
      input,
      passStats ? this.runningMean : null,
      passStats ? this.runningVar : null,
      {
        weight: this.weight,
        bias: this.bias,
        training: useBatchStats,
        momentum: factor,
        eps: this.eps,
      },
    );
    if (counter !== null) {
      tidy(() => noGrad(() => counter.assign(counter.add(1))));
    }
    return out;
  }
}

/**
 * Batch normalisation over a batch [n, c] or [n, c, l] (as `torch.nn.BatchNorm1d`): each of the
 * `numFeatures` channels is normalised over the batch (and length) dims.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { BatchNorm1d } from '@tensorgrad/nn';
 * const norm = new BatchNorm1d(3);
 * norm.forward(randn([8, 3])); // training: batch statistics, running ones updated
 * if (norm.numBatchesTracked?.item() !== 1) throw new Error('one batch tracked');
 * const keys = Object.keys(norm.stateDict()).join();
 * if (keys !== 'weight,bias,running_mean,running_var,num_batches_tracked') throw new Error(keys);
 * norm.eval(); // evaluation: running statistics, nothing updated
 * ```
 */
export class BatchNorm1d extends BatchNormBase {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) {
      throw new Error(
        `BatchNorm1d: expected a 2-D [n, c] or 3-D [n, c, l] input, got shape ${shapeString(input.shape)}`,
      );
    }
  }
}

/**
 * Batch normalisation over images [n, c, h, w] (as `torch.nn.BatchNorm2d`): each of the
 * `numFeatures` channels is normalised over the batch and both spatial dims.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { BatchNorm2d } from '@tensorgrad/nn';
 * const norm = new BatchNorm2d(4, { momentum: null }); // running stats: the average of all batches
 * const y = norm.forward(randn([2, 4, 5, 5]));
 * if (y.shape.join() !== '2,4,5,5') throw new Error(`shape ${y.shape}`);
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) {
      throw new Error(
        `BatchNorm2d: expected a 4-D [n, c, h, w] input, got shape ${shapeString(input.shape)}`,
      );
    }
  }
}
