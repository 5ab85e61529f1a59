/**
 * Constant padding in torch.nn.functional.pad's order.
 */
import { dispatch } from '../backend/dispatch.js';
import { checkElementCount, shapeString, sizeOf } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { sliceAssign } from './assign.js';
import { narrow } from './views.js';

/**
 * Pad `x` with `value`. `pads` lists (before, after) pairs starting from the LAST dim:
 * `[left, right, top, bottom, ...]`. Negative pads crop, as in torch.
 * @example
 * ```ts
 * import { ones, pad } from '@tensorgrad/tensor';
 * const y = pad(ones([1, 2]), [1, 0]);
 * if (JSON.stringify(y.toArray()) !== '[[0,1,1]]') throw new Error('pad');
 * if (pad(ones([2, 2]), [0, 0, 1, 1], 5).shape.join() !== '4,2') throw new Error('pad rows');
 * ```
 */
export function pad(x: NDArray, pads: readonly number[], value = 0): NDArray {
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim || pads.some((p) => !Number.isInteger(p))) {
    throw new Error(
      `pad: pads ${shapeString(pads)} must be integer (before, after) pairs for at most ${x.ndim} dims of ${shapeString(x.shape)}`,
    );
  }
  const before = x.shape.map(() => 0);
  const after = x.shape.map(() => 0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[x.ndim - 1 - i] = pads[2 * i] as number;
    after[x.ndim - 1 - i] = pads[2 * i + 1] as number;
  }
  // Crop first (negative pads), as a view.
  let src = x;
  const views: NDArray[] = [];
  for (let d = 0; d < x.ndim; d++) {
    const lo = Math.max(0, -(before[d] as number));
    const hi = Math.max(0, -(after[d] as number));
    if (lo === 0 && hi === 0) continue;
    const n = src.shape[d] as number;
    if (lo + hi > n)
      throw new Error(`pad: cropping ${lo + hi} from dim ${d} of size ${n} leaves a negative size`);
    src = narrow(src, d, lo, n - lo - hi);
    views.push(src);
  }
  try {
    const shape = src.shape.map(
      (n, d) => n + Math.max(0, before[d] as number) + Math.max(0, after[d] as number),
    );
    checkElementCount('pad', shape);
    const { backend, result } = dispatch([x.dtype], [], (b) =>
      b.fill(sizeOf(shape), value, x.dtype),
    );
    const base = fromData(backend, result, shape, x.dtype);
    if (src.size === 0) return base;
    const out = sliceAssign(
      base,
      before.map((p) => Math.max(0, p)),
      shape.map(() => 1),
      src,
    );
    base.dispose();
    return out;
  } finally {
    for (const v of views) v.dispose();
  }
}
