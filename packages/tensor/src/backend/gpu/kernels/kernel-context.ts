/**
 * What every kernel family needs: the compiled-kernel cache, the runtime (to free the
 * intermediates of multi-pass kernels) and the device memory (to look up input arrays).
 */
import type { BackendData } from '../../backend.js';
import type { DeviceMemory } from '../gpu-data.js';
import type { DeviceArray, GpuRuntime } from '../gpu-runtime.js';
import type { KernelCache } from '../kernel-cache.js';

/** Shared state handed to the kernel families. */
export interface KernelContext {
  readonly runtime: GpuRuntime;
  readonly cache: KernelCache;
  readonly memory: DeviceMemory;
}

/** The device array behind `data`, or an error naming `op`. */
export function arrayOf(ctx: KernelContext, data: BackendData, op: string): DeviceArray {
  return ctx.memory.arrayOf(data, op);
}
