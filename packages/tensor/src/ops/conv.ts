/**
 * 2-D convolution as unfold (im2col) + one batched matmul, with groups (depthwise included).
 */
import type { Conv2dGeometry } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { tidy } from '../memory.js';
import { shapeString } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import * as ew from './elementwise.js';
import { matmul } from './matmul.js';
import { pad } from './pad.js';
import { reshape, squeeze, unsqueeze } from './views.js';

/**
 * A size given once for both spatial dims or as [h, w].
 * @example
 * ```ts
 * import { type Pair, conv2d, ones } from '@tensorgrad/tensor';
 * const both: Pair = 1; // the same for height and width
 * const hw: Pair = [1, 0]; // [height, width]
 * const y = conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), null, { stride: both, padding: hw });
 * if (y.shape.join() !== '1,1,4,2') throw new Error('Pair');
 * ```
 */
export type Pair = number | readonly [number, number];

/**
 * Options of {@link conv2d} and {@link convGeometry}.
 * @example
 * ```ts
 * import { type Conv2dOptions, conv2d, ones } from '@tensorgrad/tensor';
 * const options: Conv2dOptions = { stride: 2, padding: 1, dilation: 1, groups: 1 };
 * const y = conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), null, options);
 * if (y.shape.join() !== '1,1,2,2') throw new Error('Conv2dOptions');
 * const same = conv2d(ones([1, 1, 5, 5]), ones([1, 1, 2, 2]), null, { padding: 'same' });
 * if (same.shape.join() !== '1,1,5,5') throw new Error("padding 'same'");
 * ```
 */
export interface Conv2dOptions {
  readonly stride?: Pair;
  /** Zero padding per side, or torch's `'valid'` (none) / `'same'` (output size = input size, stride 1). */
  readonly padding?: Pair | 'same' | 'valid';
  readonly dilation?: Pair;
  readonly groups?: number;
}

function pair(op: string, name: string, v: Pair, min: number): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= min)) {
    throw new Error(
      `${op}: ${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`,
    );
  }
  return p;
}

/**
 * The geometry of a conv2d window over an input of shape [n, c, h, w] with a kernel of shape
 * [kernelH, kernelW]. The output size is `floor((h + 2 pad - dilation (k - 1) - 1) / stride) + 1`.
 * @example
 * ```ts
 * import { convGeometry } from '@tensorgrad/tensor';
 * const g = convGeometry([1, 3, 8, 8], [3, 3], { padding: 1, stride: 2 });
 * if (g.outH !== 4 || g.outW !== 4) throw new Error('convGeometry');
 * ```
 */
export function convGeometry(
  inputShape: readonly number[],
  kernel: Pair,
  options: Omit<Conv2dOptions, 'groups'> = {},
): Conv2dGeometry {
  if (inputShape.length !== 4)
    throw new Error(`convGeometry: input must be [n, c, h, w], got ${shapeString(inputShape)}`);
  const [n, c, h, w] = inputShape as [number, number, number, number];
  const [kernelH, kernelW] = pair('conv2d', 'kernel size', kernel, 1);
  const [strideH, strideW] = pair('conv2d', 'stride', options.stride ?? 1, 1);
  const padding = options.padding ?? 0;
  if (padding === 'same')
    throw new Error("convGeometry: padding 'same' must be resolved by conv2d first");
  const [padH, padW] = pair('conv2d', 'padding', padding === 'valid' ? 0 : padding, 0);
  const [dilationH, dilationW] = pair('conv2d', 'dilation', options.dilation ?? 1, 1);
  const outH = Math.floor((h + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH) + 1;
  const outW = Math.floor((w + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW) + 1;
  if (outH <= 0 || outW <= 0) {
    throw new Error(
      `conv2d: input of spatial size [${h},${w}] (padded [${h + 2 * padH},${w + 2 * padW}]) is smaller than the dilated kernel [${dilationH * (kernelH - 1) + 1},${dilationW * (kernelW - 1) + 1}]`,
    );
  }
  return {
    n,
    c,
    h,
    w,
    kernelH,
    kernelW,
    strideH,
    strideW,
    padH,
    padW,
    dilationH,
    dilationW,
    outH,
    outW,
  };
}

/**
 * im2col: `x` [n, c, h, w] → [n, c * kernelH * kernelW, outH * outW] (rows ordered c, kh, kw,
 * as torch.nn.functional.unfold), zero padding.
 * @example
 * ```ts
 * import { arange, convGeometry, unfold } from '@tensorgrad/tensor';
 * const x = arange(16, { dtype: 'float32' }).reshape(1, 1, 4, 4);
 * const cols = unfold(x, convGeometry(x.shape, [2, 2], { stride: 2 }));
 * if (cols.shape.join() !== '1,4,4') throw new Error('unfold');
 * if (cols.select(2, 0).toArray().toString() !== '0,1,4,5') throw new Error('first window');
 * ```
 */
export function unfold(x: NDArray, g: Conv2dGeometry): NDArray {
  const expected = [g.n, g.c, g.h, g.w];
  if (x.ndim !== 4 || x.shape.some((d, i) => d !== expected[i])) {
    throw new Error(
      `unfold: input of shape ${shapeString(x.shape)} does not match the geometry's ${shapeString(expected)}`,
    );
  }
  const { backend, result } = dispatch([x.dtype], [x.strided], (b, [v]) => b.unfold(v, g));
  return fromData(backend, result, [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW], x.dtype);
}

/**
 * col2im, the adjoint of {@link unfold}: [n, c * kh * kw, outH * outW] → [n, c, h, w],
 * summing where windows overlap.
 * @example
 * ```ts
 * import { convGeometry, fold, ones, unfold } from '@tensorgrad/tensor';
 * const x = ones([1, 1, 3, 3]);
 * const g = convGeometry(x.shape, [2, 2]);
 * const y = fold(unfold(x, g), g); // each pixel summed once per window covering it
 * if (JSON.stringify(y.toArray()) !== '[[[[1,2,1],[2,4,2],[1,2,1]]]]') throw new Error('fold');
 * ```
 */
export function fold(cols: NDArray, g: Conv2dGeometry): NDArray {
  const expected = [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW];
  if (cols.ndim !== 3 || cols.shape.some((d, i) => d !== expected[i])) {
    throw new Error(
      `fold: input of shape ${shapeString(cols.shape)} does not match the geometry's ${shapeString(expected)}`,
    );
  }
  const { backend, result } = dispatch([cols.dtype], [cols.strided], (b, [v]) => b.fold(v, g));
  return fromData(backend, result, [g.n, g.c, g.h, g.w], cols.dtype);
}

/**
 * 2-D cross-correlation (torch.nn.functional.conv2d). `x` is [n, cIn, h, w] (or unbatched
 * [cIn, h, w]), `weight` is [cOut, cIn / groups, kh, kw], `bias` is [cOut].
 * Groups split channels into independent convolutions; `groups = cIn` is depthwise.
 * @example
 * ```ts
 * import { conv2d, ones, zeros } from '@tensorgrad/tensor';
 * const y = conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]));
 * if (JSON.stringify(y.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d');
 * const depthwise = conv2d(ones([2, 3, 5, 5]), ones([3, 1, 3, 3]), zeros([3]), { groups: 3 });
 * if (depthwise.shape.join() !== '2,3,3,3') throw new Error('depthwise');
 * ```
 */
export function conv2d(
  x: NDArray,
  weight: NDArray,
  bias?: NDArray | null,
  options: Conv2dOptions = {},
): NDArray {
  if (x.ndim === 3) {
    return tidy(() => squeeze(conv2d(unsqueeze(x, 0), weight, bias, options), 0));
  }
  const groups = options.groups ?? 1;
  if (x.ndim !== 4 || weight.ndim !== 4) {
    throw new Error(
      `conv2d: expected input [n, c, h, w] and weight [cOut, cIn/groups, kh, kw], got ${shapeString(x.shape)} and ${shapeString(weight.shape)}`,
    );
  }
  const [cOut, cInPerGroup, kh, kw] = weight.shape as [number, number, number, number];
  const cIn = x.shape[1] as number;
  if (!Number.isInteger(groups) || groups < 1 || cIn % groups !== 0 || cOut % groups !== 0) {
    throw new Error(
      `conv2d: groups ${groups} must divide both input channels ${cIn} and output channels ${cOut}`,
    );
  }
  if (cInPerGroup * groups !== cIn) {
    throw new Error(
      `conv2d: weight ${shapeString(weight.shape)} expects ${cInPerGroup * groups} input channels (${cInPerGroup} x ${groups} groups), got input ${shapeString(x.shape)} with ${cIn}`,
    );
  }
  if (bias != null && (bias.ndim !== 1 || bias.shape[0] !== cOut)) {
    throw new Error(`conv2d: bias must have shape [${cOut}], got ${shapeString(bias.shape)}`);
  }
  if (options.padding === 'same') return convSame(x, weight, bias, options);
  const g = convGeometry(x.shape, [kh, kw], options);
  return tidy(() => {
    const k = cInPerGroup * kh * kw;
    // cols [n, groups, k, L] and weight [groups, cOut/groups, k]: one batched matmul.
    const cols = reshape(unfold(x, g), [g.n, groups, k, g.outH * g.outW]);
    const w = reshape(weight, [groups, cOut / groups, k]);
    let out = reshape(matmul(w, cols), [g.n, cOut, g.outH, g.outW]);
    if (bias != null) out = ew.add(out, reshape(bias, [cOut, 1, 1]));
    return out;
  });
}

/**
 * padding 'same' as torch: total padding `dilation * (k - 1)` per spatial dim, the odd unit on
 * the bottom/right side. Symmetric totals use the geometry's padding; odd ones pad explicitly.
 */
function convSame(
  x: NDArray,
  weight: NDArray,
  bias: NDArray | null | undefined,
  options: Conv2dOptions,
): NDArray {
  const [strideH, strideW] = pair('conv2d', 'stride', options.stride ?? 1, 1);
  if (strideH !== 1 || strideW !== 1) {
    throw new Error(`conv2d: padding 'same' needs stride 1, got ${JSON.stringify(options.stride)}`);
  }
  const [dilationH, dilationW] = pair('conv2d', 'dilation', options.dilation ?? 1, 1);
  const totalH = dilationH * ((weight.shape[2] as number) - 1);
  const totalW = dilationW * ((weight.shape[3] as number) - 1);
  if (totalH % 2 === 0 && totalW % 2 === 0) {
    return conv2d(x, weight, bias, { ...options, padding: [totalH / 2, totalW / 2] });
  }
  const top = Math.floor(totalH / 2);
  const left = Math.floor(totalW / 2);
  return tidy(() =>
    conv2d(pad(x, [left, totalW - left, top, totalH - top]), weight, bias, {
      ...options,
      padding: 0,
    }),
  );
}
