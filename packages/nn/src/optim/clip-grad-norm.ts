/** `clipGradNorm`: rescale gradients so that their joint norm is at most a bound. */
import { Tensor, noGrad } from '@tensorgrad/autograd';
import { tidy } from '@tensorgrad/autograd';

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /** Order of the norm: a positive number or `Infinity` (default 2). */
  normType?: number;
  /** Throw instead of scaling when the total norm is NaN or infinite (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scale every gradient by `min(1, maxNorm / (total + 1e-6))`, where `total` is the norm of all
 * gradients together (as `torch.nn.utils.clip_grad_norm_`), and return `total`.
 * Parameters without a gradient are skipped.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { Parameter, SGD, clipGradNorm } from '@tensorgrad/nn';
 * const p = new Parameter(tensor([0, 0]));
 * const opt = new SGD([p], { lr: 1 });
 * const loss = p.mul(tensor([3, 4])).sum();
 * loss.backward();
 * const norm = clipGradNorm([p], 1.0);
 * opt.step();
 * if (norm !== 5) throw new Error(`total norm ${norm}`);
 * const g = [...p.grad!.data()];
 * if (Math.abs(g[0]! - 0.6) > 1e-5 || Math.abs(g[1]! - 0.8) > 1e-5) throw new Error(`clipped to ${g}`);
 * ```
 */
export function clipGradNorm(
  parameters: Iterable<Tensor> | Tensor,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): number {
  const normType = options.normType ?? 2;
  if (!(normType > 0))
    throw new Error(`clipGradNorm: normType must be positive or Infinity, got ${normType}`);
  const params = parameters instanceof Tensor ? [parameters] : [...parameters];
  const grads = params.flatMap((p) => (p.grad === null ? [] : [p.grad]));
  if (grads.length === 0) return 0;
  // Per-gradient norms first, then the norm of those norms (PyTorch's order of summation).
  const norms = tidy(() =>
    grads.map((g) =>
      Number((normType === Infinity ? g.value.abs().max() : g.value.norm(normType)).item()),
    ),
  );
  const total =
    normType === Infinity
      ? Math.max(...norms)
      : norms.reduce((s, n) => s + n ** normType, 0) ** (1 / normType);
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}; expected a finite number ` +
        `(pass errorIfNonfinite: false to scale anyway)`,
    );
  }
  // PyTorch always multiplies, even by a coefficient clamped to 1, so NaN norms propagate into the gradients.
  const coefficient = Math.min(maxNorm / (total + 1e-6), 1);
  noGrad(() => {
    for (const g of grads) tidy(() => g.assign(g.value.mul(coefficient)));
  });
  return total;
}
