/**
 * 0-d tensors for JS numbers that meet tensors in an op.
 */
import type { DType } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { fromData, type NDArray } from '../ndarray.js';

/**
 * A 0-d tensor holding `value` on the backend the next op will run on.
 * @internal
 */
export function scalar(value: number, dtype: DType): NDArray {
  const { backend, result } = dispatch([dtype], [], (b) => b.fill(1, value, dtype));
  return fromData(backend, result, [], dtype);
}
