/**
 * Batched matrix product. float32 products in GL modes take the packed kernels of
 * `matmul-packed.ts` (four outputs a thread, operands four to a texel: 5.3–8.7× faster on
 * headless GL, see there); the kernel here serves int32/bool outputs, webasm mode and products
 * whose packed grids would not fit in a texture.
 *
 * One thread per output element walks the shared dimension K.
 * When K exceeds `MAX_LOOP` the product is split along K into slices whose partial products
 * are added pairwise, so no loop runs longer than the GL driver allows.
 *
 * Precision: GLSL has only float32, and a running float32 sum of K products drifts by up to
 * K · 2⁻²⁴ relative (a dot product of 10⁶ 0.1s gave 100958 for 100000). So each thread sums
 * blocks of {@link BLOCK} products in float32 and adds the block sums with Kahan's
 * compensation; slices are then added pairwise (log₂ slices roundings). The error is about
 * BLOCK · 2⁻²⁴ · Σ|a||b|, as on the cpu's SIMD kernel (256-term blocks added in float64).
 * An inner loop per block costs nothing measurable on llvmpipe (256³: 177 ms of cpu time
 * against 191 ms for the plain loop, best of 10, noisy); counting down a block counter in the
 * one loop instead cost about 8 %.
 */
import type { DType, View } from '../../backend.js';
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
import { kahanStep, MATMUL_BLOCK } from './compensated-sum.js';
import { arrayOf, type KernelContext } from './kernel-context.js';
import { packedMatmul } from './matmul-packed.js';
import { PairwiseSum } from './pairwise-sum.js';

/** Products summed in float32 before joining the compensated total (see the file comment). */
const BLOCK = MATMUL_BLOCK;

/** Kahan's step joining one block into the output's total (`compensated-sum.ts`). */
const KAHAN_STEP = kahanStep({
  total: 'total',
  lost: 'lost',
  block: 'block',
  added: 'added',
  next: 'next',
});

/** Source of a matmul over `batchRank` coalesced batch dims. */
function matmulSignature(batchRank: number, outDtype: DType): KernelSignature {
  const scalars = [
    ...shapeParams('bn', batchRank),
    'M',
    'N',
    'K',
    'one',
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
    'let total = 0.0;',
    'let lost = 0.0;',
    'let added = 0.0;',
    'let next = 0.0;',
    'let block = 0.0;',
    'let end = 0.0;',
    `for (let start = 0; start < K; start += ${BLOCK}) {`,
    `  end = Math.min(K, start + ${BLOCK});`,
    '  block = 0.0;',
    '  for (let k = start; k < end; k++) {',
    '    block = block + a[aBase + k * aSk] * b[bBase + k * bSk];',
    '  }',
    ...KAHAN_STEP.map((line) => `  ${line}`),
    '}',
    'let r = total - lost;',
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
  if (outDtype === 'float32' && ctx.runtime.usesTextures && k > 0) {
    const packed = packedMatmul(ctx, a, b, sizeOf(batchShape));
    if (packed !== null) return packed;
  }
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
  const sum = new PairwiseSum(ctx, outSize, outDtype);
  for (let s = 0; s < slices; s++) {
    const start = s * sliceLength;
    const length = Math.min(sliceLength, k - start);
    sum.push(
      kernel.run(outSize, [
        aArray,
        bArray,
        ...shapeArgs(batch.shape),
        m,
        n,
        length,
        1,
        a.offset + start * aSk,
        aSm,
        aSk,
        b.offset + start * bSk,
        bSk,
        bSn,
        ...batch.inputs[0]!.strides,
        ...batch.inputs[1]!.strides,
      ]),
    );
  }
  return sum.result();
}
