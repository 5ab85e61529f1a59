/**
 * A failing call leaves the gpu backend usable: a bad argument or a kernel gpu.js cannot build
 * throws a clear error naming the kernel (or the op), and the next valid call works — in
 * gpu.js's GL mode (under `xvfb-run`) and in its WebAssembly mode (Node without a display).
 *
 * The bug this pins: in webasm, `x.add({})` on the gpu reached a kernel as an argument of type
 * "Unknown"; gpu.js swapped that kernel for its cpu fallback for good, which threw
 * `unhandled returnType Unknown` then and on every later call of the same kernel, valid or not.
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { View } from '../src/backend/backend.js';
import { createGpuBackend } from '../src/backend/gpu/index.js';
import { GpuRuntime, type DeviceArray } from '../src/backend/gpu/gpu-runtime.js';
import { KernelCache } from '../src/backend/gpu/kernel-cache.js';
import * as T from '../src/index.js';
import { requireGl } from './gpu/harness.js';

/** The modes to check here: webasm always, headless GL where a display is. */
const MODES = (['webasm', 'headlessgl'] as const).filter((mode) => {
  const choice = createGpuBackend({ mode });
  if (mode === 'headlessgl' && requireGl && choice.backend === null) {
    throw new Error(`TENSORGRAD_REQUIRE_GL=1 but headless GL is unavailable: ${choice.reason}`);
  }
  return choice.backend !== null;
});

const DOUBLE = {
  source: 'function (v) { return v[this.thread.x] * 2.0; }',
  arrays: ['v'],
  scalars: [],
};

/** A source gpu.js parses but cannot build in any mode: it calls a function that is not there. */
const UNBUILDABLE = {
  source: 'function (v) { return notAFunction(v[this.thread.x]); }',
  arrays: ['v'],
  scalars: [],
};

describe.each(MODES.map((mode) => [mode]))('in %s mode', (mode) => {
  const runtime = new GpuRuntime(mode);
  const cache = new KernelCache(runtime);
  afterAll(() => runtime.destroy());

  const input = (): DeviceArray => runtime.upload(new Float32Array([1, 2, 3]));
  const doubled = (): number[] => {
    const array = cache.get('double', () => DOUBLE).run(3, [input()]);
    return Array.from(runtime.download(array, 3));
  };

  test('an argument of the wrong type is refused before gpu.js sees it', () => {
    const kernel = cache.get('double', () => DOUBLE);
    expect(() => kernel.run(3, [{} as never])).toThrow(
      'gpu backend: kernel double got an object (Object) as argument 0; ' +
        'kernels take numbers and device arrays',
    );
    expect(kernel.failed).toBe(false);
    expect(doubled()).toEqual([2, 4, 6]);
  });

  test('a kernel gpu.js fails to run is dropped from the cache and compiled afresh', () => {
    const kernel = cache.get('double', () => DOUBLE);
    const compiled = cache.compiled;
    // Looks like a texture, so it passes the argument check; gpu.js types it "Unknown" and
    // fails (webasm: after swapping in its cpu fallback, the state that used to stick).
    const fake = { toArray: () => new Float32Array(3), delete: () => {}, output: [3] };
    expect(() => kernel.run(3, [fake as never])).toThrow(
      new RegExp(`^gpu backend: kernel double failed in ${mode} mode \\(.+\\); it was dropped`),
    );
    expect(kernel.failed).toBe(true);
    expect(doubled()).toEqual([2, 4, 6]);
    expect(cache.compiled).toBe(compiled + 1);
    expect(doubled()).toEqual([2, 4, 6]);
    expect(cache.compiled).toBe(compiled + 1);
  });

  test('a kernel that fails to build throws each time and harms no other kernel', () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(() => cache.get('bad', () => UNBUILDABLE).run(3, [input()])).toThrow(
        new RegExp(`^gpu backend: kernel bad failed in ${mode} mode`),
      );
      expect(doubled()).toEqual([2, 4, 6]);
    }
  });
});

describe.each(MODES.map((mode) => [mode]))('the backend in %s mode', (mode) => {
  const gpu = createGpuBackend({ mode }).backend!;
  afterAll(() => expect(gpu.memory().buffers).toBe(0));
  const whole = (data: T.BackendData): View => ({
    data,
    shape: [data.size],
    strides: [1],
    offset: 0,
  });

  test('fill refuses a value that is not a number, then fills', () => {
    expect(() => gpu.fill(2, {} as never, 'float32')).toThrow(
      'gpu.fill: value must be a number, received a value of type object',
    );
    const filled = gpu.fill(2, 3, 'float32');
    expect(Array.from(gpu.readAll(filled))).toEqual([3, 3]);
    gpu.dispose(filled);
    expect(gpu.memory().buffers).toBe(0);
  });

  test('elementwise kernels keep working after a refused call', () => {
    const x = gpu.upload([1, 2], 'float32');
    expect(() => gpu.fill(1, 'x' as never, 'float32')).toThrow(/value must be a number/);
    const y = gpu.binary('add', whole(x), whole(x), 'float32');
    expect(Array.from(gpu.readAll(y))).toEqual([2, 4]);
    gpu.dispose(x);
    gpu.dispose(y);
  });
});

describe('through the op layer, on the current gpu backend', () => {
  test('x.add({}) names the op and the operand; later calls work', () => {
    if (!T.gpuAvailability().available) return;
    T.setBackend('gpu');
    try {
      const x = T.tensor([1, 2]);
      expect(() => x.add({} as never)).toThrow(
        'add: expected a tensor or a number as the second operand, received a value of type object',
      );
      expect(() => x.mul([1, 2] as never)).toThrow(
        'mul: expected a tensor or a number as the second operand, received an array ' +
          '(make it a tensor first: tensor([...]))',
      );
      expect(x.add(1).toArray()).toEqual([2, 3]);
      expect(x.mul(x).toArray()).toEqual([1, 4]);
      expect(T.full([2], 5).toArray()).toEqual([5, 5]);
    } finally {
      T.setBackend('cpu');
    }
  });
});
