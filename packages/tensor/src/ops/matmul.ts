/**
 * Matrix product with torch.matmul semantics: 1-D operands are promoted to a matrix and the
 * added dim removed afterwards; leading (batch) dims broadcast.
 */
import { dispatch } from '../backend/dispatch.js';
import { promoteTypes } from '../dtype.js';
import { tidy } from '../memory.js';
import { broadcastShapes, checkElementCount, shapeString, sizeOf } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { cast } from './cast.js';
import { expand, reshape, unsqueeze } from './views.js';

/**
 * The matrix product of `a` and `b`:
 * - 1-D · 1-D: dot product (0-d result);
 * - 2-D · 2-D: matrix product;
 * - 1-D on the left is a row vector, on the right a column vector (that dim is removed);
 * - otherwise batched over the broadcast leading dims.
 * bool operands compute in int32.
 * @example
 * ```ts
 * import { matmul, ones, tensor } from '@tensorgrad/tensor';
 * if (matmul(ones([2, 3]), ones([3, 4])).shape.join() !== '2,4') throw new Error('matmul');
 * if (matmul(tensor([1, 2]), tensor([3, 4])).item() !== 11) throw new Error('dot product');
 * if (matmul(ones([5, 2, 3]), ones([3])).shape.join() !== '5,2') throw new Error('batched');
 * ```
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(
      `matmul: both arguments need at least 1 dimension, got shapes ${shapeString(a.shape)} and ${shapeString(b.shape)}`,
    );
  }
  const k1 = a.shape[a.ndim - 1] as number;
  const k2 = (b.ndim === 1 ? b.shape[0] : b.shape[b.ndim - 2]) as number;
  if (k1 !== k2) {
    throw new Error(
      `matmul: shapes ${shapeString(a.shape)} and ${shapeString(b.shape)} cannot be multiplied (${k1} != ${k2})`,
    );
  }
  let dtype = promoteTypes(a.dtype, b.dtype);
  if (dtype === 'bool') dtype = 'int32';
  return tidy(() => {
    const a2 = a.ndim === 1 ? unsqueeze(a, 0) : a;
    const b2 = b.ndim === 1 ? unsqueeze(b, 1) : b;
    const m = a2.shape[a2.ndim - 2] as number;
    const n = b2.shape[b2.ndim - 1] as number;
    const batch = broadcastShapes('matmul', a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    checkElementCount('matmul', [...batch, m, n]);
    const ae = expand(cast(a2, dtype), [...batch, m, k1]);
    const be = expand(cast(b2, dtype), [...batch, k1, n]);
    // An empty product (k = 0) is all zeros; say so here rather than in every backend.
    const { backend, result } =
      k1 === 0 || sizeOf(batch) * m * n === 0
        ? dispatch([dtype], [], (bk) => bk.fill(sizeOf(batch) * m * n, 0, dtype))
        : dispatch([dtype], [ae.strided, be.strided], (bk, [va, vb]) => bk.matmul(va, vb, dtype));
    const out = fromData(backend, result, [...batch, m, n], dtype);
    // Drop the dims that 1-D operands gained.
    const shape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
    return reshape(out, shape);
  });
}
