/**
 * Device memory of the gpu backend: the {@link GpuData} handle and the ledger that counts the
 * live ones.
 *
 * Every dtype lives in a float32 array (texture). float32 is stored as is; `int32` and `bool`
 * are stored as the float32 numbers 0/1 and ..., -1, 0, 1, ..., which is exact for integers of
 * magnitude up to 2^24 = 16777216. int32 data holding a larger value is kept on the host
 * instead ({@link GpuData.host}), exactly, and so is float32 data holding a subnormal on a
 * device that flushes subnormals to zero; every primitive that reads host-kept data runs on the
 * cpu (`handoff.ts`). float64 is never stored here (the dispatcher hands float64 work to the cpu
 * backend).
 */
import type { BackendData, DType } from '../backend.js';
import type { DeviceArray, GpuRuntime } from './gpu-runtime.js';

/** Values kept on the host (see {@link GpuData.host}). */
export type HostValues = Int32Array | Float32Array;

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
  /** Set when the data is freed (disposed); any later use is an error. */
  freed = false;
  /**
   * Values a texture cannot hold exactly, kept on the host instead of `array` (which is then
   * `null`): int32 with some magnitude above 2^24, or float32 with a subnormal on a device that
   * flushes them.
   */
  host: HostValues | null = null;

  /** Wrap a device array; callers go through {@link DeviceMemory.adopt} so it is counted. */
  constructor(array: DeviceArray | null, size: number, dtype: DType, bytes: number) {
    this.array = array;
    this.size = size;
    this.dtype = dtype;
    this.bytes = bytes;
  }
}

/**
 * Counts live device arrays and frees them. Each {@link GpuData} is freed exactly once: by its
 * owning Storage calling `Backend.dispose` (deterministic: `dispose()`, `tidy`), or, when
 * nobody disposes it, by the finalizer below once the garbage collector finds it unreachable.
 * Freeing twice is a bug in the caller and throws.
 */
export class DeviceMemory {
  private liveBuffers = 0;
  private liveBytes = 0;
  /** The data this ledger made (weakly: membership keeps nothing alive). */
  private readonly owned = new WeakSet<GpuData>();
  /**
   * The backstop for data nobody disposed: the collector cannot see textures, so they are
   * deleted here. The held value is the texture alone (never the GpuData, which would then stay
   * reachable); disposal unregisters, so nothing is freed twice.
   */
  private readonly collected = new FinalizationRegistry<Collected>(({ array, bytes }) => {
    this.liveBuffers--;
    this.liveBytes -= bytes;
    if (array !== null) this.runtime.release(array);
  });

  constructor(private readonly runtime: GpuRuntime) {}

  /** Take ownership of a freshly produced device array (or `null` for an empty result). */
  adopt(array: DeviceArray | null, size: number, dtype: DType): GpuData {
    const bytes = array === null ? 0 : this.runtime.bytes(array, size);
    const data = new GpuData(array, size, dtype, bytes);
    this.liveBuffers++;
    this.liveBytes += bytes;
    this.owned.add(data);
    // A typed array (webasm) is the collector's to free: holding it here would keep it alive.
    const held = array instanceof Float32Array ? null : array;
    this.collected.register(data, { array: held, bytes }, data);
    return data;
  }

  /**
   * Take ownership of values kept on the host (see {@link GpuData.host}): int32 or float32 as
   * the array is; they count as a buffer of 4 bytes an element.
   */
  adoptHost(values: HostValues): GpuData {
    const dtype = values instanceof Int32Array ? 'int32' : 'float32';
    const data = new GpuData(null, values.length, dtype, values.length * 4);
    data.host = values;
    this.liveBuffers++;
    this.liveBytes += data.bytes;
    this.owned.add(data);
    this.collected.register(data, { array: null, bytes: data.bytes }, data);
    return data;
  }

  /** Free `data` now: its texture is deleted before this returns. */
  free(data: GpuData): void {
    if (!(data instanceof GpuData) || data.freed || !this.owned.has(data)) {
      throw new Error('gpu.dispose: data was already disposed or is not owned by this backend');
    }
    data.freed = true;
    this.collected.unregister(data);
    this.liveBuffers--;
    this.liveBytes -= data.bytes;
    if (data.array !== null) this.runtime.release(data.array);
    data.array = null;
    data.host = null;
  }

  /** The device array of live data, or an error naming the op. */
  arrayOf(data: BackendData, op: string): DeviceArray {
    if (!(data instanceof GpuData) || data.freed || !this.owned.has(data)) {
      throw new Error(`gpu.${op}: expected live data of the gpu backend, got ${describe(data)}`);
    }
    if (data.host !== null) {
      throw new Error(
        `gpu.${op}: ${hostReason(data.dtype)}, not in a texture; ` +
          'handoff.ts sends every primitive reading them to the cpu',
      );
    }
    if (data.array === null) throw new Error(`gpu.${op}: data of size 0 has no device array`);
    return data.array;
  }

  /** The host-kept values of live `data` (see {@link GpuData.host}), or `null`. */
  hostOf(data: BackendData, op: string): HostValues | null {
    if (!(data instanceof GpuData) || data.freed || !this.owned.has(data)) {
      throw new Error(`gpu.${op}: expected live data of the gpu backend, got ${describe(data)}`);
    }
    return data.host;
  }

  /** Live buffers (one per GpuData neither freed nor collected, empty ones included) and their device bytes. */
  info(): { buffers: number; bytes: number } {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }
}

/** What the finalizer needs to free a collected {@link GpuData}. */
interface Collected {
  readonly array: DeviceArray | null;
  readonly bytes: number;
}

function describe(data: BackendData): string {
  if (data instanceof GpuData) {
    return data.freed ? 'disposed gpu data' : 'gpu data of another gpu backend';
  }
  return `data of backend '${data.backend}'`;
}

/** Why data of `dtype` is kept on the host (for hand-off reasons and errors). */
export function hostReason(dtype: DType): string {
  return dtype === 'int32'
    ? 'int32 values beyond 2^24 are kept on the host'
    : 'float32 subnormals are kept on the host (this device flushes them to zero)';
}
