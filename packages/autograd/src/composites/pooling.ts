/**
 * 2-D pooling (torch.nn.functional's max_pool2d, avg_pool2d, adaptive_avg_pool2d), composed of
 * declared ops, so none needs a backward of its own:
 * - max and average pooling take their windows with `unfold` (im2col, as conv2d does) and reduce
 *   each window; the gradient flows back through `fold`;
 * - adaptive average pooling reshapes and averages where the bins are equal, and multiplies by a
 *   bin-averaging matrix where they are not.
 * Checks, error messages and output sizes come from `pooling-plan.ts`.
 */
import { type Conv2dGeometry, type NDArray, type Pair, tidy } from '@tensorgrad/tensor';
import { tensor } from '../creation.js';
import { lift } from '../define-op.js';
import { isGradEnabled, noGrad } from '../grad-mode.js';
import { unfold } from '../ops/conv.js';
import { pad } from '../ops/slicing.js';
import type { Tensor } from '../tensor.js';
import {
  type Pool2dPlan,
  type Pool2dWindowOptions,
  averageDivisors,
  checkPoolInput,
  maxPoolTaps,
  planPool2d,
} from './pooling-plan.js';

export type { Pool2dWindowOptions } from './pooling-plan.js';

/** Options of {@link maxPool2d} (PyTorch's keyword arguments, camelCase). */
export interface MaxPool2dOptions extends Pool2dWindowOptions {
  /** Spacing between the taps of a window (default 1). */
  readonly dilation?: Pair;
  /** Also return where each maximum was found (default false). */
  readonly returnIndices?: boolean;
}

/** Options of {@link avgPool2d} (PyTorch's keyword arguments, camelCase). */
export interface AvgPool2dOptions extends Pool2dWindowOptions {
  /** Count the zero padding in the divisor (default true). */
  readonly countIncludePad?: boolean;
  /** Divide every window's sum by this non-zero integer instead (default: none). */
  readonly divisorOverride?: number | null;
}

/**
 * What `maxPool2d` returns with `returnIndices`: the maxima, and where each was found as an
 * int32 index into its input plane (`ih · w + iw`, PyTorch's int64 `indices`).
 */
export interface PoolValuesAndIndices {
  readonly values: Tensor;
  readonly indices: Tensor;
}

/** The input seen as [n, c, h, w]. */
function batched(x: Tensor, g: Conv2dGeometry): Tensor {
  return x.ndim === 4 ? x : x.reshape([g.n, g.c, g.h, g.w]);
}

/** Whether the op is recorded for backward (then its temporaries are the graph's to free). */
function recording(x: Tensor): boolean {
  return isGradEnabled() && x.requiresGrad;
}

/**
 * 2-D max pooling (torch.nn.functional.max_pool2d) over an input [n, c, h, w] or unbatched
 * [c, h, w]. The padding is −∞, so it never wins. As in PyTorch, a NaN in a window is its
 * maximum; the gradient goes to one element per window: the first maximum, or the last NaN.
 * `stride` defaults to the kernel size; `ceilMode` keeps a last, partial window.
 * @example
 * ```ts
 * import { maxPool2d, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[[1, 5, 2, 0], [3, 4, 8, 6]]], { requiresGrad: true }); // [c=1, h=2, w=4]
 * const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
 * if (JSON.stringify(values.toArray()) !== '[[[5,8]]]') throw new Error('maxima');
 * if (JSON.stringify(indices.toArray()) !== '[[[1,6]]]') throw new Error('indices: ih * w + iw');
 * values.sum().backward();
 * if (JSON.stringify(x.grad?.toArray()) !== '[[[0,1,0,0],[0,0,1,0]]]') throw new Error('grad');
 * const row = tensor([[[-1, -2, -3]]]);
 * // ceil mode keeps the last, partial window: [-1, -2] and [-3]
 * if (String(maxPool2d(row, [1, 2], { ceilMode: true }).toArray()) !== '-1,-3') throw new Error('ceil');
 * // the padding is −∞, never 0: windows [pad, -1] and [-2, -3]
 * if (String(maxPool2d(row, [1, 2], { padding: [0, 1] }).toArray()) !== '-1,-2') throw new Error('pad');
 * ```
 */
export function maxPool2d(
  input: Tensor | NDArray,
  kernelSize: Pair,
  options?: MaxPool2dOptions & { readonly returnIndices?: false },
): Tensor;
export function maxPool2d(
  input: Tensor | NDArray,
  kernelSize: Pair,
  options: MaxPool2dOptions & { readonly returnIndices: true },
): PoolValuesAndIndices;
export function maxPool2d(
  input: Tensor | NDArray,
  kernelSize: Pair,
  options?: MaxPool2dOptions,
): Tensor | PoolValuesAndIndices;
export function maxPool2d(
  input: Tensor | NDArray,
  kernelSize: Pair,
  options: MaxPool2dOptions = {},
): Tensor | PoolValuesAndIndices {
  const x = lift(input);
  const plan = planPool2d('maxPool2d', x.shape, x.dtype, kernelSize, options, true);
  const returnIndices = options.returnIndices === true;
  // The index is only needed for the gradient or when asked for; otherwise one max reduction.
  const run = (): Tensor | PoolValuesAndIndices =>
    returnIndices || recording(x) ? maxWithIndices(x, plan, returnIndices) : maxOnly(x, plan);
  return recording(x) ? run() : tidy(run);
}

/**
 * The windows of max pooling, [n, c, kernelH · kernelW, outH · outW]. The input is first padded
 * with −∞ (on the right and bottom as far as ceil-mode windows reach), so that im2col's zero
 * padding is never read.
 */
function maxWindows(x: Tensor, g: Conv2dGeometry): Tensor {
  const below = Math.max(
    0,
    (g.outH - 1) * g.strideH + g.dilationH * (g.kernelH - 1) + 1 - g.h - g.padH,
  );
  const right = Math.max(
    0,
    (g.outW - 1) * g.strideW + g.dilationW * (g.kernelW - 1) + 1 - g.w - g.padW,
  );
  const pads = [g.padW, right, g.padH, below];
  const padded = pads.some((p) => p > 0)
    ? pad({ x: batched(x, g) }, { pads, value: -Infinity })
    : batched(x, g);
  const h = g.h + g.padH + below;
  const w = g.w + g.padW + right;
  const cols = unfold({ x: padded }, { ...g, h, w, padH: 0, padW: 0 });
  return cols.reshape([g.n, g.c, g.kernelH * g.kernelW, g.outH * g.outW]);
}

function maxOnly(x: Tensor, plan: Pool2dPlan): Tensor {
  return maxWindows(x, plan.geometry).max(2).reshape(plan.outShape);
}

/**
 * Max pooling that also knows where each maximum is: the values are gathered at the tap that
 * PyTorch's kernel picks (see {@link pickTaps}), so the gradient goes to that element alone.
 */
function maxWithIndices(
  x: Tensor,
  plan: Pool2dPlan,
  returnIndices: boolean,
): Tensor | PoolValuesAndIndices {
  const g = plan.geometry;
  const windows = maxWindows(x, g);
  const tables = maxPoolTaps(g);
  // Choosing the taps needs no graph, and its temporaries go at once, even while recording.
  const tap = tidy(() => noGrad(() => pickTaps(windows, g, tables.firstInside)));
  const values = windows.gather(2, tap).reshape(plan.outShape);
  if (!returnIndices) return values;
  const indices = tidy(() => {
    const shape = [1, 1, g.kernelH * g.kernelW, g.outH * g.outW];
    const flat = tensor(tables.flat, { dtype: 'int32', shape });
    return flat.expand(windows.shape).gather(2, tap).reshape(plan.outShape);
  });
  return { values, indices };
}

/**
 * Per window, the tap PyTorch's loop ends on (a running maximum from −∞ that takes a value when
 * `val > max || isnan(val)`): the first maximum; the last NaN; the first tap inside the input
 * when nothing beats −∞. int32, [n, c, 1, outH · outW].
 */
function pickTaps(windows: Tensor, g: Conv2dGeometry, firstInside: Int32Array): Tensor {
  const taps = g.kernelH * g.kernelW;
  const first = windows.argmax(2, true); // the first maximum, or the first NaN
  const peak = windows.gather(2, first);
  const lastNaN = windows
    .flip(2)
    .argmax(2, true)
    .neg()
    .add(taps - 1);
  const tap = lastNaN.where(peak.isnan(), first);
  if (g.padH === 0 && g.padW === 0) return tap;
  // All −∞: argmax found the first tap, which may lie in the padding.
  const inside = tensor(firstInside, { dtype: 'int32', shape: [1, 1, 1, g.outH * g.outW] });
  return inside.where(peak.eq(-Infinity), tap);
}

/**
 * 2-D average pooling (torch.nn.functional.avg_pool2d) over an input [n, c, h, w] or unbatched
 * [c, h, w]. The padding is zeros; with `countIncludePad` (the default) they count in the
 * divisor, except the part of a ceil-mode window past the padding, as in PyTorch.
 * `divisorOverride` replaces every divisor.
 * @example
 * ```ts
 * import { avgPool2d, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[[1, 2, 3]]]); // [c=1, h=1, w=3]
 * const padded = avgPool2d(x, [1, 2], { padding: [0, 1] }); // windows [0, 1] and [2, 3]
 * if (String(padded.toArray()) !== '0.5,2.5') throw new Error(`${padded.toArray()}`);
 * const exact = avgPool2d(x, [1, 2], { padding: [0, 1], countIncludePad: false });
 * if (String(exact.toArray()) !== '1,2.5') throw new Error(`${exact.toArray()}`);
 * ```
 */
export function avgPool2d(
  input: Tensor | NDArray,
  kernelSize: Pair,
  options: AvgPool2dOptions = {},
): Tensor {
  const x = lift(input);
  const plan = planPool2d('avgPool2d', x.shape, x.dtype, kernelSize, options, false);
  const override = options.divisorOverride ?? null;
  if (override !== null && !(Number.isInteger(override) && override !== 0)) {
    throw new Error(
      `avgPool2d: expected divisorOverride to be a non-zero integer or null, got ${String(override)}`,
    );
  }
  const g = plan.geometry;
  const divisors = averageDivisors(g, options.countIncludePad ?? true, override);
  const run = (): Tensor => {
    const sums = unfold({ x: batched(x, g) }, g)
      .reshape([g.n, g.c, g.kernelH * g.kernelW, g.outH * g.outW])
      .sum(2);
    const divisor =
      typeof divisors === 'number'
        ? divisors
        : tensor(divisors, { dtype: x.dtype, shape: [g.outH * g.outW] });
    return sums.div(divisor).reshape(plan.outShape);
  };
  return recording(x) ? run() : tidy(run);
}

/** An adaptive output size: one for both dims, or [h, w]; null keeps the input's size. */
export type AdaptiveSize = number | null | readonly [number | null, number | null];

/**
 * 2-D adaptive average pooling (torch.nn.functional.adaptive_avg_pool2d): an input [n, c, h, w]
 * or [c, h, w] becomes [..., outH, outW], output cell i averaging the input rows
 * `floor(i · h / outH)` to `ceil((i + 1) · h / outH)` (exclusive), and likewise for columns, so
 * neighbouring bins overlap when the sizes do not divide. A null size keeps the input's.
 * @example
 * ```ts
 * import { adaptiveAvgPool2d, tensor } from '@tensorgrad/autograd';
 * const x = tensor([[[1, 2, 3, 4, 5]]]); // [c=1, h=1, w=5]
 * const y = adaptiveAvgPool2d(x, [null, 3]); // bins [0, 2), [1, 4), [3, 5)
 * if (String(y.toArray()) !== '1.5,3,4.5') throw new Error(`${y.toArray()}`);
 * ```
 */
export function adaptiveAvgPool2d(input: Tensor | NDArray, outputSize: AdaptiveSize): Tensor {
  const x = lift(input);
  checkPoolInput('adaptiveAvgPool2d', x.shape, x.dtype, true);
  const pairOf = Array.isArray(outputSize) ? outputSize : [outputSize, outputSize];
  const valid = (s: unknown): boolean => s === null || (Number.isInteger(s) && (s as number) >= 0);
  if (pairOf.length !== 2 || !pairOf.every(valid)) {
    const got = Array.isArray(outputSize) ? `[${outputSize.join(', ')}]` : String(outputSize);
    throw new Error(
      `adaptiveAvgPool2d: expected outputSize to be a non-negative integer, null, or a pair [h, w] of them, got ${got}`,
    );
  }
  const [h, w] = x.shape.slice(-2) as [number, number];
  const outH = (pairOf[0] as number | null) ?? h;
  const outW = (pairOf[1] as number | null) ?? w;
  const run = (): Tensor => averageBins(averageBins(x, -2, outH), -1, outW);
  return recording(x) ? run() : tidy(run);
}

/** Adaptive average over the last (`-1`) or second-to-last (`-2`) dim, into `out` bins. */
function averageBins(x: Tensor, axis: -1 | -2, out: number): Tensor {
  const size = x.shape[x.ndim + axis] as number;
  if (out === size) return x;
  const lead = x.shape.slice(0, axis === -2 ? -2 : -1);
  const trail = axis === -2 ? [x.shape[x.ndim - 1] as number] : [];
  if (out > 0 && size % out === 0) {
    // Equal bins of `size / out` elements: a reshape and a mean, exactly as PyTorch sums.
    return x.reshape([...lead, out, size / out, ...trail]).mean(axis);
  }
  // Bins of different sizes: a matrix whose row i holds 1 / |bin i| over bin i.
  const weights = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) weights[i * size + j] = 1 / (end - start);
  }
  const bins = tensor(weights, { dtype: x.dtype, shape: [out, size] });
  return axis === -2 ? bins.matmul(x) : x.matmul(bins.mT);
}
