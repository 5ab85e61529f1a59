/**
 * Instantiating one of the cpu backend's WebAssembly kernels and sizing its memory: the part
 * every kernel module (gemm, softmax) shares. Each module imports one memory (`env.memory`):
 * a private one, into which operands are copied and from which results are copied out, or
 * the cpu heap's, where operands already lie and the kernel keeps only its temporaries.
 */
import { heapMemory, heapReserve } from '../heap.js';

/** An instantiated kernel module: its memory, a float view of it, and its exports. */
export interface WasmKernel<Exports> {
  /** The compiled module (worker threads instantiate it again over a shared memory). */
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /**
   * A view of `memory` from `base`; replaced whenever the memory grows (growing a private
   * memory detaches the old view).
   */
  f32: Float32Array;
  /**
   * Byte offset where the kernel's workspace starts: 0 in a memory of its own; in the cpu heap
   * (`heap` true), just above the blocks in use, set anew for every call (`heapScratch`).
   */
  base: number;
  readonly heap: boolean;
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
      base: 0,
      heap: false,
      exports: instance.exports as Exports,
    };
  } catch {
    // No WebAssembly, or no SIMD (the module fails to compile), or no shared memory (a page
    // that is not cross-origin isolated).
    return null;
  }
}

/**
 * Makes room for `floats` floats from the kernel's `base`; returns the (possibly new) view of
 * them, indexed from `base`.
 */
export function reserveFloats<E>(kern: WasmKernel<E>, floats: number): Float32Array {
  const bytes = kern.base + floats * 4;
  if (bytes > kern.f32.byteOffset + kern.f32.byteLength) {
    if (kern.heap) heapReserve(bytes);
    const have = kern.memory.buffer.byteLength;
    if (bytes > have) kern.memory.grow(Math.ceil((bytes - have) / 65536));
    const buffer = kern.memory.buffer;
    kern.f32 = new Float32Array(buffer, kern.base, (buffer.byteLength - kern.base) >> 2);
  }
  return kern.f32;
}

/**
 * The kernel module `bytes` instantiated over the cpu heap's memory (its import must be
 * declared shared with `HEAP_MAXIMUM_PAGES`), its workspace set per call by `heapScratch`;
 * null without a heap or SIMD.
 */
export function instantiateOnHeap<Exports>(
  bytes: Uint8Array<ArrayBuffer>,
): WasmKernel<Exports> | null {
  const memory = heapMemory();
  if (memory === null) return null;
  try {
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return {
      module,
      memory,
      f32: new Float32Array(memory.buffer, 0, 0),
      base: 0,
      heap: true,
      exports: instance.exports as Exports,
    };
  } catch {
    return null;
  }
}
