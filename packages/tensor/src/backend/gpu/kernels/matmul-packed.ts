/**
 * float32 matmul for GL modes, shaped for the GPU: operands are first packed four values of K
 * to a texel, then each thread computes a 2×2 block of outputs from two texels of `a` and two
 * of `bᵀ` per four steps of K (as tfjs-webgl's packed matmul does).
 *
 * Why packing pays: in gpu.js every element read `x[i]` costs an index-to-texel conversion (an
 * integer division and modulo by the texture width, then a normalised sample), and on a
 * software GL such as SwiftShader or llvmpipe those reads, not the multiply-adds, are the
 * work. The plain kernel (`matmul.ts`) reads two values per multiply-add; here a thread reads
 * 4 texels per 16 multiply-adds, 8 times fewer. And the packed arrays are grids (run over
 * `[width, height]` threads, so a row of the matrix is a row of its texture), which the
 * product and the unpacking read with `texelAt` at integer coordinates, without the index
 * arithmetic (`gpu-runtime.ts`).
 *
 * Passes, all on the device:
 * 1. `a` [...batch, m, k] → packed grid [⌈k/4⌉ wide, batch·2⌈m/2⌉ tall]: texel (q, row) holds
 *    a[row, 4q .. 4q+3];
 * 2. `b` [...batch, k, n] → bᵀ packed the same way, [⌈k/4⌉, batch·2⌈n/2⌉]: texel (q, col)
 *    holds b[4q .. 4q+3, col]. Both take any strides and pad with zeros (a row for an odd
 *    count, lanes past k), so the product reads neither out of bounds nor padding times a
 *    non-finite value. An operand whose batch dims are all broadcast (a linear layer's
 *    weight, shared by the batch) is packed once. Packing reads its four elements by a walk
 *    over texels (`line-walk.ts`);
 * 3. the product, a grid [⌈n/2⌉, batch·⌈m/2⌉] of 2×2 blocks, over slices of K (see
 *    `matmul.ts` for why K is sliced and how slices are added);
 * 4. unpacking to the backend's flat layout, one element a texel.
 *
 * A grid side may not pass the texture size limit; products whose grids would (hundreds of
 * batch elements) return `null`, and `matmul.ts` runs its plain kernel.
 *
 * Precision is that of `matmul.ts`: each of the four sums runs in blocks of {@link BLOCK}
 * products joined with Kahan's compensation.
 *
 * Measured against the plain kernel, result read back, median of 5 (headless GL, llvmpipe, two
 * shared cores): n×n @ n×n for n = 128, 256, 512 took 43 → 8.1, 331 → 49 and 3181 → 366 ms
 * with flat packed arrays of one output row a thread, read as `x[i]`. In Chromium (SwiftShader
 * WebGL2, `npm run bench -- --only browser`) tensorgrad / tfjs-webgl went from 10.8, 15.5,
 * 15.8 (plain) to 2.6, 2.4, 2.2 (flat packed), 1.6, 1.5, 1.5 (grids read with `texelAt`, a
 * broadcast operand packed once, packs that walk their texels) and 1.5, 1.3, 0.9 (2×2 blocks;
 * a noisy run). In the tiny-ViT training step on headless GL the product went from 479 to
 * 80–112 ms and packing from 133 to 55–75 ms; unpacking (44–60 ms) is now the second
 * matmul cost.
 */
import type { View } from '../../backend.js';
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
import { kahanStep, MATMUL_BLOCK } from './compensated-sum.js';
import { arrayOf, type KernelContext } from './kernel-context.js';
import { lineWalk, WALK_STATE, walkArgs } from './line-walk.js';
import { PairwiseSum } from './pairwise-sum.js';

/** Products summed in float32 before joining the compensated total (as in `matmul.ts`). */
const BLOCK = MATMUL_BLOCK;

/** The four lanes of a packed texel. */
const LANES = range(4);

/** Kahan's step for lane `c` (`compensated-sum.ts`). */
function laneStep(c: number): string[] {
  return kahanStep({
    total: `total${c}`,
    lost: `lost${c}`,
    block: `block${c}`,
    added: 'added',
    next: 'next',
  });
}

/**
 * Packs the last dim of a view [...batch, rows, cols] four to a texel, run over the grid
 * [quads, batches · paddedRows]: texel (q, batch · paddedRows + row) holds
 * x[batch, row, 4q .. 4q+3]; rows from `rows` to `paddedRows` and columns from `cols` on are
 * zeros.
 */
function packSignature(batchRank: number, textures: boolean): KernelSignature {
  const walk = lineWalk(textures);
  const scalars = [
    ...shapeParams('bn', batchRank),
    'rows',
    'paddedRows',
    'cols',
    'xOff',
    'xSr',
    'xSc',
    ...range(batchRank).map((d) => `xS${d}`),
    ...walk.scalars,
  ];
  const read = (c: number): string[] => [
    `  if (4.0 * q + ${c}.0 < cols) { v${c} = ${walk.value}; }`,
    ...(c < 3 ? walk.advance.map((line) => `  ${line}`) : []),
  ];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    'const q = this.thread.x * 1.0;',
    'const rowAll = this.thread.y * 1.0;',
    'const batch = Math.floor((rowAll + 0.5) / paddedRows);',
    'const row = rowAll - batch * paddedRows;',
    ...unravel('batch', batchRank, 'bn', 'c'),
    `const base = xOff + ${stridedSum('x', 'c', batchRank)} + row * xSr + 4.0 * q * xSc;`,
    ...LANES.map((c) => `let v${c} = 0.0;`),
    ...WALK_STATE,
    'if (row < rows) {',
    ...walk.start('base').map((line) => `  ${line}`),
    ...LANES.flatMap(read),
    '}',
    `return [${LANES.map((c) => `v${c}`).join(', ')}];`,
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['x'],
    scalars,
    returnsFour: true,
    valueAt: textures,
  };
}

/** The four outputs of a thread: (row pair half, column pair half), in texel order. */
const BLOCK_LANES: readonly [number, number][] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

/**
 * The product of packed operands, run over the grid [⌈n/2⌉, batches · ⌈m/2⌉]: thread
 * (c, batch · ⌈m/2⌉ + r) of a slice of K returns the 2×2 block out[2r .. 2r+1, 2c .. 2c+1]
 * (row-major in the texel) summed over packed steps `start4 .. start4 + steps4` of K: per
 * step two texels of packed `a` (rows 2r, 2r+1) and two of packed `bᵀ` (columns 2c, 2c+1),
 * four texel reads per 16 multiply-adds. `aRows` and `bRows` are the packed rows of one batch
 * element of each operand, or 0 for an operand packed once and shared by every batch element.
 */
function productSignature(): KernelSignature {
  const scalars = ['rowPairs', 'aRows', 'bRows', 'start4', 'steps4', 'one'];
  const blockSteps = BLOCK / 4;
  const dot = (x: string, y: string): string =>
    LANES.map((c) => `${x}[${c}] * ${y}[${c}]`).join(' + ');
  const lines = [
    `function (pa, pb, ${scalars.join(', ')}) {`,
    'const pair = this.thread.y * 1.0;',
    'const batch = Math.floor((pair + 0.5) / rowPairs);',
    'const aRow = batch * aRows + 2.0 * (pair - batch * rowPairs);',
    'const bRow = batch * bRows + 2.0 * this.thread.x;',
    ...LANES.flatMap((c) => [
      `let total${c} = 0.0;`,
      `let lost${c} = 0.0;`,
      `let block${c} = 0.0;`,
    ]),
    'let added = 0.0;',
    'let next = 0.0;',
    'let end = 0.0;',
    `for (let s = 0; s < steps4; s += ${blockSteps}) {`,
    `  end = Math.min(steps4, s + ${blockSteps});`,
    ...LANES.map((c) => `  block${c} = 0.0;`),
    '  for (let k = start4 + s; k < start4 + end; k++) {',
    '    const a0 = texelAt(pa, k, aRow);',
    '    const a1 = texelAt(pa, k, aRow + 1.0);',
    '    const b0 = texelAt(pb, k, bRow);',
    '    const b1 = texelAt(pb, k, bRow + 1.0);',
    ...BLOCK_LANES.map(
      ([r, c], lane) => `    block${lane} = block${lane} + ${dot(`a${r}`, `b${c}`)};`,
    ),
    '  }',
    ...LANES.flatMap((c) => laneStep(c).map((line) => `  ${line}`)),
    '}',
    `return [${LANES.map((c) => `total${c} - lost${c}`).join(', ')}];`,
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['pa', 'pb'],
    packed: ['pa', 'pb'],
    scalars,
    returnsFour: true,
    texelAt: true,
  };
}

/** Unpacks the product's grid of 2×2 blocks to the flat [batches · m, n] layout of the backend. */
function unpackSignature(): KernelSignature {
  const lines = [
    'function (p, m, n, rowPairs) {',
    'const i = this.thread.x * 1.0;',
    'const rowAll = Math.floor((i + 0.5) / n);',
    'const col = i - rowAll * n;',
    'const batch = Math.floor((rowAll + 0.5) / m);',
    'const row = rowAll - batch * m;',
    'const rowPair = Math.floor(row * 0.5);',
    'const colPair = Math.floor(col * 0.5);',
    'const lane = 2.0 * (row - 2.0 * rowPair) + (col - 2.0 * colPair);',
    'const v = texelAt(p, colPair, batch * rowPairs + rowPair);',
    'let r = v[0];',
    'if (lane > 0.5) { r = v[1]; }',
    'if (lane > 1.5) { r = v[2]; }',
    'if (lane > 2.5) { r = v[3]; }',
    'return r;',
    '}',
  ];
  return {
    source: lines.join('\n'),
    arrays: ['p'],
    packed: ['p'],
    scalars: ['m', 'n', 'rowPairs'],
    texelAt: true,
  };
}

/**
 * Packs `x` [...batch, rows, cols] (last two dims of `x.shape`) with rows padded to
 * `paddedRows`, as the grid [⌈cols/4⌉, batches · paddedRows]; only its first batch element
 * when `shared` (every batch dim broadcast).
 */
function pack(ctx: KernelContext, x: View, paddedRows: number, shared: boolean): DeviceArray {
  const rank = x.shape.length;
  const [rows, cols] = x.shape.slice(rank - 2) as [number, number];
  const batchDims = shared ? 0 : rank - 2;
  const batch = coalesce(x.shape.slice(0, batchDims), [
    { strides: x.strides.slice(0, batchDims), offset: 0 },
  ]);
  const batchRank = batch.shape.length;
  const [sr, sc] = x.strides.slice(rank - 2) as [number, number];
  // The four elements of a texel are read by a walk (`line-walk.ts`), which only steps forward.
  const walks = sc >= 0;
  const kernel = ctx.cache.get(`matmul-pack:${batchRank}:${walks ? 'walk' : 'indices'}`, () =>
    packSignature(batchRank, walks),
  );
  const xArray = arrayOf(ctx, x.data, 'matmul');
  const batches = sizeOf(batch.shape);
  return kernel.run(
    [Math.ceil(cols / 4), batches * paddedRows],
    [
      xArray,
      ...shapeArgs(batch.shape),
      rows,
      paddedRows,
      cols,
      x.offset,
      sr,
      sc,
      ...batch.inputs[0]!.strides,
      ...walkArgs(xArray, sc),
    ],
  );
}

/**
 * `a` [...batch, m, k] @ `b` [...batch, k, n] → [...batch, m, n] float32, for `batches` batch
 * elements and k ≥ 1; returns the flat result, or `null` when a grid would not fit in a
 * texture (see the file comment).
 */
export function packedMatmul(
  ctx: KernelContext,
  a: View,
  b: View,
  batches: number,
): DeviceArray | null {
  const rank = a.shape.length;
  const [m, k] = a.shape.slice(rank - 2) as [number, number];
  const n = b.shape[rank - 1]!;
  const quadsK = Math.ceil(k / 4);
  // An operand whose batch dims are all broadcast (a weight shared by the batch) is packed
  // once, not once per batch element.
  const shared = (x: View): boolean => x.strides.slice(0, rank - 2).every((s) => s === 0);
  const aShared = shared(a);
  const bShared = shared(b);
  // bᵀ [...batch, n, k], packed along K as `a` is.
  const bT: View = {
    ...b,
    shape: [...b.shape.slice(0, rank - 2), n, k],
    strides: [...b.strides.slice(0, rank - 2), b.strides[rank - 1]!, b.strides[rank - 2]!],
  };
  // Rows come in pairs (padded with a zero row); grids are at least two rows tall anyway,
  // since gpu.js lays a one-row output out as a square.
  const even = (rows: number): number => 2 * Math.ceil(rows / 2);
  const aRows = even(m);
  const bRows = even(n);
  const rowPairs = aRows / 2;
  const outRows = Math.max(batches * rowPairs, 2);
  const side = ctx.runtime.maxTextureSize;
  const fits = [
    quadsK,
    bRows / 2,
    (aShared ? 1 : batches) * aRows,
    (bShared ? 1 : batches) * bRows,
    outRows,
  ].every((length) => length <= side);
  if (!fits) return null;

  const product = ctx.cache.get('matmul-product', productSignature);
  const unpack = ctx.cache.get('matmul-unpack', unpackSignature);
  const unpacked = (part: DeviceArray): DeviceArray => {
    try {
      return unpack.run(batches * m * n, [part, m, n, rowPairs]);
    } finally {
      ctx.runtime.release(part);
    }
  };
  const pa = pack(ctx, a, aRows, aShared);
  let pb: DeviceArray | null = null;
  try {
    pb = pack(ctx, bT, bRows, bShared);
    // As in `matmul.ts`: no loop runs past MAX_LOOP steps; here a step covers four of K.
    const slices = Math.ceil(quadsK / MAX_LOOP);
    const sliceSteps = Math.ceil(quadsK / slices);
    const sum = new PairwiseSum(ctx, batches * m * n, 'float32');
    for (let s = 0; s < slices; s++) {
      const start4 = s * sliceSteps;
      const steps4 = Math.min(sliceSteps, quadsK - start4);
      const args = [pa, pb, rowPairs, aShared ? 0 : aRows, bShared ? 0 : bRows, start4, steps4, 1];
      sum.push(unpacked(product.run([bRows / 2, outRows], args)));
    }
    return sum.result();
  } finally {
    ctx.runtime.release(pa);
    if (pb !== null) ctx.runtime.release(pb);
  }
}
