/**
 * The gpu backend of tensorgrad, on gpu.js: {@link GpuBackend} implements the backend
 * primitives as gpu.js kernels and {@link createGpuBackend} picks the gpu.js mode.
 *
 * Files: `gpu-backend.ts` (the primitives), `create-gpu-backend.ts` (mode choice),
 * `gpu-runtime.ts` (the only file that touches gpu.js), `gpu-data.ts` (texture handles and
 * ownership), `kernel-cache.ts`, `strided.ts` (index math), `kernels/*` (one file per
 * primitive family) and `handoff.ts` (the one decision of what runs on the cpu instead).
 */
export { GpuBackend } from './gpu-backend.js';
export {
  createGpuBackend,
  type GpuBackendChoice,
  type GpuBackendOptions,
} from './create-gpu-backend.js';
export { GpuData } from './gpu-data.js';
export type { RuntimeMode } from './gpu-runtime.js';
