/**
 * Small integer ranges the ops need internally (triu/tril masks, one-hot).
 */
import { dispatch } from '../backend/dispatch.js';
import { fromData, type NDArray } from '../ndarray.js';

/**
 * `[0, 1, ..., n - 1]` as int32 on the backend ops run on.
 * @internal
 */
export function intRange(n: number): NDArray {
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  const { backend, result } = dispatch(['int32'], [], (b) => b.upload(values, 'int32'));
  return fromData(backend, result, [n], 'int32');
}
