/**
 * `@tensorgrad/models`: networks ported from PyTorch, and the parity runner that checks them
 * against the reference numbers.
 *
 * Each network file keeps the class names of its Python original, so several define a `ViT`,
 * an `Attention`, ...; each file is therefore exported as a namespace, and its main classes
 * also under distinct names.
 */

/** Package version. */
export const version = '0.1.0';

// networks
export * as learnableMemoryVit from './learnable-memory-vit.js';
export {
  ViT as LearnableMemoryViT,
  Adapter,
  freezeAllLayers,
  unfreezeAllLayers,
} from './learnable-memory-vit.js';
export * as atsVit from './ats-vit.js';
export {
  ViT as ATSViT,
  AdaptiveTokenSampling,
  sampleGumbel,
  type GumbelSampler,
} from './ats-vit.js';
export * as crossVit from './cross-vit.js';
export { CrossViT, type CrossViTOptions } from './cross-vit.js';
export * as memformer from './memformer.js';
export {
  Memformer,
  memoryReplayBackprop,
  type MemformerOptions,
  type MemformerResults,
  type MemformerSegment,
} from './memformer.js';
export * as scalableVit from './scalable-vit.js';
export { ScalableViT, type ScalableViTOptions } from './scalable-vit.js';

// The parity runner (Node only: it reads fixture files) is a separate entry point,
// `@tensorgrad/models/parity`, so browser bundles of the networks never see `node:fs`.
