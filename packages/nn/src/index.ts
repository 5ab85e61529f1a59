/**
 * @tensorgrad/nn: modules, layers, functional ops, losses, optimisers, einops, safetensors and
 * data loading.
 *
 * The functional ops are exported both one by one (`crossEntropy`) and as the namespace `F`
 * (`F.crossEntropy`), mirroring `torch.nn.functional as F`; initialisers as the namespace `init`.
 */

/** The package version. */
export const version = '0.1.0';

export * from './module/index.js';
export * from './layers/index.js';
export * from './functional/index.js';
export * as F from './functional/index.js';
export * as init from './init/index.js';
export * from './optim/index.js';
export { padSequence, type PadSequenceOptions } from './utils/pad-sequence.js';
export * from './einops/index.js';
export * from './io/index.js';
export * from './data/index.js';
