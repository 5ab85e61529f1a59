/**
 * 2-D convolution as unfold + matmul: both declared ops, so conv2d needs no backward of its own.
 * The one conv2d users call (`F.conv2d` and the `Conv2d` layer of `@tensorgrad/nn` are this
 * function); its checks, error messages and output size come from `planConv2d`.
 */
import {
  type Conv2dOptions,
  type Conv2dPlan,
  type NDArray,
  planConv2d,
  tidy,
} from '@tensorgrad/tensor';
import { isGradEnabled } from '../grad-mode.js';
import { lift } from '../define-op.js';
import { unfold } from '../ops/conv.js';
import type { Tensor } from '../tensor.js';

/**
 * 2-D cross-correlation (torch.nn.functional.conv2d). `input` is [n, cIn, h, w] (or unbatched
 * [cIn, h, w]), `weight` is [cOut, cIn / groups, kH, kW], `bias` is [cOut]. Stride, padding and
 * dilation are one number or [h, w]; padding may also be `'valid'` or `'same'` (stride 1; an odd
 * total padding puts the extra row/column at the bottom/right, as PyTorch does).
 * @example
 * ```ts
 * import { conv2d, ones, randn } from '@tensorgrad/autograd';
 * const w = ones([1, 1, 2, 2], { requiresGrad: true });
 * const y = conv2d(ones([1, 1, 3, 3]), w);
 * if (JSON.stringify(y.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d');
 * y.sum().backward();
 * if (JSON.stringify(w.grad?.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d: gradient');
 * const x = randn([2, 4, 8, 8]);
 * const strided = conv2d(x, randn([6, 4, 3, 3]), randn([6]), { stride: 2, padding: 1 });
 * if (strided.shape.join() !== '2,6,4,4') throw new Error(`shape ${strided.shape}`);
 * const depthwise = conv2d(x, randn([4, 1, 2, 2]), null, { padding: 'same', groups: 4 });
 * if (depthwise.shape.join() !== '2,4,8,8') throw new Error(`shape ${depthwise.shape}`);
 * ```
 */
export function conv2d(
  input: Tensor | NDArray,
  weight: Tensor | NDArray,
  bias?: Tensor | NDArray | null,
  options: Conv2dOptions = {},
): Tensor {
  const x = lift(input);
  const w = lift(weight);
  const b = bias == null ? null : lift(bias);
  const plan = planConv2d(x.shape, w.shape, b?.shape, options);
  // When nothing is recorded, the im2col columns (the largest temporary by far) are freed at
  // once, so the cpu backend reuses their memory on the next call; when recording, the graph
  // saves them for backward anyway.
  const recording = isGradEnabled() && [x, w, b].some((t) => t?.requiresGrad === true);
  return recording ? convolve(x, w, b, plan) : tidy(() => convolve(x, w, b, plan));
}

/** im2col + one batched matmul + bias. */
function convolve(x: Tensor, w: Tensor, bias: Tensor | null, plan: Conv2dPlan): Tensor {
  const { geometry: g, groups, outChannels } = plan;
  const k = (g.c / groups) * g.kernelH * g.kernelW;
  // cols [n, groups, k, L] times weight [groups, cOut/groups, k]: one batched matmul.
  const cols = unfold({ x: x.reshape([g.n, g.c, g.h, g.w]) }, g);
  const product = w
    .reshape([groups, outChannels / groups, k])
    .matmul(cols.reshape([g.n, groups, k, g.outH * g.outW]));
  const spatial = [outChannels, g.outH, g.outW];
  const out = product.reshape(x.ndim === 3 ? spatial : [g.n, ...spatial]);
  return bias === null ? out : out.add(bias.reshape([outChannels, 1, 1]));
}
