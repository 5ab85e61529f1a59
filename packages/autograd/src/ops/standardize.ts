/** `standardize`: the normalizing half of layer norm, one declared op with a closed-form gradient. */
import { type NDArray, standardize as standardizeRaw } from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';
import type { Tensor } from '../tensor.js';

type X = { x: NDArray };

/** Over how many trailing dimensions, and the `eps` under the square root. */
export interface StandardizeAttrs {
  readonly dims: number;
  readonly eps: number;
}

/**
 * The declared op: `(x - mean) / sqrt(var + eps)` over the last `dims` dimensions. The
 * backend computes it in one kernel where it has one (cpu); the gradient is written out, as
 * PyTorch's `native_layer_norm_backward` does, instead of flowing back through seven ops:
 * with y the output, r = 1 / sqrt(var + eps) and means over the normalized dimensions,
 * dx = r (g - mean(g) - y mean(g y)).
 */
const standardizeOp = defineOp({
  name: 'standardize',
  forward: ({ x }: X, { dims, eps }: StandardizeAttrs) => standardizeRaw(x, dims, eps),
  backward: {
    x: (g, { x, out }, { dims, eps }) => {
      const axes = trailingAxes(x.ndim, dims);
      // r again from x: the op saves no statistics (each node keeps one output).
      const centered = x.sub(x.mean(axes, true));
      const r = centered.square().mean(axes, true).add(eps).rsqrt();
      const projection = out.mul(g.mul(out).mean(axes, true));
      return r.mul(g.sub(g.mean(axes, true)).sub(projection));
    },
  },
});

/** The last `dims` axes of a rank-`ndim` tensor. */
export function trailingAxes(ndim: number, dims: number): number[] {
  return Array.from({ length: dims }, (_, i) => ndim - dims + i);
}

/**
 * `(x - mean) / sqrt(var + eps)` over the last `dims` dimensions, with the biased variance:
 * layer norm without its scale and shift (`F.layerNorm` adds those). One kernel on the cpu.
 * @example
 * ```ts
 * import { standardize, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[1, 2, 3], [5, 5, 8]], { requiresGrad: true });
 * const y = standardize(x, 1, 0); // each row to mean 0, variance 1
 * if (Math.abs((y.toArray() as number[][])[0]![2]! - Math.sqrt(1.5)) > 1e-6) throw new Error('standardize');
 * y.square().sum().backward(); // Σ y² is the row size whatever x is: no gradient
 * if (x.grad!.abs().max().item() > 1e-5) throw new Error('gradient');
 * ```
 */
export function standardize(x: Tensor, dims: number, eps = 1e-5): Tensor {
  return standardizeOp({ x }, { dims, eps });
}
