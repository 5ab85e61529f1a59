/**
 * Kernels are compiled once per signature and reused for every size: compiling a shader costs
 * tens of milliseconds on a software GL, running one costs well under one.
 */
import type { CompiledKernel, GpuRuntime, KernelSignature } from './gpu-runtime.js';

/** A cache of compiled kernels keyed by a signature name such as `unary:exp:rank2:float32`. */
export class KernelCache {
  private readonly kernels = new Map<string, CompiledKernel>();
  private compileCount = 0;

  constructor(private readonly runtime: GpuRuntime) {}

  /**
   * The kernel for `key`, compiled from `build()` on first use, and again after a run of it
   * failed (see {@link CompiledKernel.failed}), so that one failing call leaves the cache
   * usable. `build` must depend only on what `key` names, never on sizes: sizes are kernel
   * arguments.
   */
  get(key: string, build: () => KernelSignature): CompiledKernel {
    let kernel = this.kernels.get(key);
    if (kernel === undefined || kernel.failed) {
      kernel = this.runtime.compile(build(), key);
      this.kernels.set(key, kernel);
      this.compileCount++;
    }
    return kernel;
  }

  /** How many kernels have been compiled so far (tests use it to prove reuse). */
  get compiled(): number {
    return this.compileCount;
  }
}
