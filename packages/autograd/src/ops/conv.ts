/**
 * im2col and its adjoint. Each is the other's backward, so conv2d (unfold + matmul, see
 * `composites.ts`) needs no rule of its own.
 */
import {
  type Conv2dGeometry,
  type Tensor as RawTensor,
  fold as rawFold,
  unfold as rawUnfold,
} from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';

type X = { x: RawTensor };

/** im2col for a conv geometry; gradient `fold`. */
export const unfold = defineOp({
  name: 'unfold',
  forward: ({ x }: X, geometry: Conv2dGeometry) => rawUnfold(x, geometry),
  backward: { x: (g, _saved, geometry) => rawFold(g, geometry) },
});

/** col2im (overlaps summed); gradient `unfold`. */
export const fold = defineOp({
  name: 'fold',
  forward: ({ x }: X, geometry: Conv2dGeometry) => rawFold(x, geometry),
  backward: { x: (g, _saved, geometry) => rawUnfold(g, geometry) },
});
