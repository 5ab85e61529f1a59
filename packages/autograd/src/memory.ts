/**
 * Memory management for autograd tensors. `tidy`, `memory` and `settleMemory` are the raw ones:
 * autograd tensors take part through the `[heldTensors]` protocol (a returned tensor keeps its
 * value, its grad and the saved tensors of its graph). `keep` and `dispose` accept autograd
 * tensors. Tensors nobody disposes are freed by the garbage collector (see `memory`).
 */
import { type NDArray, dispose as rawDispose, keep as rawKeep } from '@tensorgrad/tensor';
import { Tensor } from './tensor.js';

export { memory, settleMemory, tidy } from '@tensorgrad/tensor';

/**
 * Exempts a tensor (its value and grad, for an autograd tensor) from every enclosing and future
 * `tidy`; it lives until disposed.
 * @example
 * ```ts
 * import { Tensor, keep, randn, tidy } from '@tensorgrad/autograd';
 * let weights: Tensor | undefined;
 * tidy(() => {
 *   weights = keep(randn([3, 3], { requiresGrad: true }));
 * });
 * if (weights === undefined || weights.isDisposed) throw new Error('keep');
 * weights.dispose();
 * ```
 */
export function keep<T extends Tensor | NDArray>(t: T): T {
  if (t instanceof Tensor) {
    rawKeep(t.value);
    if (t.grad !== null) rawKeep(t.grad.value);
  } else {
    rawKeep(t);
  }
  return t;
}

/**
 * Disposes every tensor found in `value` (tensors, arrays, plain objects, Maps). An autograd
 * tensor frees its value and grad only: unlike `tidy`'s keep-alive walk, disposing never reaches
 * into the graph, whose saved tensors belong to other tensors (often parameters).
 * @example
 * ```ts
 * import { dispose, tensor } from '@tensorgrad/autograd';
 * const a = tensor([1]);
 * const logits = tensor([2]);
 * dispose([a, { logits }]);
 * if (!a.isDisposed || !logits.isDisposed) throw new Error('dispose');
 * ```
 */
export function dispose(value: unknown): void {
  const seen = new Set<unknown>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Tensor) v.dispose();
    else if (Array.isArray(v)) for (const item of v as unknown[]) stack.push(item);
    else if (v instanceof Map)
      for (const item of (v as Map<unknown, unknown>).values()) stack.push(item);
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
      for (const item of Object.values(v)) stack.push(item);
    } else rawDispose(v);
  }
}
