/** The demo's network: a small ViT with deterministic weights. */
import { LearnableMemoryViT } from '@tensorgrad/models';
import { manualSeed } from '@tensorgrad/autograd';
import { CHANNELS, IMAGE_SIZE, SHAPES } from './images.js';

/** Small enough to run in a fraction of a second on SwiftShader, big enough to use every op. */
export const VIT_OPTIONS = {
  imageSize: IMAGE_SIZE,
  patchSize: 8,
  numClasses: SHAPES.length,
  dim: 32,
  depth: 2,
  heads: 4,
  dimHead: 8,
  mlpDim: 64,
  channels: CHANNELS,
} as const;

/**
 * A fresh ViT whose weights depend only on the seed: the generator is host-side, so the same
 * seed gives the same weights whichever backend is current.
 */
export function createModel(seed = 0): InstanceType<typeof LearnableMemoryViT> {
  manualSeed(seed);
  return new LearnableMemoryViT(VIT_OPTIONS).eval();
}
