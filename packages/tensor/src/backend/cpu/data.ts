/**
 * Cpu memory: a typed array tagged with its dtype, plus the checks every primitive runs on the
 * views it is handed (right backend, not yet freed, strides that stay inside the array).
 */
import type { BackendData, DType, TypedArray, View } from '../backend.js';
import { MAX_ELEMENTS, shapeString } from '../../shape.js';
import { heapAllocate, heapRelease } from './heap.js';

/** The data handle of the cpu backend: one typed array of the dtype's element type. */
export class CpuData implements BackendData {
  /** Always `'cpu'`. */
  readonly backend = 'cpu';
  /** Set by `CpuBackend.dispose`; any later use is an error rather than a silent read. */
  disposed = false;

  /** Wraps `array` (not copied) as data of `dtype`. */
  constructor(
    readonly array: TypedArray,
    readonly dtype: DType,
  ) {}

  /** Number of elements. */
  get size(): number {
    return this.array.length;
  }
}

/**
 * Freed arrays kept for reuse, by dtype and length. A training step frees and re-creates the
 * same few dozen shapes every iteration; taking them from here instead of the allocator saves
 * the allocation and most of the garbage collection (measured in benchmarks/RESULTS.md).
 */
const pool = new Map<string, TypedArray[]>();
let pooledBytes = 0;
/** Upper bound of the bytes held for reuse. */
const POOL_BYTES = 64 * 1024 * 1024;
/** Arrays smaller than this are cheaper to allocate than to look up. */
const POOL_MIN_LENGTH = 256;

const poolKey = (dtype: DType, size: number) => `${dtype}${size}`;

/** Takes back `array` (of a freed buffer, never used again by its owner) for reuse. */
export function release(array: TypedArray, dtype: DType): void {
  if (heapRelease(array)) return;
  if (array.length < POOL_MIN_LENGTH || pooledBytes + array.byteLength > POOL_BYTES) return;
  const key = poolKey(dtype, array.length);
  const free = pool.get(key);
  if (free) free.push(array);
  else pool.set(key, [array]);
  pooledBytes += array.byteLength;
}

/**
 * A new typed array of `size` elements of `dtype` (bool is stored as 0/1 bytes): in the cpu
 * heap (`heap.ts`) when it is large enough and there is one, else an ordinary array.
 * Zero-filled unless `zeroed` is false, which a kernel that writes every element passes;
 * `ordinary` asks for an array outside the heap (one handed to the user, whose `.buffer` must
 * be its own). The ops check sizes before they get here (`checkShape`); this is the backstop
 * for a primitive called directly, and turns the allocator's bare `RangeError` into an error
 * that says what was asked for.
 */
export function allocate(
  dtype: DType,
  size: number,
  { zeroed = true, ordinary = false }: { zeroed?: boolean; ordinary?: boolean } = {},
): TypedArray {
  if (!(Number.isInteger(size) && size >= 0 && size <= MAX_ELEMENTS)) {
    throw new Error(
      `cpu: cannot allocate ${size} elements of ${dtype} (a tensor holds at most ${MAX_ELEMENTS}, 2^31 - 1)`,
    );
  }
  if (!ordinary) {
    const inHeap = heapAllocate(dtype, size, size * BYTES_PER_ELEMENT[dtype], zeroed);
    if (inHeap !== null) return inHeap;
  }
  if (size >= POOL_MIN_LENGTH) {
    const reused = pool.get(poolKey(dtype, size))?.pop();
    if (reused) {
      pooledBytes -= reused.byteLength;
      return zeroed ? reused.fill(0) : reused;
    }
  }
  try {
    return fresh(dtype, size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new Error(
      `cpu: out of memory allocating ${size} elements of ${dtype} (${size * BYTES_PER_ELEMENT[dtype]} bytes): ${error.message}`,
    );
  }
}

function fresh(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

/** The typed array behind `data`, after checking that it is live cpu data. */
export function arrayOf(op: string, data: BackendData): TypedArray {
  if (!(data instanceof CpuData)) {
    throw new Error(`${op}: expected data of the cpu backend, received data of '${data.backend}'`);
  }
  if (data.disposed) throw new Error(`${op}: the data was already disposed`);
  return data.array;
}

/**
 * The typed array behind a view, after checking that every element the view can address lies
 * inside it. Catching a bad stride here gives an error instead of `undefined` reads turning
 * into NaN further down.
 */
export function viewArray(op: string, x: View): TypedArray {
  const array = arrayOf(op, x.data);
  if (x.shape.length !== x.strides.length) {
    throw new Error(
      `${op}: view has shape ${shapeString(x.shape)} but strides ${shapeString(x.strides)}`,
    );
  }
  let lowest = x.offset;
  let highest = x.offset;
  for (let d = 0; d < x.shape.length; d++) {
    const size = x.shape[d];
    if (!Number.isInteger(size) || size < 0) {
      throw new Error(`${op}: invalid shape ${shapeString(x.shape)}`);
    }
    if (size === 0) return array; // addresses nothing
    const reach = (size - 1) * x.strides[d];
    if (reach < 0) lowest += reach;
    else highest += reach;
  }
  if (lowest < 0 || highest >= array.length) {
    throw new Error(
      `${op}: view (shape ${shapeString(x.shape)}, strides ${shapeString(x.strides)}, offset ${x.offset}) ` +
        `reaches outside its data of ${array.length} elements`,
    );
  }
  return array;
}

/**
 * `values != 0` as bool bytes (NaN is true). Arithmetic asked to produce bool (`true + true`)
 * is computed in float64 and converted through this: a byte store alone would keep 2 for
 * `true + true`, 255 for -1 and 0 for 256 or 0.5. `values` is a kernel's temporary and is
 * freed here.
 */
export function toBool(values: Float64Array): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  release(values, 'float64');
  return out;
}

/** Number of elements of `shape` (1 for a 0-d shape). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const s of shape) size *= s;
  return size;
}

/** Row-major (contiguous) strides of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

/** Bytes per element of each dtype. */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = {
  float32: 4,
  float64: 8,
  int32: 4,
  bool: 1,
};
