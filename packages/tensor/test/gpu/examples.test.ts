/** The TSDoc `@example`s of the gpu backend's exports, run as written. */
import { expect, test } from 'vitest';
import { createGpuBackend } from '../../src/backend/gpu/index.js';

test('GpuBackend example', () => {
  const { backend } = createGpuBackend();
  expect(backend).not.toBeNull();
  if (backend !== null) {
    const x = backend.upload([1, 2, 3], 'float32');
    const y = backend.unary('square', { data: x, shape: [3], strides: [1], offset: 0 }, 'float32');
    expect(backend.download({ data: y, shape: [3], strides: [1], offset: 0 })).toEqual(
      new Float32Array([1, 4, 9]),
    );
    backend.dispose(x);
    backend.dispose(y);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  }
});

test('createGpuBackend example', () => {
  const { backend, mode, reason } = createGpuBackend();
  expect(backend?.mode).toBe(mode);
  expect(reason).toMatch(
    mode === 'webasm' ? /no GL context .*gpu\.js runs WebAssembly/ : /is available/,
  );
});
