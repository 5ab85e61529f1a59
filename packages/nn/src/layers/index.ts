/** Layers (`torch.nn` modules), one file each. */
export { Linear, type LinearOptions, type ParameterOptions } from './linear.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export {
  BatchNormBase,
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormLayerOptions,
} from './batch-norm.js';
export { GroupNorm, type GroupNormLayerOptions } from './group-norm.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './pooling.js';
export { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { GRUCell, type GRUCellOptions } from './gru-cell.js';
export {
  GELU,
  ReLU,
  LeakyReLU,
  ELU,
  Softplus,
  SiLU,
  Tanh,
  Sigmoid,
  Softmax,
  LogSoftmax,
} from './activations.js';
export { Dropout, type DropoutLayerOptions } from './dropout.js';
export { Identity } from './identity.js';
export { Sequential, type UnaryModule } from './sequential.js';
export { ModuleList } from './module-list.js';
export { ModuleDict } from './module-dict.js';
export { ParameterList } from './parameter-list.js';
export { Flatten, Unflatten } from './flatten.js';
export { Conv1d, type Conv1dLayerOptions } from './conv1d.js';
export {
  CrossEntropyLoss,
  NLLLoss,
  MSELoss,
  L1Loss,
  SmoothL1Loss,
  HuberLoss,
  BCELoss,
  BCEWithLogitsLoss,
} from './losses.js';
