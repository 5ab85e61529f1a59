/**
 * `standardize`: `(x - mean) / sqrt(var + eps)` over the last `dims` dimensions, the normalizing
 * half of layer norm (the biased variance, as `torch.nn.functional.layer_norm`). A backend with
 * the optional fused `standardize` primitive (cpu) computes it in one kernel; otherwise it is
 * composed from mean, sub, square, mean, add, rsqrt and mul.
 */
import { chooseBackend, dispatch } from '../backend/dispatch.js';
import { floatDtype, isFloat } from '../dtype.js';
import { tidy } from '../memory.js';
import { fromData, type NDArray } from '../ndarray.js';
import { shapeString } from '../shape.js';
import { copyAs } from './cast.js';
import * as ew from './elementwise.js';
import { mean } from './reduce.js';
import { contiguous } from './views.js';

/**
 * `x` with each block of its last `dims` dimensions shifted to mean 0 and scaled to variance 1
 * (plus `eps` under the square root).
 * @example
 * ```ts
 * import { standardize, tensor } from '@tensorgrad/tensor';
 * const y = standardize(tensor([[1, 3], [2, 6]]), 1, 0); // means 2 and 4, variances 1 and 4
 * if (String(y.toArray()) !== '-1,1,-1,1') throw new Error('each row to mean 0, variance 1');
 * ```
 */
export function standardize(x: NDArray, dims: number, eps: number): NDArray {
  if (!Number.isInteger(dims) || dims < 1 || dims > x.ndim) {
    throw new Error(
      `standardize: dims must be an integer from 1 to the rank ${x.ndim} of x (shape ${shapeString(x.shape)}), got ${dims}`,
    );
  }
  if (!isFloat(x.dtype)) {
    throw new Error(`standardize: expected a float tensor, got ${x.dtype} (cast it first)`);
  }
  if (typeof eps !== 'number' || !(eps >= 0)) {
    throw new Error(`standardize: eps must be a number >= 0, got ${String(eps)}`);
  }
  const size = x.shape.slice(x.ndim - dims).reduce((a, b) => a * b, 1);
  if (x.size === 0 || size === 0) return copyAs(x, floatDtype(x.dtype));
  const dtype = x.dtype;
  if (chooseBackend([dtype]).standardize !== undefined) {
    return tidy(() => {
      const rows = contiguous(x);
      const { backend, result } = dispatch([dtype], [rows.strided], (b, [v]) =>
        b.standardize!(v, size, eps, dtype),
      );
      return fromData(backend, result, x.shape, dtype);
    });
  }
  const axes = Array.from({ length: dims }, (_, i) => x.ndim - dims + i);
  return tidy(() => {
    const centered = ew.sub(x, mean(x, axes, true));
    const variance = mean(ew.square(centered), axes, true);
    return ew.mul(centered, ew.rsqrt(ew.add(variance, eps)));
  });
}
