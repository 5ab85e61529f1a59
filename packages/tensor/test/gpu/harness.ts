/**
 * Shared test harness for the gpu backend: one backend per test file (gpu.js contexts are
 * slow to create), the cpu backend as the reference, seeded random strided views that exist
 * identically on both, and a tolerant comparison.
 */
import { expect } from 'vitest';
import type { BackendData, DType, TypedArray, View } from '../../src/backend/backend.js';
import { CpuBackend } from '../../src/backend/cpu/index.js';
import { createGpuBackend, type GpuBackend } from '../../src/backend/gpu/index.js';

/** True when the run must prove that kernels execute on headless GL (CI under xvfb). */
export const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';

/** The backend under test, in whatever mode createGpuBackend picks here. */
export function gpuUnderTest(): GpuBackend {
  const choice = createGpuBackend();
  if (choice.backend === null) throw new Error(`no gpu backend: ${choice.reason}`);
  if (requireGl) expect(choice.mode).toBe('headlessgl');
  return choice.backend;
}

/** The reference backend. */
export const cpu = new CpuBackend();

export { rng } from '../rng.js';

/** The same view on both backends. */
export interface Pair {
  readonly cpu: View;
  readonly gpu: View;
}

/** Kinds of layout {@link randomLayout} may produce for a dim. */
export type Layout = 'contiguous' | 'strided';

/**
 * A random strided layout of `shape`: dims stored in a random order, some with a step of 2,
 * some flipped (negative stride), size-1 dims sometimes broadcast (stride 0) to a larger
 * size when `broadcast` lists them. Returns strides, offset and the data size needed.
 */
export function randomLayout(
  random: () => number,
  shape: readonly number[],
  layout: Layout = 'strided',
): { strides: number[]; offset: number; dataSize: number } {
  const rank = shape.length;
  if (layout === 'contiguous') {
    const strides: number[] = new Array<number>(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
    return { strides, offset: 0, dataSize: shape.reduce((a, b) => a * b, 1) };
  }
  const order = [...shape.keys()].sort(() => random() - 0.5);
  const strides = new Array<number>(rank).fill(0);
  let step = 1;
  for (const d of order) {
    if (random() < 0.15 && rank > 1) {
      strides[d] = 0; // broadcast: every index along d reads the same element
      continue;
    }
    const gap = random() < 0.3 ? 2 : 1;
    strides[d] = (random() < 0.3 ? -1 : 1) * step * gap;
    step *= shape[d]! * gap;
  }
  let low = 0;
  let high = 0;
  shape.forEach((n, d) => {
    const reach = (n - 1) * strides[d]!;
    if (reach < 0) low += reach;
    else high += reach;
  });
  const pad = Math.floor(random() * 3);
  return { strides, offset: pad - low, dataSize: pad + high - low + 1 + Math.floor(random() * 2) };
}

/** Random values for `dtype`: floats in [-2, 2), ints in [-5, 5), bools. */
export function randomValues(random: () => number, size: number, dtype: DType): number[] {
  return Array.from({ length: size }, () => {
    if (dtype === 'bool') return random() < 0.5 ? 1 : 0;
    if (dtype === 'int32') return Math.floor(random() * 10) - 5;
    return random() * 4 - 2;
  });
}

/** Upload `values` to both backends and view them with the given layout. */
export function pairOf(
  gpu: GpuBackend,
  values: readonly number[],
  dtype: DType,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Pair {
  return {
    cpu: { data: cpu.upload(values, dtype), shape, strides, offset },
    gpu: { data: gpu.upload(values, dtype), shape, strides, offset },
  };
}

/** A random view of `shape` on both backends. */
export function randomPair(
  gpu: GpuBackend,
  random: () => number,
  shape: readonly number[],
  dtype: DType = 'float32',
  layout: Layout = 'strided',
  values?: (size: number) => number[],
): Pair {
  const { strides, offset, dataSize } = randomLayout(random, shape, layout);
  const data = values ? values(dataSize) : randomValues(random, dataSize, dtype);
  return pairOf(gpu, data, dtype, shape, strides, offset);
}

/** Free both sides of pairs. */
export function disposePairs(gpu: GpuBackend, ...pairs: Pair[]): void {
  for (const p of pairs) {
    cpu.dispose(p.cpu.data);
    gpu.dispose(p.gpu.data);
  }
}

/** Download a result of `shape` from each backend (freeing both) and compare them. */
export function expectSame(
  gpu: GpuBackend,
  onGpu: BackendData,
  onCpu: BackendData,
  shape: readonly number[],
  tolerance: { rtol?: number; atol?: number } = {},
): void {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  expect(onGpu.dtype).toBe(onCpu.dtype);
  expect(onGpu.size).toBe(onCpu.size);
  const got = gpu.download({ data: onGpu, shape, strides, offset: 0 });
  const want = cpu.download({ data: onCpu, shape, strides, offset: 0 });
  gpu.dispose(onGpu);
  cpu.dispose(onCpu);
  expectClose(got, want, tolerance);
}

/** Elementwise |got - want| <= atol + rtol * |want|; NaN matches NaN, infinities match exactly. */
export function expectClose(
  got: TypedArray,
  want: TypedArray,
  { rtol = 1e-5, atol = 1e-6 }: { rtol?: number; atol?: number } = {},
): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (!Number.isFinite(w) && g === w) continue;
    const error = Math.abs(g - w) - (atol + rtol * Math.abs(w));
    if (!(error <= 0) && (worst < 0 || !(error <= worstError))) {
      worst = i;
      worstError = error;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `element ${worst}: gpu ${got[worst]} vs cpu ${want[worst]} (rtol ${rtol}, atol ${atol}); ` +
        `gpu [${Array.from(got.slice(0, 8)).join(', ')}...] cpu [${Array.from(want.slice(0, 8)).join(', ')}...]`,
    );
  }
}
