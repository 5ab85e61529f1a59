/**
 * Dtype conversion, built on the backend's `copy` primitive (which converts as it copies).
 */
import type { DType } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { assertDType } from '../dtype.js';
import { fromData, viewOf, type NDArray } from '../ndarray.js';

/**
 * `x` converted to `dtype`: floats to int32 truncate toward zero, non-zero to bool is true.
 * When `x` already has that dtype the result is a new handle on the same storage (no copy).
 * @example
 * ```ts
 * import { cast, tensor } from '@tensorgrad/tensor';
 * const y = cast(tensor([1.7, -1.7]), 'int32');
 * if (y.toString() !== 'tensor([ 1, -1], dtype=int32)') throw new Error('cast');
 * if (String(cast(tensor([0, 2]), 'bool').toArray()) !== 'false,true') throw new Error('cast to bool');
 * ```
 */
export function cast(x: NDArray, dtype: DType): NDArray {
  assertDType('cast', dtype);
  if (x.dtype === dtype) return viewOf(x, x.shape, x.strides, x.offset);
  return copyAs(x, dtype);
}

/**
 * A contiguous copy of `x` converted to `dtype` (always copies).
 * @internal
 */
export function copyAs(x: NDArray, dtype: DType): NDArray {
  const { backend, result } = dispatch([x.dtype, dtype], [x.strided], (b, [v]) => b.copy(v, dtype));
  return fromData(backend, result, x.shape, dtype);
}
