/** `oneHot`: class indices to indicator vectors. */
import type { Tensor } from '@tensorgrad/autograd';
import { oneHot as oneHotOp } from '@tensorgrad/autograd';

/**
 * `[...]` int32 class indices → `[..., numClasses]` int32 with a 1 at each index
 * (as `torch.nn.functional.one_hot`). `numClasses = -1` uses the largest index + 1.
 */
export function oneHot(input: Tensor, numClasses = -1): Tensor {
  if (input.dtype !== 'int32')
    throw new Error(`oneHot: input has dtype ${input.dtype}; expected int32 class indices`);
  const classes =
    numClasses === -1 ? (input.size === 0 ? 0 : Number(input.max().item()) + 1) : numClasses;
  return oneHotOp(input, classes);
}
