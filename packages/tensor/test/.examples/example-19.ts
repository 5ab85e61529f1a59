// from src/backend/gpu/gpu-backend.ts:43
const { backend } = createGpuBackend();
if (backend !== null) {
  const x = backend.upload([1, 2, 3], 'float32');
  const y = backend.unary('square', { data: x, shape: [3], strides: [1], offset: 0 }, 'float32');
  backend.download({ data: y, shape: [3], strides: [1], offset: 0 }); // Float32Array [1, 4, 9]
  backend.dispose(x);
  backend.dispose(y);
}
export {};
