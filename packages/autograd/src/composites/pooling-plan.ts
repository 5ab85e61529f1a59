/**
 * The checks and window geometry of the 2-D poolings (`maxPool2d`, `avgPool2d`): the one place
 * their error messages are written and their output size is computed, following PyTorch 1.13's
 * `pool2d_shape_check` and `pooling_output_shape`.
 */
import {
  type Conv2dGeometry,
  type DType,
  type Pair,
  isFloat,
  pair,
  shapeString,
} from '@tensorgrad/tensor';

/** The window options shared by the 2-D poolings (PyTorch's keyword arguments, camelCase). */
export interface Pool2dWindowOptions {
  /** Step between windows (default: the kernel size, as PyTorch's `stride=None`). */
  readonly stride?: Pair | null;
  /** Implicit padding on each side (default 0); at most half the kernel size. */
  readonly padding?: Pair;
  /**
   * Round the output size up instead of down (default false), so that a last, partial window
   * covers the rest of the input; as in PyTorch, a window that would start in the right (or
   * bottom) padding is dropped.
   */
  readonly ceilMode?: boolean;
}

/** A planned 2-D pooling: the window geometry, and the shape of the result. */
export interface Pool2dPlan {
  /**
   * The windows over the input seen as [n, c, h, w] (an unbatched [c, h, w] input counts as a
   * batch of one); `padH`/`padW` are the padding before (above, left), and `outH`/`outW` may
   * reach past the padding after (ceil mode).
   */
  readonly geometry: Conv2dGeometry;
  /** The output shape: [n, c, outH, outW], or [c, outH, outW] for an unbatched input. */
  readonly outShape: readonly number[];
}

/**
 * The checks every pooling makes on its input: 3-D or 4-D, floating point (PyTorch has no
 * integer max or adaptive pooling; tensorgrad has no integer division for average pooling), and
 * — unless `emptyChannels` — only the batch dim may be empty.
 */
export function checkPoolInput(
  op: string,
  shape: readonly number[],
  dtype: DType,
  emptyChannels = false,
): void {
  if (shape.length !== 3 && shape.length !== 4) {
    throw new Error(
      `${op}: expected a 3-D (unbatched [c, h, w]) or 4-D (batched [n, c, h, w]) input, got shape ${shapeString(shape)}`,
    );
  }
  const nonBatch = shape.slice(shape.length - (emptyChannels ? 2 : 3));
  if (nonBatch.includes(0)) {
    const which = emptyChannels
      ? 'non-zero height and width'
      : 'non-zero channels, height and width (only the batch may be empty)';
    throw new Error(`${op}: expected an input with ${which}, got shape ${shapeString(shape)}`);
  }
  if (!isFloat(dtype)) {
    throw new Error(
      `${op}: expected a floating-point input, got ${dtype} (cast it first: x.cast('float32'))`,
    );
  }
}

/**
 * The number of windows along one dim (PyTorch's `pooling_output_shape`): floor division, or
 * ceil division whose last window must start inside the input or the padding before it.
 */
function windowCount(
  size: number,
  kernel: number,
  pad: number,
  stride: number,
  dilation: number,
  ceilMode: boolean,
): number {
  const span = dilation * (kernel - 1) + 1;
  const count = Math.floor((size + 2 * pad - span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  return ceilMode && (count - 1) * stride >= size + pad ? count - 1 : count;
}

/**
 * Checks a 2-D pooling's input and options and plans its windows. `dilated` says whether the
 * pooling has a dilation option (max pooling), so that its messages mention it.
 */
export function planPool2d(
  op: string,
  inputShape: readonly number[],
  dtype: DType,
  kernelSize: Pair,
  options: Pool2dWindowOptions & { readonly dilation?: Pair },
  dilated: boolean,
): Pool2dPlan {
  checkPoolInput(op, inputShape, dtype);
  const [kernelH, kernelW] = pair(op, 'kernelSize', kernelSize, 1);
  const [strideH, strideW] =
    options.stride == null ? [kernelH, kernelW] : pair(op, 'stride', options.stride, 1);
  const [padH, padW] = pair(op, 'padding', options.padding ?? 0, 0);
  const [dilationH, dilationW] = pair(op, 'dilation', options.dilation ?? 1, 1);
  // PyTorch's rule: beyond half the kernel, a window could lie in the padding only.
  if (padH > Math.floor(kernelH / 2) || padW > Math.floor(kernelW / 2)) {
    throw new Error(
      `${op}: expected padding to be at most half the kernel size (${shapeString([Math.floor(kernelH / 2), Math.floor(kernelW / 2)])} for kernel ${shapeString([kernelH, kernelW])}), got ${shapeString([padH, padW])}`,
    );
  }
  const batched = inputShape.length === 4;
  const [n, c, h, w] = (batched ? inputShape : [1, ...inputShape]) as [
    number,
    number,
    number,
    number,
  ];
  const ceilMode = options.ceilMode ?? false;
  const outH = windowCount(h, kernelH, padH, strideH, dilationH, ceilMode);
  const outW = windowCount(w, kernelW, padW, strideW, dilationW, ceilMode);
  if (outH < 1 || outW < 1) {
    const dilation = dilated ? `, dilation ${shapeString([dilationH, dilationW])}` : '';
    throw new Error(
      `${op}: input of spatial size ${shapeString([h, w])} is too small for kernel ${shapeString([kernelH, kernelW])} (padding ${shapeString([padH, padW])}${dilation}): the output size would be ${shapeString([outH, outW])}, expected at least [1, 1]`,
    );
  }
  const geometry: Conv2dGeometry = {
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
  return { geometry, outShape: batched ? [n, c, outH, outW] : [c, outH, outW] };
}

/**
 * Per window, the divisor of PyTorch's `avg_pool2d`: `divisorOverride` when given; otherwise the
 * window's size clipped to the padded input (`countIncludePad`, so a ceil-mode window hanging
 * past the padding counts only what it covers of it) or to the input itself. Returns one number
 * when every window has the same divisor, else one per window in [outH, outW] order.
 */
export function averageDivisors(
  g: Conv2dGeometry,
  countIncludePad: boolean,
  divisorOverride: number | null,
): number | Float64Array {
  if (divisorOverride !== null) return divisorOverride;
  const divisors = new Float64Array(g.outH * g.outW);
  for (let oh = 0; oh < g.outH; oh++) {
    const [padded, inside] = clip(oh * g.strideH - g.padH, g.kernelH, g.h, g.padH);
    for (let ow = 0; ow < g.outW; ow++) {
      const [paddedW, insideW] = clip(ow * g.strideW - g.padW, g.kernelW, g.w, g.padW);
      divisors[oh * g.outW + ow] = countIncludePad ? padded * paddedW : inside * insideW;
    }
  }
  return divisors.every((d) => d === divisors[0]) && divisors.length > 0
    ? (divisors[0] as number)
    : divisors;
}

/** How much of the window [start, start + kernel) lies in the padded input, and in the input. */
function clip(start: number, kernel: number, size: number, pad: number): [number, number] {
  const end = Math.min(start + kernel, size + pad);
  return [end - start, Math.min(end, size) - Math.max(start, 0)];
}

/**
 * For max pooling: per window, torch's returned index of each tap (`ih · w + iw` in the input
 * plane, [kernelH · kernelW, outH · outW]), and the tap PyTorch falls back to when no value beats
 * −∞ (the first tap inside the input: its loop starts there with −∞ as the running maximum).
 */
export function maxPoolTaps(g: Conv2dGeometry): { flat: Int32Array; firstInside: Int32Array } {
  const windows = g.outH * g.outW;
  const flat = new Int32Array(g.kernelH * g.kernelW * windows);
  const firstInside = new Int32Array(windows);
  // The first tap along one dim at or after 0 (PyTorch: `while (start < 0) start += dilation`).
  const firstTap = (start: number, dilation: number, kernel: number): number =>
    start >= 0 ? 0 : Math.min(kernel - 1, Math.ceil(-start / dilation));
  for (let oh = 0; oh < g.outH; oh++) {
    const top = oh * g.strideH - g.padH;
    for (let ow = 0; ow < g.outW; ow++) {
      const left = ow * g.strideW - g.padW;
      const window = oh * g.outW + ow;
      firstInside[window] =
        firstTap(top, g.dilationH, g.kernelH) * g.kernelW + firstTap(left, g.dilationW, g.kernelW);
      for (let ki = 0; ki < g.kernelH; ki++) {
        for (let kj = 0; kj < g.kernelW; kj++) {
          const ih = top + ki * g.dilationH;
          const iw = left + kj * g.dilationW;
          flat[(ki * g.kernelW + kj) * windows + window] = ih * g.w + iw;
        }
      }
    }
  }
  return { flat, firstInside };
}
