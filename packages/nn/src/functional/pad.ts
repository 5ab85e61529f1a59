/** `pad`: constant padding, as `torch.nn.functional.pad(mode='constant')`. */
import { pad as padOp } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/**
 * Pad with a constant. `pads` lists (before, after) pairs starting from the LAST dimension:
 * `[left, right]` pads the last dim, `[left, right, top, bottom]` the last two (PyTorch's order).
 * Negative amounts crop.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import { pad } from '@tensorgrad/nn';
 * const x = ones([2, 3]);
 * const y = pad(x, [1, 1, 2, 0]); // last dim +1 each side, second-to-last +2 at the start
 * if (y.shape.join() !== '4,5') throw new Error(`shape ${y.shape}`);
 * const masked = pad(x, [0, 1], -Infinity);
 * if (masked.data()[3] !== -Infinity) throw new Error('filled with the value');
 * ```
 */
export function pad(input: Tensor, pads: readonly number[], value = 0): Tensor {
  if (pads.length % 2 !== 0 || pads.length / 2 > input.ndim) {
    throw new Error(
      `pad: got ${pads.length} padding amounts for an input of shape ${shapeString(input.shape)}; ` +
        `expected an even number, at most ${2 * input.ndim}`,
    );
  }
  return padOp(input, pads, value);
}
