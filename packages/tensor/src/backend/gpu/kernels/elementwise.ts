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

/** The gpu.js source of a map kernel of `rank` over `spec.reads.length` inputs. */
function mapSignature(spec: MapSpec, rank: number): KernelSignature {
  const arrays = spec.reads.map((_, i) => `x${i}`);
  const scalars = [...shapeParams('n', rank), ...arrays.flatMap((x) => viewParams(x, rank))];
  const lines = [
    `function (${[...arrays, ...scalars].join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', rank, 'n', 'c'),
    ...spec.reads.map((name, i) => `const ${name} = x${i}[${address(`x${i}`, 'c', rank)}];`),
    'let r = 0.0;',
    ...spec.body,
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays, scalars };
}

/** Run a map kernel over `inputs` (all of the same shape); `null` for an empty output. */
function runMap(
  ctx: KernelContext,
  op: string,
  spec: MapSpec,
  inputs: readonly View[],
): DeviceArray | null {
  const size = sizeOf(inputs[0]!.shape);
  if (size === 0) return null;
  const { shape, inputs: strided } = coalesce(inputs[0]!.shape, inputs);
  const rank = shape.length;
  const kernel = ctx.cache.get(`map:${spec.key}:rank${rank}`, () => mapSignature(spec, rank));
  return kernel.run(size, [
    ...inputs.map((x) => arrayOf(ctx, x.data, op)),
    ...shapeArgs(shape),
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
