/** Layers (`torch.nn` modules), one file each. */
export { Linear, type LinearOptions, type ParameterOptions } from './linear.js';
export { LayerNorm, type LayerNormOptions } from './layer-norm.js';
export { Conv2d, type Conv2dLayerOptions } from './conv2d.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { GRUCell, type GRUCellOptions } from './gru-cell.js';
export { GELU, ReLU, Softmax } from './activations.js';
export { Dropout, type DropoutLayerOptions } from './dropout.js';
export { Identity } from './identity.js';
export { Sequential, type UnaryModule } from './sequential.js';
export { ModuleList } from './module-list.js';
export { ModuleDict } from './module-dict.js';
