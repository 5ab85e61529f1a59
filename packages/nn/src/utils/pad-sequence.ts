/** `padSequence`: `torch.nn.utils.rnn.pad_sequence`, a batch from sequences of different lengths. */
import { type Tensor, pad, stack } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** Options of {@link padSequence}: `pad_sequence`'s keyword arguments in camelCase. */
export interface PadSequenceOptions {
  /** Output `[B, T, *]` instead of `[T, B, *]` (default false, as in torch). */
  readonly batchFirst?: boolean;
  /** The value of the padded positions (default 0). */
  readonly paddingValue?: number;
}

/**
 * Stacks sequences of shapes `[L_i, *]` into one tensor `[T, B, *]` (or `[B, T, *]` with
 * `batchFirst`), right-padding each to the longest length `T` with `paddingValue`. It is `pad`
 * and `stack`, so gradients flow back to each sequence (the padding gets none).
 *
 * Stricter than torch 1.13, which casts every sequence to the first one's dtype and broadcasts
 * mismatched trailing dims: here both are errors.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { padSequence } from '@tensorgrad/nn';
 * const batch = padSequence([tensor([1, 2, 3]), tensor([4])], { batchFirst: true, paddingValue: -1 });
 * if (JSON.stringify(batch.toArray()) !== '[[1,2,3],[4,-1,-1]]') throw new Error('padSequence');
 * ```
 */
export function padSequence(
  sequences: readonly Tensor[],
  options: PadSequenceOptions = {},
): Tensor {
  const { batchFirst = false, paddingValue = 0 } = options;
  const first = sequences[0];
  if (first === undefined) {
    throw new Error(
      'padSequence: received an empty list of sequences (expected at least one tensor of shape [L, *])',
    );
  }
  sequences.forEach((s, i) => {
    if (s.ndim === 0) {
      throw new Error(
        `padSequence: sequence ${i} is a 0-d tensor; expected shape [L, *] with the length first (unsqueeze(0) makes it a sequence of 1)`,
      );
    }
    if (s.dtype !== first.dtype) {
      throw new Error(
        `padSequence: sequence ${i} has dtype ${s.dtype}, sequence 0 has ${first.dtype} (expected one dtype; cast them first)`,
      );
    }
    const trailing = s.shape.slice(1);
    const expected = first.shape.slice(1);
    if (trailing.length !== expected.length || trailing.some((d, k) => d !== expected[k])) {
      throw new Error(
        `padSequence: sequence ${i} has shape ${shapeString(s.shape)}, sequence 0 has ${shapeString(first.shape)} ` +
          `(expected the same dims after the length: [${['L', ...expected].join(', ')}])`,
      );
    }
  });
  const longest = Math.max(...sequences.map((s) => s.shape[0] as number));
  // pad lists (before, after) pairs from the last dim: nothing on the trailing dims, then the
  // length dim (the first) padded at its end.
  const padded = sequences.map((s) =>
    pad(
      s,
      [...new Array<number>(2 * (s.ndim - 1)).fill(0), 0, longest - (s.shape[0] as number)],
      paddingValue,
    ),
  );
  return stack(padded, batchFirst ? 0 : 1);
}
