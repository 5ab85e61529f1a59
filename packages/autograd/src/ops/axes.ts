/** Shape arithmetic shared by backward rules (reductions, slicing). */
import type { Tensor } from '../tensor.js';

/**
 * Axes as ops accept them: one axis, several, or `undefined` for all. Negative axes count from the end.
 * @example
 * ```ts
 * import { type Axis, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[1, 2], [3, 4]]);
 * const axes: Axis[] = [0, [0, 1], undefined];
 * const sums = axes.map((a) => JSON.stringify(x.sum(a).toArray()));
 * if (sums.join(' ') !== '[4,6] 10 10') throw new Error('Axis');
 * ```
 */
export type Axis = number | readonly number[] | undefined;

// One copy of axis normalisation, in the tensor package (it names the op in its errors).
export { normalizeAxes, normalizeAxis } from '@tensorgrad/tensor';

/** `shape` with each reduced axis set to 1 (what `keepdim: true` gives). */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * The gradient of a reduction, broadcast back over the reduced axes: works whether or not the
 * reduction kept its dims, because both have the kept shape's number of elements.
 */
export function expandReduced(
  grad: Tensor,
  inputShape: readonly number[],
  axes: readonly number[],
): Tensor {
  return grad.reshape(keptShape(inputShape, axes)).expand(inputShape);
}

/** How many elements a reduction over `axes` combines. */
export function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * (shape[a] as number), 1);
}
