/**
 * `standardize` (layer norm without its affine part) in two kernels, where the composite of
 * mean, sub, square, mean, add, rsqrt and mul takes seven (and six temporaries).
 *
 * 1. Row statistics, [2, rows]: thread `row` writes the row's mean, thread `rows + row`
 *    writes 1 / sqrt(var + eps), finding the mean again rather than waiting for the first.
 *    Two passes over the row, as on the cpu (Σ(x − mean)², not Σx² − (Σx)², which cancels
 *    when the mean is large next to the spread); both sums are compensated
 *    (`compensated-sum.ts`), where the cpu sums in float64.
 * 2. The map: (x − mean) · scale, one thread an element.
 *
 * Special values come out as on the cpu: a NaN or ±∞ in a row makes its variance NaN, and so
 * the whole row NaN; a constant row with eps = 0 gives 0 · ∞ = NaN. Rows longer than
 * `MAX_LOOP` are handed to the cpu (`handoff.ts`).
 */
import type { DType, View } from '../../backend.js';
import type { DeviceArray, KernelSignature } from '../gpu-runtime.js';
import { isWholeContiguous } from '../host-values.js';
import { sizeOf } from '../strided.js';
import { compensatedSum } from './compensated-sum.js';
import { arrayOf, type KernelContext } from './kernel-context.js';
import {
  readStats,
  STATS_SCALARS,
  statsLayout,
  statsResult,
  statsSignatureFlags,
  statsThread,
} from './line-stats.js';
import { lineWalk, WALK_STATE, walkArgs } from './line-walk.js';
import { onRowMajor } from './row-major.js';

/** Source of the statistics kernel (see the file comment); `textures` picks the row walk. */
function statsSignature(textures: boolean): KernelSignature {
  const walk = lineWalk(textures);
  const scalars = [...STATS_SCALARS, 'size', 'eps', 'xOff', 'one', ...walk.scalars];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    ...statsThread(textures),
    'const base = xOff + line * size;',
    ...WALK_STATE,
    ...walk.start('base'),
    ...compensatedSum(
      'sum',
      '0.0',
      'size',
      () => 'v',
      () => [`const v = ${walk.value};`, ...walk.advance],
    ),
    'const mean = sum / size;',
    ...statsResult(textures, 'mean', 'scale', [
      ...walk.start('base'),
      ...compensatedSum(
        'squares',
        '0.0',
        'size',
        () => 'd * d',
        () => [`const d = ${walk.value} - mean;`, ...walk.advance],
      ),
      'scale = 1.0 / Math.sqrt(squares / size + eps);',
    ]),
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['x'],
    scalars,
    valueAt: textures,
    ...statsSignatureFlags(textures, false),
  };
}

/** Source of the map kernel; `direct` reads `x` at the thread's own texel (see `elementwise.ts`). */
function mapSignature(direct: boolean, textures: boolean): KernelSignature {
  const scalars = [...STATS_SCALARS, 'size', 'xOff'];
  const lines = [
    `function (x, stats, ${scalars.join(', ')}) {`,
    'const t = this.thread.x * 1.0;',
    'const line = Math.floor((t + 0.5) / size);',
    ...readStats(textures, 'mean', 'scale'),
    `return (${direct ? 'sameTexel(x)' : 'x[xOff + t]'} - mean) * scale;`,
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['x', 'stats'],
    scalars,
    sameTexel: direct,
    ...statsSignatureFlags(textures, true),
  };
}

/**
 * float32 `x` standardized over rows of its last `size` elements (at most `MAX_LOOP`: the
 * backend hands longer rows to the cpu); `null` for an empty `x`. The op layer passes `x`
 * contiguous; another layout is copied first.
 */
export function standardize(
  ctx: KernelContext,
  x: View,
  size: number,
  eps: number,
  outDtype: DType,
): DeviceArray | null {
  if (sizeOf(x.shape) === 0 || size === 0) return null;
  return onRowMajor(ctx, x, outDtype, (rows) => standardizeRows(ctx, rows, size, eps));
}

/** {@link standardize} of a non-empty, row-major `x`. */
function standardizeRows(ctx: KernelContext, x: View, size: number, eps: number): DeviceArray {
  const total = sizeOf(x.shape);
  const rows = total / size;
  const xArray = arrayOf(ctx, x.data, 'standardize');
  const layout = statsLayout(ctx, rows);
  const { textures } = layout;
  const stats = ctx.cache
    .get(`standardize-stats:${textures ? 'texels' : 'indices'}`, () => statsSignature(textures))
    .run(layout.output, [xArray, ...layout.args, size, eps, x.offset, 1, ...walkArgs(xArray, 1)]);
  try {
    const direct = textures && isWholeContiguous(x);
    const key = `standardize-map:${direct ? 'direct' : 'strided'}:${textures ? 'texels' : 'indices'}`;
    const map = ctx.cache.get(key, () => mapSignature(direct, textures));
    return map.run(total, [xArray, stats, ...layout.args, size, x.offset]);
  } finally {
    ctx.runtime.release(stats);
  }
}
