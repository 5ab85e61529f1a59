/**
 * softmax and logSoftmax, with the max subtracted first so that exp never overflows. A backend
 * with the optional fused `softmax` primitive (cpu) computes them in one kernel; otherwise
 * they are composed from max, sub, exp, sum and div.
 */
import { chooseBackend, dispatch } from '../backend/dispatch.js';
import { floatDtype } from '../dtype.js';
import { tidy } from '../memory.js';
import { normalizeAxis } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { cast, copyAs } from './cast.js';
import * as ew from './elementwise.js';
import { max, sum } from './reduce.js';

/**
 * `exp(x) / sum(exp(x))` along `axis`, computed as `exp(x - max) / sum(exp(x - max))`.
 * @example
 * ```ts
 * import { softmax, tensor } from '@tensorgrad/tensor';
 * const y = softmax(tensor([[0, 0], [0, 1000]]), 1); // no overflow
 * if (JSON.stringify(y.toArray()) !== '[[0.5,0.5],[0,1]]') throw new Error('softmax');
 * ```
 */
export function softmax(x: NDArray, axis: number): NDArray {
  const a = normalizeAxis('softmax', axis, x.ndim);
  if (x.size === 0) return empty(x);
  const fusedResult = fused(x, a, false);
  if (fusedResult) return fusedResult;
  return tidy(() => {
    const xf = cast(x, floatDtype(x.dtype));
    const e = ew.exp(ew.sub(xf, max(xf, a, true)));
    return ew.div(e, sum(e, a, true));
  });
}

/**
 * `log(softmax(x))` along `axis`, computed as `(x - max) - log(sum(exp(x - max)))` so that
 * large negative logits stay finite.
 * @example
 * ```ts
 * import { logSoftmax, tensor } from '@tensorgrad/tensor';
 * const [a, b] = logSoftmax(tensor([0, 0]), 0).toArray() as number[];
 * if (Math.abs(a! + Math.LN2) > 1e-6 || a !== b) throw new Error('logSoftmax');
 * if (String(logSoftmax(tensor([0, -1000]), 0).toArray()) !== '0,-1000') throw new Error('stays finite');
 * ```
 */
export function logSoftmax(x: NDArray, axis: number): NDArray {
  const a = normalizeAxis('logSoftmax', axis, x.ndim);
  if (x.size === 0) return empty(x);
  const fusedResult = fused(x, a, true);
  if (fusedResult) return fusedResult;
  return tidy(() => {
    const xf = cast(x, floatDtype(x.dtype));
    const shifted = ew.sub(xf, max(xf, a, true));
    return ew.sub(shifted, ew.log(sum(ew.exp(shifted), a, true)));
  });
}

/**
 * The result for a tensor with no elements: empty, as PyTorch's, on every backend. (The
 * composed path would take a max over an empty axis, which is an error.)
 */
function empty(x: NDArray): NDArray {
  return copyAs(x, floatDtype(x.dtype));
}

/** The fused kernel's result, or null where the backend has none (or x is not float). */
function fused(x: NDArray, axis: number, log: boolean): NDArray | null {
  const dtype = x.dtype;
  if (floatDtype(dtype) !== dtype || chooseBackend([dtype]).softmax === undefined) return null;
  const { backend, result } = dispatch([dtype], [x.strided], (b, [v]) =>
    b.softmax!(v, axis, log, dtype),
  );
  return fromData(backend, result, x.shape, dtype);
}
