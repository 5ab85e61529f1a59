/**
 * Elementwise kernels: unary, binary, where, copy (which is also the cast) and fill.
 *
 * All of them are one "map" kernel: read each input at the output's coordinates through its
 * strides, run a snippet, write one float. Inputs are coalesced first (`strided.ts`), so the
 * kernel rank is the number of dims that cannot be walked as one.
 */
import type { BinaryOp, DType, UnaryOp, View } from '../../backend.js';
import type { DeviceArray, KernelSignature } from '../gpu-runtime.js';
import {
  address,
  coalesce,
  shapeArgs,
  shapeParams,
  sizeOf,
  unravel,
  viewArgs,
  viewParams,
} from '../strided.js';
import { isWholeContiguous } from '../host-values.js';
import { BINARY_SOURCE } from './binary-ops.js';
import { arithmeticResult, castResult } from './dtype-conversion.js';
import { arrayOf, type KernelContext } from './kernel-context.js';
import { UNARY_SOURCE } from './unary-ops.js';

/** What a map kernel computes: the local names its inputs are read into, and its body. */
interface MapSpec {
  /** Cache key naming the computation (not the sizes or the rank). */
  readonly key: string;
  /** Local variable each input is read into, in input order. */
  readonly reads: readonly string[];
  /** Statements assigning `r` from the reads. */
  readonly body: readonly string[];
}

/**
 * The gpu.js source of a map kernel of `rank` over `spec.reads.length` inputs. Input `i` is
 * read with `sameTexel` when `direct[i]` (see {@link runMap}), otherwise through its strides at
 * the output's coordinates; a kernel whose inputs are all direct unravels nothing.
 */
function mapSignature(spec: MapSpec, rank: number, direct: readonly boolean[]): KernelSignature {
  const arrays = spec.reads.map((_, i) => `x${i}`);
  const strided = arrays.filter((_, i) => !direct[i]);
  const coordRank = strided.length === 0 ? 0 : rank;
  const scalars = [
    ...shapeParams('n', coordRank),
    ...strided.flatMap((x) => viewParams(x, coordRank)),
  ];
  const read = (name: string, i: number): string =>
    direct[i]
      ? `const ${name} = sameTexel(x${i});`
      : `const ${name} = x${i}[${address(`x${i}`, 'c', rank)}];`;
  const lines = [
    `function (${[...arrays, ...scalars].join(', ')}) {`,
    ...(coordRank === 0 ? [] : unravel('this.thread.x * 1.0', rank, 'n', 'c')),
    ...spec.reads.map(read),
    'let r = 0.0;',
    ...spec.body,
    'return r;',
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays,
    scalars,
    sameTexel: direct.some((d) => d),
  };
}

/**
 * Run a map kernel over `inputs` (all of the same shape); `null` for an empty output.
 *
 * On textures, an input that covers its whole data contiguously (the common case: the result
 * of an earlier kernel, read whole) is laid out exactly as the output is and is read with
 * `sameTexel` (`gpu-runtime.ts`), which spares gpu.js's index arithmetic of each read:
 * 3–5 times faster for an add of two [1024, 1024] arrays on headless GL.
 */
function runMap(
  ctx: KernelContext,
  op: string,
  spec: MapSpec,
  inputs: readonly View[],
): DeviceArray | null {
  const size = sizeOf(inputs[0]!.shape);
  if (size === 0) return null;
  const direct = inputs.map((x) => ctx.runtime.usesTextures && isWholeContiguous(x));
  const stridedInputs = inputs.filter((_, i) => !direct[i]);
  const { shape, inputs: strided } = coalesce(inputs[0]!.shape, stridedInputs);
  const rank = stridedInputs.length === 0 ? 0 : shape.length;
  const pattern = direct.map((d) => (d ? 'd' : 's')).join('');
  const kernel = ctx.cache.get(`map:${spec.key}:rank${rank}:${pattern}`, () =>
    mapSignature(spec, rank, direct),
  );
  return kernel.run(size, [
    ...inputs.map((x) => arrayOf(ctx, x.data, op)),
    ...(rank === 0 ? [] : shapeArgs(shape)),
    ...strided.flatMap(viewArgs),
  ]);
}

/** `op(x)` elementwise, stored as `outDtype`. */
export function unary(
  ctx: KernelContext,
  op: UnaryOp,
  x: View,
  outDtype: DType,
): DeviceArray | null {
  const body = [...UNARY_SOURCE[op], ...arithmeticResult(outDtype)];
  return runMap(ctx, `unary:${op}`, { key: `unary:${op}:${outDtype}`, reads: ['v'], body }, [x]);
}

/** `op(a, b)` elementwise over equal shapes, stored as `outDtype`. */
export function binary(
  ctx: KernelContext,
  op: BinaryOp,
  a: View,
  b: View,
  outDtype: DType,
): DeviceArray | null {
  const body = [...BINARY_SOURCE[op], ...arithmeticResult(outDtype)];
  return runMap(ctx, `binary:${op}`, { key: `binary:${op}:${outDtype}`, reads: ['a', 'b'], body }, [
    a,
    b,
  ]);
}

/** `cond ? a : b` elementwise. */
export function where(
  ctx: KernelContext,
  cond: View,
  a: View,
  b: View,
  outDtype: DType,
): DeviceArray | null {
  const body = ['if (cond != 0.0) { r = a; } else { r = b; }', ...castResult(outDtype)];
  return runMap(ctx, 'where', { key: `where:${outDtype}`, reads: ['cond', 'a', 'b'], body }, [
    cond,
    a,
    b,
  ]);
}

/** Materialise `x` contiguously as `dtype` (the cast primitive). */
export function copy(ctx: KernelContext, x: View, dtype: DType): DeviceArray | null {
  const body = ['r = v;', ...castResult(dtype)];
  return runMap(ctx, 'copy', { key: `copy:${dtype}`, reads: ['v'], body }, [x]);
}

/** `size` elements equal to `value` (already converted to the dtype's stored form). */
export function fill(ctx: KernelContext, size: number, value: number): DeviceArray | null {
  if (size === 0) return null;
  // gpu.js skips re-uploading a uniform whose new value is === the cached one, and -0 === 0:
  // a fill of -0 after one of +0 would give +0. So the magnitude and the sign travel apart
  // (1 / value tells the sign of a zero), and their product restores -0 at run time.
  const kernel = ctx.cache.get('fill', () => ({
    source: 'function (magnitude, sign) { return magnitude * sign; }',
    arrays: [],
    scalars: ['magnitude', 'sign'],
  }));
  const negative = value < 0 || (value === 0 && 1 / value < 0);
  return kernel.run(size, [Math.abs(value), negative ? -1 : 1]);
}
