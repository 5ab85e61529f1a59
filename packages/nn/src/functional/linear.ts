/** `linear`: the affine map of `Linear`. */
import type { Tensor } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/**
 * y = x Wᵀ + b, over the last dimension of `input` (as `torch.nn.functional.linear`).
 * @param input - `[..., inFeatures]`
 * @param weight - `[outFeatures, inFeatures]`
 * @param bias - `[outFeatures]`, or null/undefined for none
 * @returns `[..., outFeatures]`
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (weight.ndim !== 2) {
    throw new Error(
      `linear: weight has shape ${shapeString(weight.shape)}; expected [outFeatures, inFeatures]`,
    );
  }
  const inFeatures = weight.shape[1]!;
  if (input.ndim === 0 || input.shape[input.ndim - 1] !== inFeatures) {
    throw new Error(
      `linear: input of shape ${shapeString(input.shape)} does not end in ${inFeatures} features, ` +
        `as the weight ${shapeString(weight.shape)} expects`,
    );
  }
  if (bias && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new Error(
      `linear: bias has shape ${shapeString(bias.shape)}; expected [${weight.shape[0]}]`,
    );
  }
  const y = input.matmul(weight.transpose(0, 1));
  return bias ? y.add(bias) : y;
}
