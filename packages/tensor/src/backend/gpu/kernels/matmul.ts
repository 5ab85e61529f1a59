/**
 * Batched matrix product. One thread per output element walks the shared dimension K.
 * When K exceeds `MAX_LOOP` the product is split along K into slices whose partial products
 * are added, so no loop runs longer than the GL driver allows.
 */
import type { DType, View } from '../../backend.js';
import type { GpuData } from '../gpu-data.js';
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
import { binary } from './elementwise.js';
import { arrayOf, type KernelContext } from './kernel-context.js';

/** Source of a matmul over `batchRank` coalesced batch dims. */
function matmulSignature(batchRank: number, outDtype: DType): KernelSignature {
  const scalars = [
    ...shapeParams('bn', batchRank),
    'M',
    'N',
    'K',
    'aOff',
    'aSm',
    'aSk',
    'bOff',
    'bSk',
    'bSn',
    ...range(batchRank).map((d) => `aS${d}`),
    ...range(batchRank).map((d) => `bS${d}`),
  ];
  const lines = [
    `function (a, b, ${scalars.join(', ')}) {`,
    'const t = this.thread.x * 1.0;',
    'const rowAll = Math.floor((t + 0.5) / N);',
    'const col = t - rowAll * N;',
    'const batch = Math.floor((rowAll + 0.5) / M);',
    'const row = rowAll - batch * M;',
    ...unravel('batch', batchRank, 'bn', 'c'),
    `const aBase = aOff + ${stridedSum('a', 'c', batchRank)} + row * aSm;`,
    `const bBase = bOff + ${stridedSum('b', 'c', batchRank)} + col * bSn;`,
    'let r = 0.0;',
    'for (let k = 0; k < K; k++) {',
    '  r = r + a[aBase + k * aSk] * b[bBase + k * bSk];',
    '}',
    ...arithmeticResult(outDtype),
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['a', 'b'], scalars };
}

/** `a` [...batch, m, k] @ `b` [...batch, k, n] → [...batch, m, n] (batch dims already equal). */
export function matmul(ctx: KernelContext, a: View, b: View, outDtype: DType): DeviceArray | null {
  const rank = a.shape.length;
  const [m, k] = a.shape.slice(rank - 2) as [number, number];
  const n = b.shape[rank - 1]!;
  const batchShape = a.shape.slice(0, rank - 2);
  const outSize = sizeOf(batchShape) * m * n;
  if (outSize === 0) return null;
  const batch = coalesce(batchShape, [
    { strides: a.strides.slice(0, rank - 2), offset: 0 },
    { strides: b.strides.slice(0, rank - 2), offset: 0 },
  ]);
  const batchRank = batch.shape.length;
  const kernel = ctx.cache.get(`matmul:${batchRank}:${outDtype}`, () =>
    matmulSignature(batchRank, outDtype),
  );
  const [aSm, aSk] = a.strides.slice(rank - 2) as [number, number];
  const [bSk, bSn] = b.strides.slice(rank - 2) as [number, number];
  const aArray = arrayOf(ctx, a.data, 'matmul');
  const bArray = arrayOf(ctx, b.data, 'matmul');

  // k = 0 gives zeros: one slice of length 0.
  const slices = Math.max(1, Math.ceil(k / MAX_LOOP));
  const sliceLength = Math.ceil(k / slices);
  let total: DeviceArray | null = null;
  for (let s = 0; s < slices; s++) {
    const start = s * sliceLength;
    const length = Math.min(sliceLength, k - start);
    const part = kernel.run(outSize, [
      aArray,
      bArray,
      ...shapeArgs(batch.shape),
      m,
      n,
      length,
      a.offset + start * aSk,
      aSm,
      aSk,
      b.offset + start * bSk,
      bSk,
      bSn,
      ...batch.inputs[0]!.strides,
      ...batch.inputs[1]!.strides,
    ]);
    total = total === null ? part : addInto(ctx, total, part, outSize, outDtype);
  }
  return total;
}

/** `total + part` as a new array; both inputs are released. */
function addInto(
  ctx: KernelContext,
  total: DeviceArray,
  part: DeviceArray,
  size: number,
  dtype: DType,
): DeviceArray {
  // Adopted only for the duration of the add, so the memory ledger sees balanced counts.
  const x = ctx.memory.adopt(total, size, dtype);
  const y = ctx.memory.adopt(part, size, dtype);
  const whole = (data: GpuData): View => ({ data, shape: [size], strides: [1], offset: 0 });
  try {
    return binary(ctx, 'add', whole(x), whole(y), dtype)!;
  } finally {
    ctx.memory.free(x);
    ctx.memory.free(y);
  }
}
