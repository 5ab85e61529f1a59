/**
 * Indexing kernels: gather, scatterAdd and setSlice. All are written gather-style (each
 * output element computes its own value) because a fragment shader cannot scatter.
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
import { fill } from './elementwise.js';
import { arrayOf, type KernelContext } from './kernel-context.js';

const others = (rank: number, axis: number): number[] => range(rank).filter((d) => d !== axis);

/** out[c] = x[c with c[axis] replaced by index[c]]. */
function gatherSignature(rank: number, axis: number): KernelSignature {
  const scalars = [...shapeParams('n', rank), ...viewParams('x', rank), ...viewParams('i', rank)];
  const lines = [
    `function (x, index, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', rank, 'n', 'c'),
    `const at = index[iOff + ${stridedSum('i', 'c', rank)}];`,
    `return x[xOff + ${stridedSum('x', 'c', rank, others(rank, axis))} + at * xS${axis}];`,
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['x', 'index'], scalars };
}

/** torch.gather along `axis`; out has `index.shape`. */
export function gather(ctx: KernelContext, x: View, axis: number, index: View): DeviceArray | null {
  const size = sizeOf(index.shape);
  if (size === 0) return null;
  const rank = index.shape.length;
  const kernel = ctx.cache.get(`gather:${rank}:${axis}`, () => gatherSignature(rank, axis));
  return kernel.run(size, [
    arrayOf(ctx, x.data, 'gather'),
    arrayOf(ctx, index.data, 'gather'),
    ...shapeArgs(index.shape),
    ...viewArgs(x),
    ...viewArgs(index),
  ]);
}

/**
 * out[c] = Σ src[d] over the positions d of `index` that agree with c off the axis and whose
 * index value is c[axis]. Outputs beyond index's extent off the axis stay zero.
 */
function scatterAddSignature(rank: number, axis: number, outDtype: DType): KernelSignature {
  const off = others(rank, axis);
  const scalars = [
    ...shapeParams('n', rank),
    'L',
    ...off.map((d) => `m${d}`),
    ...viewParams('i', rank),
    ...viewParams('s', rank),
  ];
  const lines = [
    `function (index, src, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', rank, 'n', 'c'),
    'let r = 0.0;',
    // Outside index's extent (off the axis) nothing is added: a zero-trip loop.
    'let trips = L;',
    ...off.map((d) => `if (c${d} >= m${d}) { trips = 0.0; }`),
    `const iBase = iOff + ${stridedSum('i', 'c', rank, off)};`,
    `const sBase = sOff + ${stridedSum('s', 'c', rank, off)};`,
    'for (let l = 0; l < trips; l++) {',
    `  if (index[iBase + l * iS${axis}] == c${axis}) {`,
    `    r = r + src[sBase + l * sS${axis}];`,
    '  }',
    '}',
    ...arithmeticResult(outDtype),
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['index', 'src'], scalars };
}

/** zeros(shape).scatter_add_(axis, index, src). */
export function scatterAdd(
  ctx: KernelContext,
  shape: readonly number[],
  axis: number,
  index: View,
  src: View,
  outDtype: DType,
): DeviceArray | null {
  const size = sizeOf(shape);
  if (size === 0) return null;
  const rank = shape.length;
  const kernel = ctx.cache.get(`scatterAdd:${rank}:${axis}:${outDtype}`, () =>
    scatterAddSignature(rank, axis, outDtype),
  );
  // Nothing to add: zeros. (The kernel cannot read an empty index array.)
  if (sizeOf(index.shape) === 0) return fill(ctx, size, 0);
  return kernel.run(size, [
    arrayOf(ctx, index.data, 'scatterAdd'),
    arrayOf(ctx, src.data, 'scatterAdd'),
    ...shapeArgs(shape),
    index.shape[axis]!,
    ...others(rank, axis).map((d) => index.shape[d]!),
    ...viewArgs(index),
    ...viewArgs(src),
  ]);
}

/**
 * Copy of `base` with the strided region starting at `st` with steps `sp` and extent `m`
 * replaced by `src`: coordinate c is in the region when every (c[d] - st[d]) is a
 * non-negative multiple of sp[d] below m[d] * sp[d].
 */
function setSliceSignature(rank: number): KernelSignature {
  const dims = range(rank);
  const scalars = [
    ...shapeParams('n', rank),
    ...dims.flatMap((d) => [`st${d}`, `sp${d}`, `m${d}`]),
    ...viewParams('b', rank),
    ...viewParams('s', rank),
  ];
  const lines = [
    `function (base, src, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', rank, 'n', 'c'),
    'let inside = 1.0;',
    ...dims.flatMap((d) => [
      `const rel${d} = c${d} - st${d};`,
      `const q${d} = Math.floor((rel${d} + 0.5) / sp${d});`,
      `if (rel${d} < 0.0 || rel${d} - q${d} * sp${d} != 0.0 || q${d} >= m${d}) { inside = 0.0; }`,
    ]),
    'let r = 0.0;',
    'if (inside == 1.0) {',
    `  r = src[${['sOff', ...dims.map((d) => `q${d} * sS${d}`)].join(' + ')}];`,
    '} else {',
    `  r = base[bOff + ${stridedSum('b', 'c', rank)}];`,
    '}',
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['base', 'src'], scalars };
}

/** A copy of `base` whose region `base[starts :: steps]` (extent `src.shape`) is `src`. */
export function setSlice(
  ctx: KernelContext,
  base: View,
  starts: readonly number[],
  steps: readonly number[],
  src: View,
): DeviceArray | null {
  const size = sizeOf(base.shape);
  if (size === 0) return null;
  const rank = base.shape.length;
  const kernel = ctx.cache.get(`setSlice:${rank}`, () => setSliceSignature(rank));
  // An empty src region replaces nothing; any live array can stand in for it.
  const srcArray =
    sizeOf(src.shape) === 0
      ? arrayOf(ctx, base.data, 'setSlice')
      : arrayOf(ctx, src.data, 'setSlice');
  return kernel.run(size, [
    arrayOf(ctx, base.data, 'setSlice'),
    srcArray,
    ...shapeArgs(base.shape),
    ...range(rank).flatMap((d) => [starts[d]!, steps[d]!, src.shape[d]!]),
    ...viewArgs(base),
    ...viewArgs(src),
  ]);
}
