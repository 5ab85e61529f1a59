// from src/backend/gpu/create-gpu-backend.ts:32
const { backend, mode, reason } = createGpuBackend();
console.log(mode, reason); // e.g. "webasm", "no GL context (...); gpu.js runs WebAssembly"
export {};
