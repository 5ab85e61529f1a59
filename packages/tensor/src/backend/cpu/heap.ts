/**
 * The cpu heap: large arrays live in one shared WebAssembly memory, so that the SIMD kernels,
 * and worker threads sharing the same memory, compute on a tensor where it lies instead of
 * copying it in and out (a copy costs as much as an `add`).
 *
 * Storage handed out here is still an ordinary typed array, a view at some byte offset of the
 * memory, so every typed-array kernel works on it unchanged; a WebAssembly kernel passes
 * `array.byteOffset` as its pointer. The memory is shared because only a shared memory can
 * grow without detaching the views already handed out (growing a plain one would invalidate
 * every tensor); where `SharedArrayBuffer` is unavailable (a page that is not cross-origin
 * isolated) there is no heap and every array is an ordinary one.
 *
 * Blocks are reused by exact size (a training step frees and re-creates the same shapes every
 * iteration); new ones come from the top, growing the memory. A block returns to its free list
 * when its tensor is disposed or, failing that, when its view is garbage collected (the view is
 * the only handle on the block, so nobody can read it afterwards). The memory never shrinks, as
 * with any WebAssembly heap (tfjs-wasm's too): at most `MAX_BYTES`; past that, or when the
 * system refuses to grow it, allocation falls back to ordinary typed arrays.
 */
import type { DType, TypedArray } from '../backend.js';

/** Arrays smaller than this are plain typed arrays: cheaper to make, too small to gain. */
export const HEAP_MIN_BYTES = 4096;
/** Block sizes are multiples of this (a cache line; keeps every view 16-byte aligned for SIMD). */
const ALIGN = 64;
/** 64 KiB pages: WebAssembly's unit of memory. */
const PAGE = 65536;
/** The memory's declared maximum, in pages (2 GiB), which every kernel module must import. */
export const HEAP_MAXIMUM_PAGES = 32768;
/** The memory's first page is never handed out, so that no array lies at pointer 0. */
const FIRST_BLOCK = ALIGN;

interface Heap {
  readonly memory: WebAssembly.Memory;
  /** The buffers the memory has had (one per growth); a view over any of them is a heap view. */
  readonly buffers: WeakSet<ArrayBufferLike>;
  buffer: ArrayBufferLike;
  /** Bytes of the memory handed out so far from the bottom. */
  top: number;
  /**
   * Above `top`, the memory is zero from here on: below it, kernels' temporaries
   * (`heapScratch`) may have written.
   */
  zeroFrom: number;
  /** Free blocks by size. */
  readonly free: Map<number, number[]>;
  /** Frees the block of a view nobody disposed once the view is collected. */
  readonly collected: FinalizationRegistry<number>;
  /** Block offset → block size, for every block in use. */
  readonly sizes: Map<number, number>;
}

let heap: Heap | null | undefined;

/** The heap, created on first use; null where there is none (no shared WebAssembly memory). */
function theHeap(): Heap | null {
  if (heap !== undefined) return heap;
  heap = null;
  if (typeof SharedArrayBuffer === 'undefined' || typeof WebAssembly === 'undefined') return null;
  try {
    const memory = new WebAssembly.Memory({
      initial: 16,
      maximum: HEAP_MAXIMUM_PAGES,
      shared: true,
    });
    const created: Heap = {
      memory,
      buffers: new WeakSet([memory.buffer]),
      buffer: memory.buffer,
      top: FIRST_BLOCK,
      zeroFrom: FIRST_BLOCK,
      free: new Map(),
      sizes: new Map(),
      collected: new FinalizationRegistry<number>((offset) => freeBlock(created, offset)),
    };
    heap = created;
  } catch {
    // A platform without shared memories (or one that refuses the reservation).
  }
  return heap;
}

/** The shared memory the heap lives in, for kernels to import; null where there is no heap. */
export function heapMemory(): WebAssembly.Memory | null {
  return theHeap()?.memory ?? null;
}

/** Whether `array` lives in the heap (so a WebAssembly kernel can use it in place). */
export function inHeap(array: TypedArray): boolean {
  return heap != null && heap.buffers.has(array.buffer);
}

function makeView(buffer: ArrayBufferLike, dtype: DType, offset: number, size: number) {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer, offset, size);
    case 'float64':
      return new Float64Array(buffer, offset, size);
    case 'int32':
      return new Int32Array(buffer, offset, size);
    case 'bool':
      return new Uint8Array(buffer, offset, size);
  }
}

/**
 * A heap array of `size` elements taking `bytes` bytes, or null (too small, no heap, or the
 * memory cannot grow): the caller then makes an ordinary one. Zero-filled when `zeroed`; a
 * kernel that writes every element asks for it unfilled.
 */
export function heapAllocate(
  dtype: DType,
  size: number,
  bytes: number,
  zeroed: boolean,
): TypedArray | null {
  if (bytes < HEAP_MIN_BYTES) return null;
  const h = theHeap();
  if (h === null) return null;
  const blockBytes = Math.ceil(bytes / ALIGN) * ALIGN;
  let offset = h.free.get(blockBytes)?.pop();
  let reused = offset !== undefined;
  if (offset === undefined) {
    offset = h.top;
    const end = offset + blockBytes;
    if (end > h.buffer.byteLength && end <= h.memory.buffer.byteLength) {
      // grown by a kernel's temporaries (heapScratch)
      h.buffer = h.memory.buffer;
      h.buffers.add(h.buffer);
    }
    if (end > h.buffer.byteLength) {
      // Grow by at least an eighth, so that a growing workload grows the memory rarely.
      const have = h.buffer.byteLength / PAGE;
      const need = Math.ceil(end / PAGE) - have;
      try {
        h.memory.grow(Math.min(Math.max(need, Math.ceil(have / 8)), HEAP_MAXIMUM_PAGES - have));
      } catch {
        return null; // past the maximum, or the system refused: an ordinary array instead
      }
      if (h.memory.buffer.byteLength < end) return null;
      h.buffer = h.memory.buffer;
      h.buffers.add(h.buffer);
    }
    h.top = end;
    reused = false;
  }
  h.sizes.set(offset, blockBytes);
  const view = makeView(h.buffer, dtype, offset, size);
  // A new block is zero unless a kernel's temporaries were written there.
  if (zeroed && (reused || offset < h.zeroFrom)) view.fill(0);
  h.collected.register(view, offset, view);
  return view;
}

/**
 * Where a kernel may put its temporaries for one call: the byte offset just above every block
 * in use (nothing is allocated while a kernel runs), with the memory grown so that `bytes`
 * bytes fit there. Throws a RangeError when the memory cannot grow that far.
 */
export function heapScratch(bytes: number): number {
  const h = theHeap();
  if (h === null) throw new Error('cpu: there is no heap to put temporaries in');
  const base = Math.ceil(h.top / ALIGN) * ALIGN;
  heapReserve(base + bytes);
  return base;
}

/**
 * Grows the heap's memory to at least `bytes` bytes (a RangeError past the maximum), for a
 * kernel's temporaries that may be written up to there.
 */
export function heapReserve(bytes: number): void {
  const h = theHeap()!;
  h.zeroFrom = Math.max(h.zeroFrom, bytes);
  if (h.memory.buffer.byteLength < bytes) {
    const have = h.memory.buffer.byteLength / PAGE;
    const need = Math.ceil(bytes / PAGE) - have;
    h.memory.grow(Math.min(Math.max(need, Math.ceil(have / 8)), HEAP_MAXIMUM_PAGES - have));
    if (h.memory.buffer.byteLength < bytes) throw new RangeError('cpu: the heap is full');
  }
  if (h.buffer.byteLength !== h.memory.buffer.byteLength) {
    h.buffer = h.memory.buffer;
    h.buffers.add(h.buffer);
  }
}

/** Returns the block of a disposed heap array to its free list; false for an ordinary array. */
export function heapRelease(array: TypedArray): boolean {
  if (!inHeap(array)) return false;
  const h = heap!;
  h.collected.unregister(array);
  freeBlock(h, array.byteOffset);
  return true;
}

function freeBlock(h: Heap, offset: number): void {
  const size = h.sizes.get(offset);
  if (size === undefined) return; // already freed
  h.sizes.delete(offset);
  const list = h.free.get(size);
  if (list) list.push(offset);
  else h.free.set(size, [offset]);
}

/** Bytes of the heap: reserved from the system, and in blocks now in use. @internal */
export function heapInfo(): { reservedBytes: number; usedBytes: number; blocks: number } {
  const h = theHeap();
  if (h === null) return { reservedBytes: 0, usedBytes: 0, blocks: 0 };
  let used = 0;
  for (const size of h.sizes.values()) used += size;
  return { reservedBytes: h.buffer.byteLength, usedBytes: used, blocks: h.sizes.size };
}
