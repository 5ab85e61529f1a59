/**
 * Batched float32 matmul where one operand's batch dims are all broadcast (stride 0), as a
 * linear layer's weight is: the gpu packs that operand once and shares it between the batch
 * elements (`kernels/matmul-packed.ts`); and a batch too tall for packed grids. Compared with
 * the cpu backend.
 */
import { afterAll, expect, test } from 'vitest';
import { cpu, disposePairs, expectSame, gpuUnderTest, pairOf, rng } from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

/** Row-major strides of `shape`, with the dims in `broadcast` given stride 0. */
function strides(shape: readonly number[], broadcast: readonly number[] = []): number[] {
  let step = 1;
  const out = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    if (broadcast.includes(d)) continue;
    out[d] = step;
    step *= shape[d]!;
  }
  return out;
}

test.each([
  ['b shared (a weight)', false, true],
  ['a shared', true, false],
  ['both shared', true, true],
])('%s over batch [3, 2]', (_, aShared, bShared) => {
  const random = rng(aShared ? (bShared ? 3 : 2) : 1);
  const [m, k, n] = [5, 9, 7];
  const aShape = [3, 2, m, k];
  const bShape = [3, 2, k, n];
  const values = (size: number): number[] => Array.from({ length: size }, () => random() * 2 - 1);
  const aStrides = strides(aShape, aShared ? [0, 1] : []);
  const bStrides = strides(bShape, bShared ? [0, 1] : []);
  // A transposed shared b, as linear's weightᵀ: strides [0, 0, 1, k].
  const bTransposed = bShared ? [0, 0, 1, k] : bStrides;
  const a = pairOf(gpu, values(aShared ? m * k : 6 * m * k), 'float32', aShape, aStrides, 0);
  const b = pairOf(gpu, values(bShared ? k * n : 6 * k * n), 'float32', bShape, bTransposed, 0);
  expectSame(
    gpu,
    gpu.matmul(a.gpu, b.gpu, 'float32'),
    cpu.matmul(a.cpu, b.cpu, 'float32'),
    [3, 2, m, n],
    { rtol: 1e-5, atol: 1e-5 },
  );
  disposePairs(gpu, a, b);
});

test('a batch too tall for the packed grids takes the plain kernel', () => {
  // 3 × 6000 rows of `a` pass the 16384-texel side of headless GL's textures.
  const random = rng(4);
  const aShape = [3, 6000, 2];
  const bShape = [3, 2, 3];
  const values = (size: number): number[] => Array.from({ length: size }, () => random() * 2 - 1);
  const a = pairOf(gpu, values(36000), 'float32', aShape, strides(aShape), 0);
  const b = pairOf(gpu, values(18), 'float32', bShape, strides(bShape), 0);
  expectSame(
    gpu,
    gpu.matmul(a.gpu, b.gpu, 'float32'),
    cpu.matmul(a.cpu, b.cpu, 'float32'),
    [3, 6000, 3],
    { rtol: 1e-5, atol: 1e-5 },
  );
  disposePairs(gpu, a, b);
});
