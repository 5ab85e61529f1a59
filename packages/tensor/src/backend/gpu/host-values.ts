/**
 * Conversions between host values and the float32 values textures store, and the one layout
 * test `download` needs.
 */
import type { DType, TypedArray, View } from '../backend.js';

/** Largest magnitude up to which a float32 texture holds every integer exactly: 2^24. */
export const MAX_EXACT_INT = 2 ** 24;

/**
 * A host value in the form the float32 texture stores for `dtype`. int32 converts as the cpu's
 * Int32Array does (truncated, wrapped into int32; NaN is 0).
 */
export function storedValue(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32') return value | 0;
  return value;
}

/**
 * int32 host values as an Int32Array (converted as {@link storedValue} does) when one of them
 * is beyond {@link MAX_EXACT_INT} in magnitude, where a float32 texture would round it (an
 * int32 matmul giving 16777217 read back 16777216); `null` when a texture holds them all.
 */
export function wideInt32(values: ArrayLike<number>): Int32Array | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! | 0;
    if (v > MAX_EXACT_INT || v < -MAX_EXACT_INT) return Int32Array.from(values);
  }
  return null;
}

/** Smallest normal float32 magnitude, 2^-126: below it (and above 0) a float32 is subnormal. */
export const MIN_NORMAL_FLOAT32 = 2 ** -126;

/**
 * float32 host values as a Float32Array when one of them is subnormal (0 < |x| < 2^-126 once
 * rounded to float32), which a device that flushes subnormals would read as zero (`floor` of
 * -1e-45 gave 0, not -1); `null` when a texture holds them all.
 */
export function subnormalFloat32(values: ArrayLike<number>): Float32Array | null {
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(Math.fround(values[i]!));
    if (v !== 0 && v < MIN_NORMAL_FLOAT32) return Float32Array.from(values);
  }
  return null;
}

/**
 * Host values as the float32 array a texture is made from. A plain loop on purpose:
 * `Float32Array.from(values, mapFn)` measured 842 ms for 2^20 elements in Node 20, the loop 33 ms.
 */
export function storedValues(values: ArrayLike<number>, dtype: DType): Float32Array {
  if (dtype === 'float32') return Float32Array.from(values);
  const stored = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) stored[i] = storedValue(values[i]!, dtype);
  return stored;
}

/** Float32 texture values as the typed array of `dtype`. */
export function hostArray(values: Float32Array, dtype: DType): TypedArray {
  switch (dtype) {
    case 'int32': {
      // Textures hold int32 values up to 2^24 (larger ones are kept on the host) and the
      // integers a float32 cast produced, which can lie beyond int32: saturate those rather
      // than let Int32Array wrap 2^31 around to -2^31.
      const ints = new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        ints[i] = Math.min(2147483647, Math.max(-2147483648, values[i]!));
      }
      return ints;
    }
    case 'bool': {
      const bools = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) bools[i] = values[i] !== 0 ? 1 : 0;
      return bools;
    }
    default:
      return values;
  }
}

/** Whether `x` is all of its data, row-major from offset 0 (so it can be read as is). */
export function isWholeContiguous(x: View): boolean {
  if (x.offset !== 0 || x.shape.reduce((n, d) => n * d, 1) !== x.data.size) return false;
  let expected = 1;
  for (let d = x.shape.length - 1; d >= 0; d--) {
    if (x.shape[d] !== 1 && x.strides[d] !== expected) return false;
    expected *= x.shape[d]!;
  }
  return true;
}
