/**
 * Reductions (sum, prod, max, min, argmax, argmin).
 *
 * One thread per output element loops over the reduced elements. A loop may not run longer
 * than `MAX_LOOP`, so a long reduction runs in two passes: pass 1 gives each thread one chunk
 * of at most `MAX_LOOP` elements and writes `[out, chunks]` partials, pass 2 reduces the
 * partials. (A side benefit: float32 sums accumulate in shorter runs.) On textures a single
 * reduced dim with a forward stride is read by a walk over texels (`line-walk.ts`), without
 * gpu.js's index conversion per element: sums of a [520, 256] array along either axis took
 * 2.1–2.9 ms read by index and 1.0–1.2 ms walked (headless GL, median of 15).
 */
import type { DType, ReduceOp, View } from '../../backend.js';
import { MAX_LOOP, type DeviceArray, type KernelSignature } from '../gpu-runtime.js';
import {
  coalesce,
  range,
  shapeArgs,
  shapeParams,
  sizeOf,
  stridedSum,
  unravel,
} from '../strided.js';
import { arithmeticResult } from './dtype-conversion.js';
import { fill } from './elementwise.js';
import { arrayOf, type KernelContext } from './kernel-context.js';
import { lineWalk, WALK_STATE, walkArgs } from './line-walk.js';
import { shapeString } from '../../../shape.js';

/** Statements folding the element `v` at reduced position `j` into the accumulator. */
const FOLD: Record<ReduceOp, string[]> = {
  sum: ['acc = acc + v;'],
  prod: ['acc = acc * v;'],
  // NaN wins, as in torch: once acc is NaN no comparison replaces it.
  max: ['if (v != v || v > acc) { acc = v; }'],
  min: ['if (v != v || v < acc) { acc = v; }'],
  // Strict comparisons keep the first index of ties; a NaN counts as the extreme value.
  argmax: ['if ((v != v && acc == acc) || v > acc) { acc = v; at = j; }'],
  argmin: ['if ((v != v && acc == acc) || v < acc) { acc = v; at = j; }'],
};

const isArg = (op: ReduceOp): boolean => op === 'argmax' || op === 'argmin';

/**
 * Pass-1 source. Output element `t` is partial `p` of output `o` (`t = o * P + p`); it folds
 * reduced elements `[p * C, min(R, p * C + C))`, unravelled over the reduced shape.
 */
function chunkSignature(
  op: ReduceOp,
  keptRank: number,
  reducedRank: number,
  outDtype: DType,
  walks = false,
): KernelSignature {
  const walk = lineWalk(true);
  const scalars = [
    ...shapeParams('k', keptRank),
    ...shapeParams('q', reducedRank),
    'P',
    'C',
    'R',
    'xOff',
    ...range(keptRank).map((d) => `xkS${d}`),
    ...range(reducedRank).map((d) => `xrS${d}`),
    ...(walks ? walk.scalars : []),
  ];
  // One reduced dim walked forward on a texture reads by `valueAt` (`line-walk.ts`).
  const element = walks
    ? [`  const v = ${walk.value};`, ...walk.advance.map((line) => `  ${line}`)]
    : [
        ...unravel('j', reducedRank, 'q', 'e'),
        `  const v = x[base + ${stridedSum('xr', 'e', reducedRank)}];`,
      ];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    'const t = this.thread.x * 1.0;',
    'const o = Math.floor((t + 0.5) / P);',
    'const p = t - o * P;',
    ...unravel('o', keptRank, 'k', 'c'),
    `const base = xOff + ${stridedSum('xk', 'c', keptRank)};`,
    'const start = p * C;',
    'const end = Math.min(R, start + C);',
    // max/min/arg start from the axis' first element, which is part of every chunk's answer
    // set (the overall extreme is still found; with index 0 winning ties it stays first).
    'let acc = x[base];',
    'let at = 0.0;',
    ...(op === 'sum' ? ['acc = 0.0;'] : op === 'prod' ? ['acc = 1.0;'] : []),
    ...(walks ? [...WALK_STATE, ...walk.start('base + start * xrS0')] : []),
    'for (let j = start; j < end; j++) {',
    ...element,
    ...FOLD[op],
    '}',
    `let r = ${isArg(op) ? 'at' : 'acc'};`,
    ...arithmeticResult(outDtype),
    'return r;',
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['x'],
    scalars,
    valueAt: walks,
  };
}

/**
 * Pass 2 of argmax/argmin: each output picks, among its P chunk winners (positions along the
 * axis), the best value of `x`, the earliest chunk winning ties.
 */
function argPickSignature(op: ReduceOp, keptRank: number): KernelSignature {
  const scalars = [
    ...shapeParams('k', keptRank),
    'P',
    'xOff',
    'xrS0',
    ...range(keptRank).map((d) => `xkS${d}`),
  ];
  const lines = [
    `function (x, winners, ${scalars.join(', ')}) {`,
    'const o = this.thread.x * 1.0;',
    ...unravel('o', keptRank, 'k', 'c'),
    `const base = xOff + ${stridedSum('xk', 'c', keptRank)};`,
    'let at = winners[o * P];',
    'let acc = x[base + at * xrS0];',
    'for (let p = 1; p < P; p++) {',
    '  const j = winners[o * P + p];',
    '  const v = x[base + j * xrS0];',
    ...FOLD[op],
    '}',
    'return at;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['x', 'winners'], scalars };
}

/** The value a reduction of zero elements gives, or an error for max/min/argmax/argmin. */
function emptyReduction(op: ReduceOp): number {
  if (op === 'sum') return 0;
  if (op === 'prod') return 1;
  throw new Error(`gpu.reduce: ${op} of zero elements is undefined (expected a non-empty axis)`);
}

/** Reduce `axes` of `x` (sorted, unique, non-negative); out has the other dims, row-major. */
export function reduce(
  ctx: KernelContext,
  op: ReduceOp,
  x: View,
  axes: readonly number[],
  outDtype: DType,
): DeviceArray | null {
  const keptDims = range(x.shape.length).filter((d) => !axes.includes(d));
  const outSize = sizeOf(keptDims.map((d) => x.shape[d]!));
  if (outSize === 0) return null;
  const reducedSize = sizeOf(axes.map((d) => x.shape[d]!));
  if (reducedSize === 0) return fill(ctx, outSize, emptyReduction(op));
  if (isArg(op) && axes.length !== 1) {
    throw new Error(`gpu.reduce: ${op} reduces exactly one axis, got axes ${shapeString(axes)}`);
  }

  const pick = (dims: number[], of: readonly number[]): number[] => dims.map((d) => of[d]!);
  const kept = coalesce(pick(keptDims, x.shape), [
    { strides: pick(keptDims, x.strides), offset: 0 },
  ]);
  const reduced = coalesce(pick([...axes], x.shape), [
    { strides: pick([...axes], x.strides), offset: 0 },
  ]);
  const keptRank = kept.shape.length;
  const reducedRank = reduced.shape.length;
  const chunks = Math.ceil(reducedSize / MAX_LOOP);
  const chunkLength = Math.ceil(reducedSize / chunks);
  // Partials of a long sum of ints are ints too; argmax partials are positions.
  const partialDtype = isArg(op) ? 'int32' : outDtype;

  const walks =
    ctx.runtime.usesTextures && reducedRank === 1 && reduced.inputs[0]!.strides[0]! >= 0;
  const key = `reduce:${op}:${keptRank}:${reducedRank}:${partialDtype}${walks ? ':walk' : ''}`;
  const kernel = ctx.cache.get(key, () =>
    chunkSignature(op, keptRank, reducedRank, partialDtype, walks),
  );
  const xArray = arrayOf(ctx, x.data, 'reduce');
  const partials = kernel.run(outSize * chunks, [
    xArray,
    ...shapeArgs(kept.shape),
    ...shapeArgs(reduced.shape),
    chunks,
    chunkLength,
    reducedSize,
    x.offset,
    ...kept.inputs[0]!.strides,
    ...reduced.inputs[0]!.strides,
    ...(walks ? walkArgs(xArray, reduced.inputs[0]!.strides[0]!) : []),
  ]);
  if (chunks === 1) return partials;

  try {
    if (isArg(op)) {
      const picker = ctx.cache.get(`argpick:${op}:${keptRank}`, () =>
        argPickSignature(op, keptRank),
      );
      return picker.run(outSize, [
        xArray,
        partials,
        ...shapeArgs(kept.shape),
        chunks,
        x.offset,
        reduced.inputs[0]!.strides[0]!,
        ...kept.inputs[0]!.strides,
      ]);
    }
    return reducePartials(ctx, op, partials, outSize, chunks, outDtype);
  } finally {
    ctx.runtime.release(partials);
  }
}

/** Pass 2 for sum/prod/max/min: the same chunk kernel over the `[out, chunks]` partials. */
function reducePartials(
  ctx: KernelContext,
  op: ReduceOp,
  partials: DeviceArray,
  outSize: number,
  chunks: number,
  outDtype: DType,
): DeviceArray {
  const kernel = ctx.cache.get(`reduce:${op}:1:1:${outDtype}`, () =>
    chunkSignature(op, 1, 1, outDtype),
  );
  // Scalars: P = 1 chunk, C = R = chunks, offset 0, kept stride = chunks, reduced stride 1.
  return kernel.run(outSize, [partials, 1, chunks, chunks, 0, chunks, 1]);
}
