/**
 * Inclusive prefix sum. Each output element sums its own prefix along the axis: O(n²) work
 * along that axis, but no thread waits for another, which suits a fragment shader. Axes
 * longer than `MAX_LOOP` are handed to the cpu (`handoff.ts`).
 */
import type { DType, View } from '../../backend.js';
import type { DeviceArray, KernelSignature } from '../gpu-runtime.js';
import {
  range,
  shapeArgs,
  shapeParams,
  sizeOf,
  stridedSum,
  unravel,
  viewArgs,
  viewParams,
} from '../strided.js';
import { arithmeticResult } from './dtype-conversion.js';
import { arrayOf, type KernelContext } from './kernel-context.js';

function cumsumSignature(rank: number, axis: number, outDtype: DType): KernelSignature {
  const scalars = [...shapeParams('n', rank), ...viewParams('x', rank)];
  const off = range(rank).filter((d) => d !== axis);
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', rank, 'n', 'c'),
    `const base = xOff + ${stridedSum('x', 'c', rank, off)};`,
    'let r = 0.0;',
    `for (let l = 0; l <= c${axis}; l++) {`,
    `  r = r + x[base + l * xS${axis}];`,
    '}',
    ...arithmeticResult(outDtype),
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['x'], scalars };
}

/** Inclusive prefix sum of `x` along `axis`; out has `x.shape`, row-major. */
export function cumsum(
  ctx: KernelContext,
  x: View,
  axis: number,
  outDtype: DType,
): DeviceArray | null {
  const size = sizeOf(x.shape);
  if (size === 0) return null;
  const rank = x.shape.length;
  const kernel = ctx.cache.get(`cumsum:${rank}:${axis}:${outDtype}`, () =>
    cumsumSignature(rank, axis, outDtype),
  );
  return kernel.run(size, [arrayOf(ctx, x.data, 'cumsum'), ...shapeArgs(x.shape), ...viewArgs(x)]);
}
