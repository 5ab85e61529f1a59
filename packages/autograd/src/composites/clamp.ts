/** clamp with number bounds is a declared op; tensor bounds are a composite of `where`. */
import type { Operand } from '../define-op.js';
import { whereOp } from '../ops/binary.js';
import { clamp as clampOp } from '../ops/unary.js';
import { Tensor } from '../tensor.js';

function isTensor(x: Operand | undefined): x is Tensor {
  return x instanceof Tensor;
}

/**
 * Limits `x` to `[min, max]`. The gradient passes where the value lies inside (bounds included);
 * a tensor bound receives the gradient where it was taken, as in PyTorch.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { clamp } from '../../src/composites/clamp.js';
 * const lo = tensor([0, 0], { requiresGrad: true });
 * const y = clamp(tensor([-1, 5]), lo, 1); // a tensor bound gets the gradient where it was taken
 * if (String(y.toArray()) !== '0,1') throw new Error('clamp');
 * y.sum().backward();
 * if (String(lo.grad?.toArray()) !== '1,0') throw new Error('clamp: gradient of the bound');
 * ```
 */
export function clamp(x: Tensor, min?: Operand, max?: Operand): Tensor {
  if (min === undefined && max === undefined)
    throw new Error('clamp: expected at least one of min and max, got neither');
  let out = x;
  const lower = isTensor(min) ? undefined : min === undefined ? undefined : Number(min);
  const upper = isTensor(max) ? undefined : max === undefined ? undefined : Number(max);
  if (lower !== undefined || upper !== undefined)
    out = clampOp({ x: out }, { min: lower, max: upper });
  if (isTensor(min)) out = whereOp({ cond: out.lt(min), a: min, b: out }, undefined);
  if (isTensor(max)) out = whereOp({ cond: out.gt(max), a: max, b: out }, undefined);
  return out;
}
