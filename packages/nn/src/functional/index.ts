/**
 * Stateless building blocks (`torch.nn.functional`), exported from the package both one by one
 * and as the namespace `F`.
 */
export { linear } from './linear.js';
export { layerNorm } from './layer-norm.js';
// conv2d is autograd's, re-exported so that `F.conv2d` is the very function users call there.
export { conv2d, type Conv2dOptions, type Pair } from '@tensorgrad/autograd';
export { gelu, relu, softmax, logSoftmax, type GeluOptions } from './activation.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { pad } from './pad.js';
export { oneHot } from './one-hot.js';
export { embedding } from './embedding.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { nllLoss, type NllLossOptions } from './nll-loss.js';
export { mseLoss, type MseLossOptions } from './mse-loss.js';
export type { Reduction } from './reduction.js';
