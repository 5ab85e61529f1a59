/**
 * im2col and its adjoint. Each is the other's backward, so conv2d (unfold + matmul, see
 * `composites.ts`) needs no rule of its own.
 */
import {
  type Conv2dGeometry,
  type NDArray,
  fold as rawFold,
  unfold as rawUnfold,
} from '@tensorgrad/tensor';
import { defineOp, type Op } from '../define-op.js';

type X = { x: NDArray };

/** im2col for a conv geometry; gradient `fold`. */
export const unfold: Op<X, Conv2dGeometry> = defineOp({
  name: 'unfold',
  forward: ({ x }: X, geometry: Conv2dGeometry) => rawUnfold(x, geometry),
  backward: { x: (g, _saved, geometry) => fold({ x: g }, geometry) },
});

/** col2im (overlaps summed); gradient `unfold`. */
export const fold: Op<X, Conv2dGeometry> = defineOp({
  name: 'fold',
  forward: ({ x }: X, geometry: Conv2dGeometry) => rawFold(x, geometry),
  backward: { x: (g, _saved, geometry) => unfold({ x: g }, geometry) },
});
