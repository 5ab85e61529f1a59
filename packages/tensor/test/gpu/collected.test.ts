/**
 * The gpu side of the garbage-collection backstop: textures of tensors nobody disposed are
 * deleted once the collector finds them (the GL texture count comes back), never twice; and
 * `copyInto` (behind `Tensor.assign`) writes into a texture-backed storage from either backend.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';
import type { GpuBackend } from '../../src/backend/gpu/index.js';
import { requireGl } from './harness.js';

const gpu = T.gpuAvailability();
if (!gpu.available && requireGl)
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend: ${gpu.reason}`);

function counts(m: T.MemoryStats): { tensors: number; buffers: number; bytes: number } {
  return { tensors: m.tensors, buffers: m.buffers, bytes: m.bytes };
}

/** GL textures gpu.js holds (null in webasm, which has none). */
function glTextures(): number | null {
  return (T.getBackend() as GpuBackend).glTextureBalance;
}

describe.skipIf(!gpu.available)(`gpu: collected tensors (gpu.js mode: ${gpu.mode})`, () => {
  beforeAll(() => {
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('function');
    T.setBackend('gpu');
  });
  afterAll(() => T.setBackend('cpu'));

  test('textures of unreachable tensors are deleted once collected', async () => {
    const leave = (): void => {
      for (let i = 0; i < 10; i++) T.ones([64]).mul(i).exp().reshape(8, 8).sum(1);
    };
    leave(); // compiles the kernels first: each holds an output texture of its own
    const before = counts(await T.settleMemory());
    const textures = glTextures();
    leave();
    expect(T.memory().buffers).toBeGreaterThanOrEqual(before.buffers + 40);
    expect(counts(await T.settleMemory())).toEqual(before);
    expect(glTextures()).toBe(textures);
  });

  test('disposed and collected: each texture is deleted once', async () => {
    const steps = (): void => {
      for (let i = 0; i < 10; i++) {
        const x = T.tidy(() => T.ones([64]).add(i));
        x.exp().sum(); // left to the collector
        x.dispose();
      }
    };
    steps(); // compiles the kernels first
    const before = counts(await T.settleMemory());
    const textures = glTextures();
    steps();
    // A second delete would throw in the finalizer or drive the GL count below its start.
    expect(counts(await T.settleMemory())).toEqual(before);
    expect(glTextures()).toBe(textures);
  });

  test('copyInto a texture: whole, a strided view, from the cpu and from float64', () => {
    const x = T.zeros([2, 3]);
    expect(x.backend).toBe('gpu');
    T.copyInto(
      x,
      T.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    );
    T.copyInto(x.select(1, 1), T.tensor([-2, -5], { backend: 'cpu' }));
    T.copyInto(x.select(0, 0), T.tensor([10, 20, 30], { dtype: 'float64' }));
    expect(x.backend).toBe('gpu');
    expect(x.toArray()).toEqual([
      [10, 20, 30],
      [4, -5, 6],
    ]);
    expect(x.storage.version).toBe(3);
  });
});
