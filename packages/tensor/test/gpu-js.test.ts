/**
 * gpu.js is an optional peer dependency, found at run time (src/backend/gpu/gpu-js.ts). Its
 * absence is checked for real by `npm run test:consumer`, which installs the packed packages
 * without gpu.js; here: what `provideGpuJs` accepts.
 */
import * as gpujs from 'gpu.js';
import { describe, expect, test } from 'vitest';
import { gpuAvailability, provideGpuJs } from '@tensorgrad/tensor';

describe('provideGpuJs', () => {
  test('rejects what is not gpu.js, saying what it expected', () => {
    expect(() => provideGpuJs({})).toThrow(
      "provideGpuJs: expected gpu.js's module (import * as gpujs from 'gpu.js'), got an object without GPU",
    );
  });
  test("accepts gpu.js's module, also with its exports under `default` (CommonJS interop)", () => {
    const module = gpujs as unknown as { default?: object };
    provideGpuJs({ default: module.default ?? gpujs });
    const gpu = gpuAvailability();
    expect(gpu.available, gpu.reason).toBe(true);
  });
});
