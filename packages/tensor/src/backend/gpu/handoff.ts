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
 *   scatterAdd with a long index axis, fold with a huge window, softmax and standardize of
 *   lines longer than that): headless-gl's llvmpipe silently truncates longer loops.
 * - float64 data (defensive; the dispatcher should never send it).
 * - int32 results that may pass 2^24 in magnitude ({@link INT32_ARITHMETIC}: sums, products,
 *   matmul, ...), and every call reading int32 data that already holds such values (kept on
 *   the host, see `gpu-data.ts`): a float32 texture rounds 16777217 to 16777216, and the cpu
 *   computes int32 exactly (wrapping on overflow, as its typed arrays do). Ops that only move
 *   or compare int32 values (copy, gather, where, max, argmax, eq, ...) stay on the gpu:
 *   values up to 2^24 are exact there. So int32 indices cost nothing; int32 arithmetic costs a
 *   readback of its inputs and an upload of its result.
 *
 * - every call reading float32 data that holds a subnormal (0 < |x| < 2^-126), on a device that
 *   flushes subnormals to zero of the same sign in hardware (`GpuBackend.subnormals` measures
 *   it; headless GL flushes, webasm does not): such data is kept on the host when it is made
 *   (`upload`, `fill`, and the results of hand-offs), so `floor(-1e-45)` is -1 as on the cpu.
 *   What is not handed off: a gpu kernel whose *result* underflows into the subnormal range
 *   gives zero of the same sign (only a readback per op could see it). NaN, ±Infinity and ±0
 *   need no hand-off, the kernels give the cpu's answers (`kernels/unary-ops.ts`).
 *
 * No size-based hand-off: on headlessgl (llvmpipe, 2 shared cores) `neg` of 8 elements
 * followed by a 1-element read took 0.31 ms on the gpu and 0.37 ms handed to the cpu (the
 * bridge itself reads and writes textures), and in a chain only the gpu path avoids a readback
 * per op. In webasm both took 0.04 ms.
 */
import type { Backend, BackendData, DType, TypedArray, View } from '../backend.js';
import { GpuData, hostReason } from './gpu-data.js';
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
  /** The op of `unary`, `binary` and `reduce` calls (`'add'`, `'sum'`, ...). */
  readonly op?: string;
}

/**
 * The primitives (and, for the op families, their ops) whose int32 result can pass 2^24 in
 * magnitude although every input is within it: these run on the cpu for int32 results.
 */
export const INT32_ARITHMETIC: Readonly<Record<string, readonly string[] | 'all'>> = {
  unary: ['square'],
  binary: ['add', 'sub', 'mul', 'pow'],
  reduce: ['sum', 'prod'],
  cumsum: 'all',
  matmul: 'all',
  scatterAdd: 'all',
  fold: 'all',
};

/** Whether `call` computes int32 values that a float32 kernel could round. */
function isInt32Arithmetic(call: PrimitiveCall): boolean {
  if (call.outDtype !== 'int32') return false;
  const ops = INT32_ARITHMETIC[call.primitive];
  return ops === 'all' || (ops !== undefined && ops.includes(call.op ?? ''));
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
  const hostKept = call.inputs.find((x) => x.data instanceof GpuData && x.data.host !== null);
  if (hostKept !== undefined) return hostReason(hostKept.data.dtype);
  if (isInt32Arithmetic(call)) return 'int32 arithmetic runs on cpu (exact beyond 2^24)';
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
