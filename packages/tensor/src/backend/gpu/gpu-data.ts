/**
 * Device memory of the gpu backend: the {@link GpuData} handle and the ledger that counts the
 * live ones.
 *
 * Every dtype lives in a float32 array (texture). float32 is stored as is; `int32` and `bool`
 * are stored as the float32 numbers 0/1 and ..., -1, 0, 1, ..., which is exact for integers of
 * magnitude up to 2^24 = 16777216 and rounds beyond. float64 is never stored here (the
 * dispatcher hands float64 work to the cpu backend).
 */
import type { BackendData, DType } from '../backend.js';
import type { DeviceArray, GpuRuntime } from './gpu-runtime.js';

/** Data owned by the gpu backend: one flat device array plus its dtype and length. */
export class GpuData implements BackendData {
  /** Always `'gpu'`. */
  readonly backend = 'gpu';
  readonly size: number;
  readonly dtype: DType;
  /** The device array; `null` for size 0 (gpu.js cannot make empty outputs) or once freed. */
  array: DeviceArray | null;
  /** Device bytes held, as reported by {@link DeviceMemory.info}. */
  readonly bytes: number;

  /** Wrap a device array; callers go through {@link DeviceMemory.adopt} so it is counted. */
  constructor(array: DeviceArray | null, size: number, dtype: DType, bytes: number) {
    this.array = array;
    this.size = size;
    this.dtype = dtype;
    this.bytes = bytes;
  }
}

/**
 * Counts live device arrays and frees them deterministically. Each {@link GpuData} is freed
 * exactly once, by its owning Storage calling `Backend.dispose`; freeing twice is a bug in
 * the caller and throws.
 */
export class DeviceMemory {
  private readonly live = new Set<GpuData>();
  private liveBytes = 0;

  constructor(private readonly runtime: GpuRuntime) {}

  /** Take ownership of a freshly produced device array (or `null` for an empty result). */
  adopt(array: DeviceArray | null, size: number, dtype: DType): GpuData {
    const bytes = array === null ? 0 : this.runtime.bytes(array, size);
    const data = new GpuData(array, size, dtype, bytes);
    this.live.add(data);
    this.liveBytes += bytes;
    return data;
  }

  /** Free `data` now: its texture is deleted before this returns. */
  free(data: GpuData): void {
    if (!this.live.delete(data)) {
      throw new Error('gpu.dispose: data was already disposed or is not owned by this backend');
    }
    this.liveBytes -= data.bytes;
    if (data.array !== null) this.runtime.release(data.array);
    data.array = null;
  }

  /** The device array of live data, or an error naming the op. */
  arrayOf(data: BackendData, op: string): DeviceArray {
    if (!(data instanceof GpuData) || !this.live.has(data)) {
      throw new Error(`gpu.${op}: expected live data of the gpu backend, got ${describe(data)}`);
    }
    if (data.array === null) throw new Error(`gpu.${op}: data of size 0 has no device array`);
    return data.array;
  }

  /** Live buffers (one per non-disposed GpuData, empty ones included) and their device bytes. */
  info(): { buffers: number; bytes: number } {
    return { buffers: this.live.size, bytes: this.liveBytes };
  }
}

function describe(data: BackendData): string {
  if (data instanceof GpuData) return 'disposed gpu data';
  return `data of backend '${data.backend}'`;
}
