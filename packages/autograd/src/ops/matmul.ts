/** Matrix products with torch.matmul semantics (1-D operands, broadcast batch dims). */
import type { NDArray } from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';
import type { Tensor } from '../tensor.js';

type AB = { a: NDArray; b: NDArray };

/** A 1-D left operand is a row vector [1, k]; a 1-D right operand a column vector [k, 1]. */
function asMatrixA(a: Tensor): Tensor {
  return a.ndim === 1 ? a.reshape([1, a.shape[0] as number]) : a;
}
function asMatrixB(b: Tensor): Tensor {
  return b.ndim === 1 ? b.reshape([b.shape[0] as number, 1]) : b;
}

/**
 * The output gradient with the dims that 1-D operands removed put back, so that it has the
 * shape of the product of the promoted operands: [...batch, m, n].
 */
function asMatrixGrad(g: Tensor, a: Tensor, b: Tensor): Tensor {
  let matrix = g;
  if (a.ndim === 1) matrix = matrix.unsqueeze(b.ndim === 1 ? 0 : -2);
  if (b.ndim === 1) matrix = matrix.unsqueeze(-1);
  return matrix;
}

/** Matrix product with torch.matmul semantics. */
export const matmul = defineOp({
  name: 'matmul',
  forward: ({ a, b }: AB) => a.matmul(b),
  // With A [..., m, k], B [..., k, n] and G [..., m, n]: dA = G Bᵀ and dB = Aᵀ G, then summed
  // over the batch dims that broadcasting added and reshaped back to the 1-D operands.
  backward: {
    a: (g, { a, b }) => {
      const grad = asMatrixGrad(g, a, b).matmul(asMatrixB(b).mT);
      return grad.sumToSize(asMatrixA(a).shape).reshape(a.shape).cast(a.dtype);
    },
    b: (g, { a, b }) => {
      const grad = asMatrixA(a).mT.matmul(asMatrixGrad(g, a, b));
      return grad.sumToSize(asMatrixB(b).shape).reshape(b.shape).cast(b.dtype);
    },
  },
});
