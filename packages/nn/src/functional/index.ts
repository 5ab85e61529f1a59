/**
 * Stateless building blocks (`torch.nn.functional`), exported from the package both one by one
 * and as the namespace `F`.
 */
export { linear } from './linear.js';
export { layerNorm } from './layer-norm.js';
// conv2d is autograd's, re-exported so that `F.conv2d` is the very function users call there.
export { conv2d, type Conv2dOptions, type Pair } from '@tensorgrad/autograd';
// The poolings are autograd's too, for the same reason.
export {
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
  type MaxPool2dOptions,
  type AvgPool2dOptions,
  type Pool2dWindowOptions,
  type PoolValuesAndIndices,
  type AdaptiveSize,
} from '@tensorgrad/autograd';
export { batchNorm, type BatchNormOptions } from './batch-norm.js';
export { groupNorm, type GroupNormOptions } from './group-norm.js';
export {
  gelu,
  relu,
  leakyRelu,
  elu,
  softplus,
  silu,
  tanh,
  sigmoid,
  softmax,
  logSoftmax,
  type GeluOptions,
} from './activation.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { pad, type PadMode, type PadOptions } from './pad.js';
export { oneHot } from './one-hot.js';
export { embedding } from './embedding.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss, type NllLossOptions } from './nll-loss.js';
export { mseLoss, type MseLossOptions } from './mse-loss.js';
export type { Reduction } from './reduction.js';
export { l1Loss, type L1LossOptions } from './l1-loss.js';
export {
  smoothL1Loss,
  huberLoss,
  type SmoothL1LossOptions,
  type HuberLossOptions,
} from './smooth-l1-loss.js';
export {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions,
} from './binary-cross-entropy.js';
export { conv1d, type Conv1dOptions } from './conv1d.js';
