/**
 * Instantiating one of the cpu backend's WebAssembly kernels and sizing its memory: the part
 * every kernel module (gemm, softmax) shares. Each module imports one memory (`env.memory`);
 * operands are copied into it, the kernel runs, results are copied out.
 */

/** An instantiated kernel module: its memory, a float view of it, and its exports. */
export interface WasmKernel<Exports> {
  /** The compiled module (worker threads instantiate it again over a shared memory). */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** A view of `memory`; replaced whenever the memory grows (growing detaches the old one). */
  f32: Float32Array;
  readonly exports: Exports;
}

/**
 * Compiles and instantiates `bytes` (synchronously: the modules are under a kilobyte), or
 * returns null where WebAssembly or its SIMD proposal is unavailable, so callers fall back to
 * the typed-array kernels.
 */
export function instantiateKernel<Exports>(
  bytes: Uint8Array<ArrayBuffer>,
  sharedMaximumPages?: number,
): WasmKernel<Exports> | null {
  try {
    const memory =
      sharedMaximumPages === undefined
        ? new WebAssembly.Memory({ initial: 16 })
        : new WebAssembly.Memory({ initial: 16, maximum: sharedMaximumPages, shared: true });
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return {
      module,
      memory,
      f32: new Float32Array(memory.buffer),
      exports: instance.exports as Exports,
    };
  } catch {
    // No WebAssembly, or no SIMD (the module fails to compile), or no shared memory (a page
    // that is not cross-origin isolated).
    return null;
  }
}

/** Grows the kernel's memory to at least `floats` floats; returns the (possibly new) view. */
export function reserveFloats<E>(kern: WasmKernel<E>, floats: number): Float32Array {
  const bytes = floats * 4;
  const have = kern.memory.buffer.byteLength;
  if (bytes > have) {
    kern.memory.grow(Math.ceil((bytes - have) / 65536));
    kern.f32 = new Float32Array(kern.memory.buffer);
  }
  return kern.f32;
}
