/**
 * The row kernels (softmax, standardize) address their input as row-major from its offset;
 * any other layout is first copied to that form.
 */
import type { DType, View } from '../../backend.js';
import type { DeviceArray } from '../gpu-runtime.js';
import { sizeOf } from '../strided.js';
import { copy } from './elementwise.js';
import type { KernelContext } from './kernel-context.js';

/** Whether `x` is stored row-major from its offset (size-1 dims may have any stride). */
export function isRowMajor(x: View): boolean {
  let expected = 1;
  for (let d = x.shape.length - 1; d >= 0; d--) {
    if (x.shape[d] !== 1 && x.strides[d] !== expected) return false;
    expected *= x.shape[d]!;
  }
  return true;
}

/**
 * `kernel(x)` when `x` is row-major, else `kernel` of a row-major copy of `x` as `dtype`
 * (freed afterwards). `x` must not be empty.
 */
export function onRowMajor(
  ctx: KernelContext,
  x: View,
  dtype: DType,
  kernel: (rowMajor: View) => DeviceArray | null,
): DeviceArray | null {
  if (isRowMajor(x)) return kernel(x);
  const size = sizeOf(x.shape);
  const data = ctx.memory.adopt(copy(ctx, x, dtype), size, dtype);
  try {
    const strides = x.shape.map((_, d) => sizeOf(x.shape.slice(d + 1)));
    return kernel({ data, shape: x.shape, strides, offset: 0 });
  } finally {
    ctx.memory.free(data);
  }
}
