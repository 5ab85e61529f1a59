/** Free-function forms of ops (as the raw package exports them), on autograd tensors. */
import {
  type Conv2dGeometry,
  type NDArray,
  oneHot as rawOneHot,
  shapeString,
} from '@tensorgrad/tensor';
import { lift, lower, type Operand } from './define-op.js';
import { whereOp } from './ops/binary.js';
import { fold as foldOp, unfold as unfoldOp } from './ops/conv.js';
import { cat as catOp } from './ops/join.js';
import { sumToShape as sumToShapeOp } from './ops/views.js';
import { normalizeAxis } from './ops/axes.js';
import { pad as padModes, type PadMode } from './composites/padding.js';
import { Tensor } from './tensor.js';

export { conv2d } from './composites/conv2d.js';
export type { PadMode } from './composites/padding.js';

/**
 * Joins tensors along an existing `axis`; each input gets its piece of the gradient.
 * @example
 * ```ts
 * import { cat, ones, tensor, zeros } from '@tensorgrad/autograd';
 * const a = ones([2], { requiresGrad: true });
 * const y = cat([a, zeros([1])]);
 * if (String(y.toArray()) !== '1,1,0') throw new Error('cat');
 * y.mul(tensor([2, 3, 4])).sum().backward();
 * if (String(a.grad?.toArray()) !== '2,3') throw new Error('cat: gradient');
 * ```
 */
export function cat(tensors: readonly (Tensor | NDArray)[], axis = 0): Tensor {
  return catOp({ xs: tensors }, axis);
}

/**
 * Joins equal-shape tensors along a new `axis` (unsqueeze + cat).
 * @example
 * ```ts
 * import { ones, stack, zeros } from '@tensorgrad/autograd';
 * const a = ones([2], { requiresGrad: true });
 * const y = stack([a, zeros([2])], 1);
 * if (JSON.stringify(y.toArray()) !== '[[1,0],[1,0]]') throw new Error('stack');
 * y.sum().backward();
 * if (String(a.grad?.toArray()) !== '1,1') throw new Error('stack: gradient');
 * ```
 */
export function stack(tensors: readonly (Tensor | NDArray)[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors, got []');
  const first = tensors[0] as Tensor | NDArray;
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((d, k) => d !== first.shape[k])) {
      throw new Error(
        `stack: tensor ${i} has shape ${shapeString(t.shape)}, expected ${shapeString(first.shape)} (all equal)`,
      );
    }
  });
  const a = normalizeAxis('stack', axis, first.ndim + 1);
  return cat(
    tensors.map((t) => lift(t).unsqueeze(a)),
    a,
  );
}

/**
 * `cond ? a : b` elementwise, with broadcasting; each branch gets the gradient where it was taken.
 * @example
 * ```ts
 * import { tensor, where } from '@tensorgrad/autograd';
 * const a = tensor([1, 1], { requiresGrad: true });
 * const y = where(tensor([true, false]), a, 2);
 * if (String(y.toArray()) !== '1,2') throw new Error('where');
 * y.sum().backward();
 * if (String(a.grad?.toArray()) !== '1,0') throw new Error('where: gradient');
 * ```
 */
export function where(cond: Tensor | NDArray, a: Operand, b: Operand): Tensor {
  return whereOp({ cond, a, b }, undefined);
}

/** The keyword arguments of {@link pad}: `mode` (default 'constant') and `value` (default 0). */
export interface PadOptions {
  readonly mode?: PadMode;
  /** The fill of mode 'constant'; the other modes take none. */
  readonly value?: number;
}

/**
 * `torch.nn.functional.pad`. `pads` lists (before, after) pairs starting from the LAST dim:
 * `[left, right]` pads the last dim, `[left, right, top, bottom]` the last two. Negative pads
 * crop. `mode` 'constant' fills with `value` (any rank); 'reflect' mirrors about the edge
 * element (each pad < the dim's size), 'replicate' repeats the edge element, 'circular' wraps
 * around (each pad <= the size); those three pad the last 1 to 3 dims of an input with 1 or 2
 * dims before them ([C, W] or [N, C, W] for 2 amounts, up to [N, C, D, H, W] for 6). Every
 * mode is differentiable: a copied element gets the sum of its copies' gradients.
 *
 * Torch's positional order (`pad(x, pads, 'reflect')`), an options object
 * (`pad(x, pads, { mode, value })`) and a bare value (`pad(x, pads, -Infinity)`, mode
 * 'constant') are all accepted.
 * @example
 * ```ts
 * import { pad, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[[0, 1, 2]]], { requiresGrad: true }); // [N, C, W]
 * const y = pad(x, [2, 1], 'reflect');
 * if (String(y.toArray()) !== '2,1,0,1,2,1') throw new Error('reflect');
 * if (String(pad(x, [1, 2], 'replicate').toArray()) !== '0,0,1,2,2,2') throw new Error('replicate');
 * if (String(pad(x, [3, 0], { mode: 'circular' }).toArray()) !== '0,1,2,0,1,2') throw new Error('circular');
 * if (String(pad(x, [1, -1], -1).toArray()) !== '-1,0,1') throw new Error('constant; negative crops');
 * y.sum().backward(); // x[1] was copied three times, x[2] twice
 * if (String(x.grad?.toArray()) !== '1,3,2') throw new Error('reflect: gradient');
 * ```
 */
export function pad(x: Tensor | NDArray, pads: readonly number[], value?: number): Tensor;
export function pad(
  x: Tensor | NDArray,
  pads: readonly number[],
  mode: PadMode,
  value?: number,
): Tensor;
export function pad(x: Tensor | NDArray, pads: readonly number[], options: PadOptions): Tensor;
export function pad(
  x: Tensor | NDArray,
  pads: readonly number[],
  modeOrOptions: PadMode | PadOptions | number = 'constant',
  value = 0,
): Tensor {
  if (typeof modeOrOptions === 'number') return padModes(lift(x), pads, 'constant', modeOrOptions);
  if (typeof modeOrOptions === 'object' && modeOrOptions !== null) {
    return padModes(lift(x), pads, modeOrOptions.mode ?? 'constant', modeOrOptions.value ?? 0);
  }
  return padModes(lift(x), pads, modeOrOptions, value);
}

/**
 * One-hot encoding of int indices (int32, not differentiable).
 * @example
 * ```ts
 * import { oneHot, tensor } from '@tensorgrad/autograd';
 * const y = oneHot(tensor([1], { dtype: 'int32' }), 3);
 * if (JSON.stringify(y.toArray()) !== '[[0,1,0]]' || y.dtype !== 'int32') throw new Error('oneHot');
 * ```
 */
export function oneHot(x: Tensor | NDArray, numClasses = -1): Tensor {
  return new Tensor(rawOneHot(lower(x), numClasses));
}

/**
 * im2col of `x` [n, c, h, w] for a conv geometry (see `convGeometry`); its gradient is `fold`.
 * @example
 * ```ts
 * import { convGeometry } from '@tensorgrad/tensor';
 * import { ones, unfold } from '@tensorgrad/autograd';
 * const x = ones([1, 1, 3, 3], { requiresGrad: true });
 * const cols = unfold(x, convGeometry([1, 1, 3, 3], 2));
 * if (cols.shape.join() !== '1,4,4') throw new Error('unfold');
 * cols.sum().backward(); // the gradient is fold: how many windows cover each pixel
 * if (JSON.stringify(x.grad?.toArray()) !== '[[[[1,2,1],[2,4,2],[1,2,1]]]]') throw new Error('unfold: gradient');
 * ```
 */
export function unfold(x: Tensor | NDArray, geometry: Conv2dGeometry): Tensor {
  return unfoldOp({ x }, geometry);
}

/**
 * col2im, the adjoint of {@link unfold} (overlaps are summed); its gradient is `unfold`.
 * @example
 * ```ts
 * import { convGeometry } from '@tensorgrad/tensor';
 * import { fold, ones } from '@tensorgrad/autograd';
 * const y = fold(ones([1, 4, 4]), convGeometry([1, 1, 3, 3], 2));
 * if (JSON.stringify(y.toArray()) !== '[[[[1,2,1],[2,4,2],[1,2,1]]]]') throw new Error('fold');
 * ```
 */
export function fold(cols: Tensor | NDArray, geometry: Conv2dGeometry): Tensor {
  return foldOp({ x: cols }, geometry);
}

/**
 * Sums `x` down to `shape` (the inverse of broadcasting); its gradient is an expand.
 * @example
 * ```ts
 * import { ones, sumToShape } from '@tensorgrad/autograd';
 * const x = ones([2, 3], { requiresGrad: true });
 * const y = sumToShape(x, [1, 3]);
 * if (JSON.stringify(y.toArray()) !== '[[2,2,2]]') throw new Error('sumToShape');
 * y.sum().backward();
 * if (x.grad?.shape.join() !== '2,3') throw new Error('sumToShape: the gradient expands back');
 * ```
 */
export function sumToShape(x: Tensor | NDArray, shape: readonly number[]): Tensor {
  return sumToShapeOp({ x }, shape);
}

/** The result of `max(x, dim)` and `min(x, dim)`: the values and where they were found. */
export interface ValuesAndIndices {
  readonly values: Tensor;
  /** int32 positions along the dim (the first extremum, or the first NaN). */
  readonly indices: Tensor;
}

/**
 * `torch.max`: the maximum of all elements, or, with `dim`, the maximum along it together with
 * its indices. The gradient of the values goes to those indices.
 * @example
 * ```ts
 * import { max, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[1, 5, 2], [7, 0, 7]], { requiresGrad: true });
 * const { values, indices } = max(x, 1);
 * values.sum().backward();
 * if (String(indices.toArray()) !== '1,0') throw new Error('indices');
 * if (String(x.grad?.toArray()) !== '0,1,0,1,0,0') throw new Error('the gradient follows the indices');
 * ```
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesAndIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesAndIndices {
  if (dim === undefined) return x.max();
  return { values: x.max(dim, keepdim), indices: x.argmax(dim, keepdim) };
}

/** `torch.min`: as {@link max}, for the minimum. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesAndIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesAndIndices {
  if (dim === undefined) return x.min();
  return { values: x.min(dim, keepdim), indices: x.argmin(dim, keepdim) };
}
