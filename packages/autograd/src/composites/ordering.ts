/**
 * sort and topk: the array layer finds the order; the values are then gathered from the input with a
 * declared op, so their gradient flows back to the positions they came from.
 */
import { isGradEnabled } from '../grad-mode.js';
import { Tensor } from '../tensor.js';

function valuesAt(
  x: Tensor,
  raw: { values: Tensor['value']; indices: Tensor['value'] },
  axis: number,
): { values: Tensor; indices: Tensor } {
  const indices = new Tensor(raw.indices);
  if (!x.requiresGrad || !isGradEnabled() || x.ndim === 0)
    return { values: new Tensor(raw.values), indices };
  raw.values.dispose();
  return { values: x.gather(axis, indices), indices };
}

/**
 * Stable sort along `axis`.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { sort } from '../../src/composites/ordering.js';
 * if (String(sort(tensor([3, 1, 2])).values.toArray()) !== '1,2,3') throw new Error('sort');
 * ```
 */
export function sort(
  x: Tensor,
  axis = -1,
  descending = false,
): { values: Tensor; indices: Tensor } {
  return valuesAt(x, x.value.sort(axis, descending), axis);
}

/**
 * The `k` largest (or smallest) entries along `axis`, sorted.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { topk } from '../../src/composites/ordering.js';
 * if (String(topk(tensor([1, 5, 3]), 2).values.toArray()) !== '5,3') throw new Error('topk');
 * ```
 */
export function topk(
  x: Tensor,
  k: number,
  axis = -1,
  largest = true,
): { values: Tensor; indices: Tensor } {
  return valuesAt(x, x.value.topk(k, axis, largest), axis);
}
