/** Shape arithmetic shared by backward rules (reductions, slicing). */
import type { Tensor as RawTensor } from '@tensorgrad/tensor';

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

/** Sorted, non-negative, unique axes; `undefined` means every axis. */
export function normalizeAxes(axis: Axis, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  return [...new Set(list.map((a) => normalizeAxis(a, ndim)))].sort((a, b) => a - b);
}

/** One axis made non-negative (ndim 0 accepts -1 and 0 like PyTorch). */
export function normalizeAxis(axis: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(axis) || axis < -n || axis >= n) {
    throw new Error(
      `axis ${axis} is out of range for a tensor with ${ndim} dimensions (expected -${n} <= axis < ${n})`,
    );
  }
  return axis < 0 ? axis + n : axis;
}

/** `shape` with each reduced axis set to 1 (what `keepdim: true` gives). */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * The gradient of a reduction, broadcast back over the reduced axes: works whether or not the
 * reduction kept its dims, because both have the kept shape's number of elements.
 */
export function expandReduced(
  grad: RawTensor,
  inputShape: readonly number[],
  axes: readonly number[],
): RawTensor {
  return grad.reshape(keptShape(inputShape, axes)).expand(inputShape);
}

/** How many elements a reduction over `axes` combines. */
export function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((n, a) => n * (shape[a] as number), 1);
}
