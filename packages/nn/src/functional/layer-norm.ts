/** `layerNorm`: normalisation over the trailing dimensions. */
import { type Tensor, standardize } from '@tensorgrad/autograd';
import { sameShape, shapeString } from '@tensorgrad/tensor';

/**
 * Normalise over the last `normalizedShape.length` dimensions with the biased variance, then
 * scale and shift: `(x - mean) / sqrt(var + eps) * weight + bias` (as
 * `torch.nn.functional.layer_norm`).
 * @param normalizedShape - the trailing shape to normalise over (a number means `[n]`)
 * @param weight - optional scale of shape `normalizedShape`
 * @param bias - optional shift of shape `normalizedShape`
 * @param eps - added to the variance (PyTorch's default 1e-5)
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  eps = 1e-5,
): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const trailing = input.shape.slice(input.ndim - shape.length);
  if (shape.length === 0 || input.ndim < shape.length || !sameShape(trailing, shape)) {
    throw new Error(
      `layerNorm: input of shape ${shapeString(input.shape)} does not end in the normalized shape ${shapeString(shape)}`,
    );
  }
  for (const [name, t] of [
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t && !sameShape(t.shape, shape)) {
      throw new Error(
        `layerNorm: ${name} has shape ${shapeString(t.shape)}; expected ${shapeString(shape)}`,
      );
    }
  }
  let y = standardize(input, shape.length, eps);
  if (weight) y = y.mul(weight);
  if (bias) y = y.add(bias);
  return y;
}
