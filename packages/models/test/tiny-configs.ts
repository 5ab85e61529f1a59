/** Tiny configurations shared by the tests that run every network (invariants, gpu agreement). */
import type { CrossViTOptions, ScalableViTOptions } from '@tensorgrad/models';

/** A CrossViT with every branch present: two patch sizes, cross attention, 16×16 images. */
export const TINY_CROSS_VIT: CrossViTOptions = {
  imageSize: 16,
  numClasses: 5,
  smDim: 8,
  lgDim: 12,
  smPatchSize: 4,
  smEncHeads: 2,
  smEncMlpDim: 16,
  smEncDimHead: 4,
  lgPatchSize: 8,
  lgEncDepth: 1,
  lgEncHeads: 2,
  lgEncMlpDim: 16,
  lgEncDimHead: 4,
  crossAttnDepth: 1,
  crossAttnHeads: 2,
  crossAttnDimHead: 4,
  depth: 1,
  dropout: 0,
  embDropout: 0,
};

/** A ScalableViT with spatial reduction in stage 1 and windows in stage 1 only. */
export const TINY_SCALABLE_VIT: ScalableViTOptions = {
  numClasses: 5,
  dim: 8,
  heads: 2,
  depth: [1, 1],
  ssaDimKey: 4,
  ssaDimValue: 4,
  iwsaDimKey: 4,
  iwsaDimValue: 4,
  ffExpansionFactor: 2,
  reductionFactor: [2, 1],
  windowSize: [2, null],
};
