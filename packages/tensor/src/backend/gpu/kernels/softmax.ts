/**
 * softmax and logSoftmax along one axis in two kernels, where the composite of max, sub, exp,
 * sum and div takes five (and four temporaries).
 *
 * The input is seen as [outer, L, inner] (L the axis; a strided input is first copied
 * contiguous). A line is the L elements at one (outer, inner) position.
 *
 * 1. Line statistics, [2, lines]: thread `line` writes the line's maximum, thread
 *    `lines + line` writes Σ exp(x − max) (log Σ for logSoftmax); that thread finds the
 *    maximum again rather than waiting for the first, so both halves run in parallel. The sum
 *    is compensated (`compensated-sum.ts`).
 * 2. The map: exp(x − max) / Σ, or (x − max) − log Σ, one thread an element.
 *
 * Special values follow the cpu's kernel: a NaN anywhere makes the maximum, and so the whole
 * line, NaN; a +∞ gives ∞ − ∞ = NaN in the sum, and so a NaN line; a line of −∞ gives
 * −∞ − (−∞) = NaN. exp of NaN is decided before GLSL's `exp` sees it (undefined there).
 * Lines longer than `MAX_LOOP` are handed to the cpu (`handoff.ts`).
 *
 * Measured in Chromium (SwiftShader WebGL2, `npm run bench -- --only browser`, a shared
 * two-core machine), softmax of [64, 1024] along the last axis: composed 18.6 ms (2.4 times
 * tfjs-webgl's time), fused 5.4–9.3 ms (1.2–1.3 times; 1.5 in the noisiest run).
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

/** Statements setting `e` to exp(`d`), NaN kept (GLSL's exp of NaN is undefined). */
const EXP = (d: string): string[] => [`let e = ${d};`, `if (${d} == ${d}) { e = Math.exp(${d}); }`];

/** Source of the statistics kernel (see the file comment); `textures` picks the line walk. */
function statsSignature(log: boolean, textures: boolean): KernelSignature {
  const walk = lineWalk(textures);
  const scalars = [...STATS_SCALARS, 'L', 'inner', 'xOff', 'one', ...walk.scalars];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    ...statsThread(textures),
    'const outer = Math.floor((line + 0.5) / inner);',
    'const base = xOff + outer * L * inner + (line - outer * inner);',
    ...WALK_STATE,
    // The maximum; NaN wins, as in `reduce.ts`.
    ...walk.start('base'),
    `let m = ${walk.value};`,
    'for (let j = 1; j < L; j++) {',
    ...walk.advance.map((line) => `  ${line}`),
    `  const v = ${walk.value};`,
    '  if (v != v || v > m) { m = v; }',
    '}',
    ...statsResult(textures, 'm', 'stat', [
      ...walk.start('base'),
      ...compensatedSum(
        'sum',
        '0.0',
        'L',
        () => 'e',
        () => [`const d = ${walk.value} - m;`, ...EXP('d'), ...walk.advance],
      ),
      log ? 'stat = Math.log(sum);' : 'stat = sum;',
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

/**
 * Source of the map kernel; `lastAxis` (inner = 1) spares a division per element, `direct`
 * reads an `x` laid out as the output at the thread's own texel (see `elementwise.ts`).
 */
function mapSignature(
  log: boolean,
  lastAxis: boolean,
  direct: boolean,
  textures: boolean,
): KernelSignature {
  const scalars = [...STATS_SCALARS, 'L', 'inner', 'xOff'];
  const line = lastAxis
    ? ['const line = Math.floor((t + 0.5) / L);']
    : [
        'const rest = Math.floor((t + 0.5) / inner);',
        'const outer = Math.floor((rest + 0.5) / L);',
        'const line = outer * inner + (t - rest * inner);',
      ];
  const lines = [
    `function (x, stats, ${scalars.join(', ')}) {`,
    'const t = this.thread.x * 1.0;',
    ...line,
    ...readStats(textures, 'm', 'total'),
    `const d = ${direct ? 'sameTexel(x)' : 'x[xOff + t]'} - m;`,
    'let r = 0.0;',
    ...(log ? ['r = d - total;'] : [...EXP('d'), 'r = e / total;']),
    'return r;',
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
 * softmax (or logSoftmax when `log`) of float32 `x` along `axis` (a line length of at most
 * `MAX_LOOP`: the backend hands longer ones to the cpu); `null` for an empty `x`.
 */
export function softmax(
  ctx: KernelContext,
  x: View,
  axis: number,
  log: boolean,
  outDtype: DType,
): DeviceArray | null {
  if (sizeOf(x.shape) === 0) return null;
  return onRowMajor(ctx, x, outDtype, (rows) => softmaxRows(ctx, rows, axis, log));
}

/** {@link softmax} of a non-empty, row-major `x`. */
function softmaxRows(ctx: KernelContext, x: View, axis: number, log: boolean): DeviceArray {
  const size = sizeOf(x.shape);
  const length = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const lines = size / length;
  const xArray = arrayOf(ctx, x.data, log ? 'logSoftmax' : 'softmax');
  const name = log ? 'log-softmax' : 'softmax';
  const layout = statsLayout(ctx, lines);
  const { textures } = layout;
  const stats = ctx.cache
    .get(`${name}-stats:${textures ? 'texels' : 'indices'}`, () => statsSignature(log, textures))
    .run(layout.output, [
      xArray,
      ...layout.args,
      length,
      inner,
      x.offset,
      1,
      ...walkArgs(xArray, inner),
    ]);
  try {
    const lastAxis = inner === 1;
    const direct = textures && isWholeContiguous(x);
    const key = `${name}-map:${lastAxis ? 'last' : 'any'}:${direct ? 'direct' : 'strided'}:${textures ? 'texels' : 'indices'}`;
    const map = ctx.cache.get(key, () => mapSignature(log, lastAxis, direct, textures));
    return map.run(size, [xArray, stats, ...layout.args, length, inner, x.offset]);
  } finally {
    ctx.runtime.release(stats);
  }
}
