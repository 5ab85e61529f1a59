/**
 * The gpu backend refuses an output larger than one texture can hold before allocating it,
 * naming the primitive and the sizes, and its memory ledger stays exact. (In gpu.js's
 * WebAssembly mode there are no textures, and no limit below the array layer's 2^31 - 1.)
 */
import { afterAll, expect, test } from 'vitest';
import { full, memory, setBackend } from '../../src/index.js';
import { gpuUnderTest } from './harness.js';

const gpu = gpuUnderTest();
const runtime = (gpu as unknown as { runtime: { maxElements: number; maxTextureSize: number } })
  .runtime;
afterAll(() => expect(gpu.memory().buffers).toBe(0));

test.runIf(Number.isFinite(runtime.maxElements))(
  'primitives refuse an output beyond maxTextureSize² elements, allocating nothing',
  () => {
    const side = runtime.maxTextureSize;
    const max = runtime.maxElements;
    expect(max).toBe(side * side);
    const before = gpu.memory();
    const tooMany = (primitive: string): string =>
      `gpu.${primitive}: ${max + 1} elements do not fit in one texture here (at most ${side} x ${side} = ${max})`;
    expect(() => gpu.fill(max + 1, 0, 'float32')).toThrow(tooMany('fill'));
    expect(() => gpu.upload({ length: max + 1 }, 'int32')).toThrow(tooMany('upload'));
    const one = gpu.upload([1], 'float32');
    const broadcast = { data: one, shape: [max + 1], strides: [0], offset: 0 };
    expect(() => gpu.binary('add', broadcast, broadcast, 'float32')).toThrow(tooMany('binary'));
    expect(() => gpu.copy(broadcast, 'float32')).toThrow(tooMany('copy'));
    gpu.dispose(one);
    expect(gpu.memory()).toEqual(before);
  },
);

test('the array layer refuses first, and a gpu-sized refusal leaves memory() as it was', () => {
  setBackend('gpu');
  try {
    const before = memory();
    expect(() => full([1e9, 1e9, 1e9], 7)).toThrow(
      'full: shape [1000000000, 1000000000, 1000000000] has 1e+27 elements',
    );
    if (Number.isFinite(runtime.maxElements)) {
      expect(() => full([runtime.maxElements + 1], 7)).toThrow(
        /^gpu\.fill: \d+ elements do not fit/,
      );
    }
    expect(memory()).toEqual(before);
  } finally {
    setBackend('cpu');
  }
});
