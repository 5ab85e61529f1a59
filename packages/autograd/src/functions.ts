/** Free-function forms of ops (as the raw package exports them), on autograd tensors. */
import {
  type Conv2dGeometry,
  type Tensor as RawTensor,
  oneHot as rawOneHot,
} from '@tensorgrad/tensor';
import { lift, lower, type Operand } from './define-op.js';
import { whereOp } from './ops/binary.js';
import { fold as foldOp, unfold as unfoldOp } from './ops/conv.js';
import { cat as catOp } from './ops/join.js';
import { pad as padOp } from './ops/slicing.js';
import { sumToShape as sumToShapeOp } from './ops/views.js';
import { normalizeAxis } from './ops/axes.js';
import { Tensor } from './tensor.js';

export { conv2d } from './composites/conv2d.js';

/**
 * Joins tensors along an existing `axis`; each input gets its piece of the gradient.
 * @example cat([ones([2]), zeros([1])]).toArray(); // [1, 1, 0]
 */
export function cat(tensors: readonly (Tensor | RawTensor)[], axis = 0): Tensor {
  return catOp({ xs: tensors }, axis);
}

/**
 * Joins equal-shape tensors along a new `axis` (unsqueeze + cat).
 * @example stack([ones([2]), zeros([2])], 1).shape; // [2, 2]
 */
export function stack(tensors: readonly (Tensor | RawTensor)[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors, got []');
  const first = tensors[0] as Tensor | RawTensor;
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, k) => d !== first.shape[k])) {
      throw new Error(
        `stack: tensor ${i} has shape [${t.shape.join(',')}], expected [${first.shape.join(',')}] (all equal)`,
      );
    }
  });
  const a = normalizeAxis(axis, first.ndim + 1);
  return cat(
    tensors.map((t) => lift(t).unsqueeze(a)),
    a,
  );
}

/**
 * `cond ? a : b` elementwise, with broadcasting; each branch gets the gradient where it was taken.
 * @example where(tensor([true, false]), 1, 2).toArray(); // [1, 2]
 */
export function where(cond: Tensor | RawTensor, a: Operand, b: Operand): Tensor {
  return whereOp({ cond, a, b }, undefined);
}

/**
 * Pads `x` with `value`, torch.nn.functional.pad order (last dim first: [left, right, top, ...]);
 * negative pads crop.
 * @example pad(ones([1, 2]), [1, 0]).toArray(); // [[0, 1, 1]]
 */
export function pad(x: Tensor | RawTensor, pads: readonly number[], value = 0): Tensor {
  return padOp({ x }, { pads, value });
}

/**
 * One-hot encoding of int indices (int32, not differentiable).
 * @example oneHot(tensor([1], { dtype: 'int32' }), 3).toArray(); // [[0, 1, 0]]
 */
export function oneHot(x: Tensor | RawTensor, numClasses = -1): Tensor {
  return new Tensor(rawOneHot(lower(x), numClasses));
}

/**
 * im2col of `x` [n, c, h, w] for a conv geometry (see `convGeometry`); its gradient is `fold`.
 * @example unfold(ones([1, 1, 3, 3]), convGeometry([1, 1, 3, 3], 2)).shape; // [1, 4, 4]
 */
export function unfold(x: Tensor | RawTensor, geometry: Conv2dGeometry): Tensor {
  return unfoldOp({ x }, geometry);
}

/**
 * col2im, the adjoint of {@link unfold} (overlaps are summed); its gradient is `unfold`.
 * @example fold(ones([1, 4, 4]), convGeometry([1, 1, 3, 3], 2)).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function fold(cols: Tensor | RawTensor, geometry: Conv2dGeometry): Tensor {
  return foldOp({ x: cols }, geometry);
}

/**
 * Sums `x` down to `shape` (the inverse of broadcasting); its gradient is an expand.
 * @example sumToShape(ones([2, 3]), [1, 3]).toArray(); // [[2, 2, 2]]
 */
export function sumToShape(x: Tensor | RawTensor, shape: readonly number[]): Tensor {
  return sumToShapeOp({ x }, shape);
}
