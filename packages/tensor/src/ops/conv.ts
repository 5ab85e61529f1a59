/**
 * 2-D convolution. {@link planConv2d} is the one place a conv2d's operands and options are
 * checked (so the one place its error messages are written) and its output size computed; the
 * differentiable `conv2d` of `@tensorgrad/autograd`, which users call, and the array-layer
 * {@link conv2d} here both start from it, then run unfold (im2col) and one batched matmul.
 */
import type { Conv2dGeometry } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { tidy } from '../memory.js';
import { checkElementCount, sameShape, shapeString } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import * as ew from './elementwise.js';
import { matmul } from './matmul.js';
import { reshape } from './views.js';

/** A size given once for both spatial dims or as [h, w]. */
export type Pair = number | readonly [number, number];

/** Options of conv2d (PyTorch's keyword arguments) and of {@link convGeometry}. */
export interface Conv2dOptions {
  /** Step between output positions (default 1). */
  readonly stride?: Pair;
  /**
   * Zeros added on each side (default 0), or `'valid'` (none) or `'same'` (output size = input
   * size; needs stride 1). As in PyTorch, `'same'` pads `dilation · (kernel − 1)` in total per
   * dim, and when that is odd the extra row/column goes at the end (bottom/right).
   */
  readonly padding?: Pair | 'same' | 'valid';
  /** Spacing between kernel taps (default 1). */
  readonly dilation?: Pair;
  /** Split the channels into this many independent convolutions (default 1; `groups = cIn` is depthwise). */
  readonly groups?: number;
}

/** A received option or size as error messages print it. */
function received(value: unknown): string {
  if (Array.isArray(value)) return shapeString(value as number[]);
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * `value` as [h, w] of integers ≥ `min`, or an error naming `op` and the option; `alternatives`
 * names what else the caller accepts (padding's strings). Shared by conv2d and the poolings.
 */
export function pair(
  op: string,
  name: string,
  value: unknown,
  min: 0 | 1,
  alternatives = '',
): [number, number] {
  const p =
    typeof value === 'number'
      ? [value, value]
      : Array.isArray(value) && value.length === 2
        ? [value[0] as unknown, value[1] as unknown]
        : null;
  if (p === null || !p.every((x) => Number.isInteger(x) && (x as number) >= min)) {
    const integer = min === 1 ? 'a positive integer' : 'a non-negative integer';
    const expected = alternatives
      ? `${integer}, a pair [h, w] of them, ${alternatives}`
      : `${integer} or a pair [h, w] of them`;
    throw new Error(`${op}: expected ${name} to be ${expected}, got ${received(value)}`);
  }
  return p as [number, number];
}

/** The geometry behind {@link convGeometry} and {@link planConv2d}, its errors naming `op`. */
function windowGeometry(
  op: string,
  inputShape: readonly number[],
  kernel: Pair,
  options: Omit<Conv2dOptions, 'groups'>,
): Conv2dGeometry {
  if (inputShape.length !== 4) {
    throw new Error(
      `${op}: expected an input of shape [n, c, h, w], got ${shapeString(inputShape)}`,
    );
  }
  const [n, c, h, w] = inputShape as [number, number, number, number];
  const [kernelH, kernelW] = pair(op, 'the kernel size', kernel, 1);
  const [strideH, strideW] = pair(op, 'stride', options.stride ?? 1, 1);
  const [dilationH, dilationW] = pair(op, 'dilation', options.dilation ?? 1, 1);
  // The dilated kernel covers span + 1 input positions; 'same' pads span in total.
  const spanH = dilationH * (kernelH - 1);
  const spanW = dilationW * (kernelW - 1);
  const padding = options.padding ?? 0;
  let before: [number, number];
  let after: [number, number];
  if (padding === 'same') {
    if (strideH !== 1 || strideW !== 1) {
      throw new Error(
        `${op}: padding 'same' is not supported for strided convolutions (expected stride 1, got ${received(options.stride)})`,
      );
    }
    // PyTorch's split: half before, and the odd unit (if any) after.
    before = [Math.floor(spanH / 2), Math.floor(spanW / 2)];
    after = [spanH - before[0], spanW - before[1]];
  } else {
    const spec = padding === 'valid' ? 0 : padding;
    before = after = pair(op, 'padding', spec, 0, "'same' or 'valid'");
  }
  const paddedH = h + before[0] + after[0];
  const paddedW = w + before[1] + after[1];
  if (paddedH <= spanH || paddedW <= spanW) {
    throw new Error(
      `${op}: input of spatial size ${shapeString([h, w])} (padded ${shapeString([paddedH, paddedW])}) is smaller than the dilated kernel ${shapeString([spanH + 1, spanW + 1])}`,
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
    // The backends read only the padding before; the padding after is implied by outH/outW.
    padH: before[0],
    padW: before[1],
    dilationH,
    dilationW,
    outH: Math.floor((paddedH - spanH - 1) / strideH) + 1,
    outW: Math.floor((paddedW - spanW - 1) / strideW) + 1,
  };
}

/**
 * The geometry of a conv2d window over an input of shape [n, c, h, w] with a kernel of shape
 * [kernelH, kernelW]. The output size is `floor((h + padding - dilation (k - 1) - 1) / stride) + 1`,
 * with `padding` the total of both sides.
 * @example
 * ```ts
 * import { convGeometry } from '@tensorgrad/tensor';
 * const g = convGeometry([1, 3, 8, 8], [3, 3], { padding: 1, stride: 2 });
 * if (g.outH !== 4 || g.outW !== 4) throw new Error('convGeometry');
 * const same = convGeometry([1, 3, 8, 8], [2, 2], { padding: 'same' }); // 0 rows above, 1 below
 * if (same.padH !== 0 || same.outH !== 8) throw new Error("convGeometry 'same'");
 * ```
 */
export function convGeometry(
  inputShape: readonly number[],
  kernel: Pair,
  options: Omit<Conv2dOptions, 'groups'> = {},
): Conv2dGeometry {
  return windowGeometry('convGeometry', inputShape, kernel, options);
}

/** What {@link planConv2d} returns. */
export interface Conv2dPlan {
  /** The window geometry; an unbatched input [c, h, w] counts as a batch of one. */
  readonly geometry: Conv2dGeometry;
  readonly groups: number;
  readonly outChannels: number;
}

/**
 * Checks the shapes and options of a conv2d (input [n, c, h, w] or unbatched [c, h, w], weight
 * [cOut, c / groups, kH, kW], optional bias [cOut]) and plans it. Every conv2d in the library
 * starts here, so this is where their error messages live.
 * @example
 * ```ts
 * import { planConv2d } from '@tensorgrad/tensor';
 * const { geometry } = planConv2d([2, 3, 5, 4], [6, 3, 2, 2], null, { padding: 'same' });
 * if (geometry.outH !== 5 || geometry.outW !== 4) throw new Error('planConv2d');
 * let message = '';
 * try { planConv2d([1, 3, 4, 4], [2, 2, 3, 3], null); } catch (e) { message = (e as Error).message; }
 * if (!message.includes('expected input with 2 channels')) throw new Error(message);
 * ```
 */
export function planConv2d(
  inputShape: readonly number[],
  weightShape: readonly number[],
  biasShape?: readonly number[] | null,
  options: Conv2dOptions = {},
): Conv2dPlan {
  if (inputShape.length !== 3 && inputShape.length !== 4) {
    throw new Error(
      `conv2d: expected a 3-D (unbatched [c, h, w]) or 4-D (batched [n, c, h, w]) input, got shape ${shapeString(inputShape)}`,
    );
  }
  if (weightShape.length !== 4) {
    throw new Error(
      `conv2d: expected a 4-D weight [cOut, cIn / groups, kH, kW], got shape ${shapeString(weightShape)}`,
    );
  }
  const groups = options.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new Error(`conv2d: expected groups to be a positive integer, got ${received(groups)}`);
  }
  const [outChannels, groupChannels, kernelH, kernelW] = weightShape as [
    number,
    number,
    number,
    number,
  ];
  if (outChannels % groups !== 0) {
    throw new Error(
      `conv2d: given groups=${groups}, expected the weight's output channels (dim 0) to be divisible by ${groups}, got weight of shape ${shapeString(weightShape)}`,
    );
  }
  const batched = inputShape.length === 4 ? inputShape : [1, ...inputShape];
  const channels = batched[1] as number;
  if (channels !== groupChannels * groups) {
    throw new Error(
      `conv2d: given groups=${groups} and weight of shape ${shapeString(weightShape)}, expected input with ${groupChannels * groups} channels, got input of shape ${shapeString(inputShape)} with ${channels} channels`,
    );
  }
  if (biasShape != null && !(biasShape.length === 1 && biasShape[0] === outChannels)) {
    throw new Error(
      `conv2d: given weight of shape ${shapeString(weightShape)}, expected bias of shape ${shapeString([outChannels])}, got ${shapeString(biasShape)}`,
    );
  }
  const geometry = windowGeometry('conv2d', batched, [kernelH, kernelW], options);
  return { geometry, groups, outChannels };
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
  if (!sameShape(x.shape, expected)) {
    throw new Error(
      `unfold: input of shape ${shapeString(x.shape)} does not match the geometry's ${shapeString(expected)}`,
    );
  }
  const shape = [g.n, g.c * g.kernelH * g.kernelW, g.outH * g.outW];
  checkElementCount('unfold', shape);
  const { backend, result } = dispatch([x.dtype], [x.strided], (b, [v]) => b.unfold(v, g));
  return fromData(backend, result, shape, x.dtype);
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
  if (!sameShape(cols.shape, expected)) {
    throw new Error(
      `fold: input of shape ${shapeString(cols.shape)} does not match the geometry's ${shapeString(expected)}`,
    );
  }
  const { backend, result } = dispatch([cols.dtype], [cols.strided], (b, [v]) => b.fold(v, g));
  return fromData(backend, result, [g.n, g.c, g.h, g.w], cols.dtype);
}

/**
 * 2-D cross-correlation (torch.nn.functional.conv2d) on arrays, without a graph. `x` is
 * [n, cIn, h, w] (or unbatched [cIn, h, w]), `weight` is [cOut, cIn / groups, kh, kw], `bias` is
 * [cOut]. Groups split channels into independent convolutions; `groups = cIn` is depthwise.
 *
 * Why it exists beside autograd's `conv2d`: that one must compose unfold and matmul as ops with
 * gradients, so it cannot call this; this one is the array layer's own conv (the op the tensor
 * package's reference, memory and cpu-vs-gpu tests check). Both take their checks and geometry
 * from {@link planConv2d}, so the only thing written twice is the three-line unfold + matmul.
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
  const {
    geometry: g,
    groups,
    outChannels,
  } = planConv2d(x.shape, weight.shape, bias?.shape, options);
  return tidy(() => {
    const k = (g.c / groups) * g.kernelH * g.kernelW;
    // cols [n, groups, k, L] and weight [groups, cOut/groups, k]: one batched matmul.
    const batched = reshape(x, [g.n, g.c, g.h, g.w]);
    const cols = reshape(unfold(batched, g), [g.n, groups, k, g.outH * g.outW]);
    const w = reshape(weight, [groups, outChannels / groups, k]);
    const spatial = [outChannels, g.outH, g.outW];
    let out = reshape(matmul(w, cols), x.ndim === 3 ? spatial : [g.n, ...spatial]);
    if (bias != null) out = ew.add(out, reshape(bias, [outChannels, 1, 1]));
    return out;
  });
}
