/** 2-D convolution as unfold + matmul: both declared ops, so conv2d needs no backward of its own. */
import { type Conv2dOptions, type NDArray, convGeometry } from '@tensorgrad/tensor';
import { lift } from '../define-op.js';
import { unfold } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';

/**
 * 2-D cross-correlation (torch.nn.functional.conv2d). `x` is [n, cIn, h, w] (or unbatched
 * [cIn, h, w]), `weight` is [cOut, cIn / groups, kh, kw], `bias` is [cOut].
 * @example
 * ```ts
 * import { conv2d, ones } from '@tensorgrad/autograd';
 * const w = ones([1, 1, 2, 2], { requiresGrad: true });
 * const y = conv2d(ones([1, 1, 3, 3]), w);
 * if (JSON.stringify(y.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d');
 * y.sum().backward();
 * if (JSON.stringify(w.grad?.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d: gradient');
 * ```
 */
export function conv2d(
  input: Tensor | NDArray,
  kernel: Tensor | NDArray,
  bias?: Tensor | NDArray | null,
  options: Conv2dOptions = {},
): Tensor {
  const x = lift(input);
  const weight = lift(kernel);
  if (x.ndim === 3) return conv2d(x.unsqueeze(0), weight, bias, options).squeeze(0);
  if (x.ndim !== 4 || weight.ndim !== 4) {
    throw new Error(
      `conv2d: expected input [n, c, h, w] and weight [cOut, cIn/groups, kh, kw], got [${x.shape.join(',')}] and [${weight.shape.join(',')}]`,
    );
  }
  const groups = options.groups ?? 1;
  const [cOut, cInPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const cIn = x.shape[1] as number;
  if (
    !Number.isInteger(groups) ||
    groups < 1 ||
    cOut % groups !== 0 ||
    cInPerGroup * groups !== cIn
  ) {
    throw new Error(
      `conv2d: weight [${weight.shape.join(',')}] with ${groups} groups expects ${cInPerGroup * groups} input channels ` +
        `and an output channel count divisible by ${groups}, got input [${x.shape.join(',')}]`,
    );
  }
  if (bias != null && (bias.ndim !== 1 || bias.shape[0] !== cOut)) {
    throw new Error(`conv2d: bias must have shape [${cOut}], got [${bias.shape.join(',')}]`);
  }
  const g = convGeometry(x.shape, [kh, kw], options);
  const k = cInPerGroup * kh * kw;
  // cols [n, groups, k, L] times weight [groups, cOut/groups, k]: one batched matmul.
  const cols = unfold({ x }, g).reshape([g.n, groups, k, g.outH * g.outW]);
  const w = weight.reshape([groups, cOut / groups, k]);
  const out = w.matmul(cols).reshape([g.n, cOut, g.outH, g.outW]);
  return bias == null ? out : out.add(lift(bias).reshape([cOut, 1, 1]));
}
