/**
 * Hand-offs from the gpu backend to the cpu backend.
 *
 * {@link handoffReason} is the one function that decides which primitive calls the gpu backend
 * does not run itself; {@link CpuBridge} carries such a call out (inputs down to the cpu, the
 * result back up). The dispatcher already sends float64 to the cpu; what is decided here is
 * what the gpu backend cannot do well or exactly:
 *
 * - `sort`: a data-dependent permutation; a bitonic network in gpu.js would cost log² n
 *   kernel launches and readbacks, the cpu sorts in one pass.
 * - ranks above {@link MAX_RANK}: kernels are generated per rank up to that bound.
 * - tensors of more than 2^24 elements: kernel index math is float32, exact only below 2^24.
 * - loops longer than {@link MAX_LOOP} that a kernel cannot split (cumsum along a long axis,
 *   scatterAdd with a long index axis, fold with a huge window): headless-gl's llvmpipe
 *   silently truncates longer loops.
 * - float64 data (defensive; the dispatcher should never send it).
 *
 * No size-based hand-off: on headlessgl (llvmpipe, 2 shared cores) `neg` of 8 elements
 * followed by a 1-element read took 0.31 ms on the gpu and 0.37 ms handed to the cpu (the
 * bridge itself reads and writes textures), and in a chain only the gpu path avoids a readback
 * per op. In webasm both took 0.04 ms.
 */
import type { Backend, BackendData, DType, TypedArray, View } from '../backend.js';
import { MAX_LOOP } from './gpu-runtime.js';
import { MAX_RANK } from './strided.js';

/** Largest element count whose indices float32 index math addresses exactly. */
export const MAX_EXACT_INDEX = 2 ** 24;

/** A primitive call, described well enough to decide where it runs. */
export interface PrimitiveCall {
  /** The primitive's name, as in `PRIMITIVES`. */
  readonly primitive: string;
  /** Every view the primitive reads. */
  readonly inputs: readonly View[];
  /** Element count of the output (of each output). */
  readonly outputSize: number;
  /** Dtype of the output. */
  readonly outDtype: DType;
  /** The longest loop a single gpu kernel would need for this call (0 if none). */
  readonly loop?: number;
}

/**
 * Why `call` should run on the cpu backend, or `null` when the gpu runs it. The reasons are
 * counted by the backend (`GpuBackend.handoffs`) so that tests and benchmarks can see them.
 */
export function handoffReason(call: PrimitiveCall): string | null {
  if (call.primitive === 'sort') return 'sort runs on cpu';
  if (call.outDtype === 'float64' || call.inputs.some((x) => x.data.dtype === 'float64')) {
    return 'float64 is not stored on the gpu';
  }
  if (call.inputs.some((x) => x.shape.length > MAX_RANK)) return `rank above ${MAX_RANK}`;
  const largest = Math.max(call.outputSize, ...call.inputs.map((x) => x.data.size));
  if (largest > MAX_EXACT_INDEX) return 'more than 2^24 elements';
  if ((call.loop ?? 0) > MAX_LOOP) return `loop longer than ${MAX_LOOP}`;
  return null;
}

/** The gpu-side memory operations the bridge needs (implemented by `GpuBackend`). */
export interface DeviceSide {
  /** Read all of `data` as a typed array of its dtype. */
  readAll(data: BackendData): TypedArray;
  /** Upload host values as new gpu data of `dtype`. */
  upload(values: ArrayLike<number>, dtype: DType): BackendData;
}

/**
 * Runs a primitive on the cpu backend for the gpu backend: uploads each input's whole data
 * to the cpu (keeping the view's strides), runs, and uploads the results back to the gpu. The
 * cpu copies are freed before returning, so a hand-off leaves no cpu memory behind.
 */
export class CpuBridge {
  constructor(
    private readonly cpu: Backend,
    private readonly device: DeviceSide,
  ) {}

  /** Run `fn` on the cpu with `inputs` moved there; every data it returns comes back up. */
  run<R extends Record<string, BackendData>>(
    inputs: readonly View[],
    fn: (cpu: Backend, inputs: View[]) => R,
  ): R {
    const moved = inputs.map((x) => ({
      ...x,
      data: this.cpu.upload(this.device.readAll(x.data), x.data.dtype),
    }));
    const results: Partial<Record<string, BackendData>> = {};
    try {
      const onCpu = fn(this.cpu, moved);
      for (const [key, data] of Object.entries(onCpu)) {
        try {
          const all = { data, shape: [data.size], strides: [1], offset: 0 };
          results[key] = this.device.upload(this.cpu.download(all), data.dtype);
        } finally {
          this.cpu.dispose(data);
        }
      }
    } finally {
      for (const x of moved) this.cpu.dispose(x.data);
    }
    return results as R;
  }
}
