/**
 * `conv1d`: a 1-D convolution run as the one conv2d of `@tensorgrad/autograd` on the input seen
 * as an image of height 1, so it shares conv2d's kernels, gradients and checks.
 */
import { type Tensor, conv2d } from '@tensorgrad/autograd';
import { planConv2d, shapeString } from '@tensorgrad/tensor';

/** Options of {@link conv1d} (PyTorch's keyword arguments). */
export interface Conv1dOptions {
  /** Step between output positions (default 1). */
  readonly stride?: number | readonly [number];
  /**
   * Zeros added at each end (default 0), or `'valid'` (none) or `'same'` (output length = input
   * length; needs stride 1; an odd total padding puts the extra zero at the end, as PyTorch).
   */
  readonly padding?: number | readonly [number] | 'same' | 'valid';
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: number | readonly [number];
  /** Split the channels into this many independent convolutions (default 1). */
  readonly groups?: number;
}

/** One size given as a number or as PyTorch's 1-tuple `[n]`; `min` is 0 or 1. */
function single(name: string, value: unknown, min: 0 | 1, alternatives = ''): number {
  const n = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
    const kind = min === 1 ? 'a positive integer' : 'a non-negative integer';
    const got = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    throw new Error(
      `conv1d: expected ${name} to be ${kind}${alternatives ? `, [${name}], ${alternatives}` : ` or [${name}]`}, got ${got}`,
    );
  }
  return n;
}

/**
 * The conv2d options of a conv1d over `[n, c, 1, length]`: the 1-D sizes go in the width.
 * Exported for the `Conv1d` layer, which checks its options when it is built.
 */
export function conv1dAsConv2d(options: Conv1dOptions): {
  stride: [number, number];
  padding: [number, number] | 'same' | 'valid';
  dilation: [number, number];
  groups: number | undefined;
} {
  const { padding = 0 } = options;
  return {
    stride: [1, single('stride', options.stride ?? 1, 1)],
    padding:
      padding === 'same' || padding === 'valid'
        ? padding
        : [0, single('padding', padding, 0, "'same' or 'valid'")],
    dilation: [1, single('dilation', options.dilation ?? 1, 1)],
    groups: options.groups,
  };
}

/**
 * 1-D cross-correlation (`torch.nn.functional.conv1d`): `input` is `[n, cIn, length]` (or
 * unbatched `[cIn, length]`), `weight` `[cOut, cIn / groups, k]`, `bias` `[cOut]`; the output
 * length is `floor((length + 2 padding − dilation (k − 1) − 1) / stride) + 1`.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import { conv1d } from '@tensorgrad/nn';
 * const signal = tensor([[[1, 2, 3, 4]]]); // [n, c, length]
 * const difference = tensor([[[-1, 1]]]); // [cOut, cIn, k]: x[i + 1] - x[i]
 * const y = conv1d(signal, difference, null, { padding: 'same' }); // the extra zero goes at the end
 * if (String(y.toArray()) !== '1,1,1,-4') throw new Error(`${y.toArray()}`);
 * ```
 */
export function conv1d(
  input: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv1dOptions = {},
): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw new Error(
      `conv1d: expected a 2-D (unbatched [c, length]) or 3-D (batched [n, c, length]) input, got shape ${shapeString(input.shape)}`,
    );
  }
  if (weight.ndim !== 3) {
    throw new Error(
      `conv1d: expected a 3-D weight [cOut, cIn / groups, k], got shape ${shapeString(weight.shape)}`,
    );
  }
  const options2d = conv1dAsConv2d(options);
  const image = input.unsqueeze(-2);
  const kernel = weight.unsqueeze(-2);
  try {
    planConv2d(image.shape, kernel.shape, bias?.shape, options2d);
  } catch (error) {
    // conv2d's checks are the one copy; their shapes are those of the height-1 image.
    const reason = (error as Error).message.replace(/^conv2d: /, '');
    throw new Error(
      `conv1d: ${reason} (conv1d runs as conv2d on the input as [n, c, 1, length] and the weight as [cOut, cIn / groups, 1, k])`,
    );
  }
  return conv2d(image, kernel, bias, options2d).squeeze(-2);
}
