/** `embedding`: rows of a table looked up by index. */
import { where } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { tidy } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/**
 * Look up rows of `weight` `[numEmbeddings, dim]` for int32 `indices` `[...]` → `[..., dim]`.
 * Rows selected by `paddingIdx` receive no gradient (their value is still returned), as in PyTorch.
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx?: number | null): Tensor {
  if (indices.dtype !== 'int32') {
    throw new Error(`embedding: indices have dtype ${indices.dtype}; expected int32`);
  }
  if (weight.ndim !== 2) {
    throw new Error(
      `embedding: weight has shape ${shapeString(weight.shape)}; expected [numEmbeddings, dim]`,
    );
  }
  const count = weight.shape[0]!;
  if (indices.size > 0) {
    const [low, high] = tidy(() => [
      Number(indices.value.min().item()),
      Number(indices.value.max().item()),
    ]);
    if (low! < 0 || high! >= count) {
      throw new Error(
        `embedding: index ${low! < 0 ? low : high} is out of range for ${count} embeddings`,
      );
    }
  }
  const rows = weight
    .indexSelect(0, indices.reshape([-1]))
    .reshape([...indices.shape, weight.shape[1]!]);
  if (paddingIdx === null || paddingIdx === undefined) return rows;
  const padIndex = paddingIdx < 0 ? paddingIdx + count : paddingIdx;
  // Same values, but padding positions take them from a detached copy, so no gradient reaches that row.
  const isPadding = indices.eq(padIndex).unsqueeze(-1);
  return where(isPadding, rows.detach(), rows);
}
