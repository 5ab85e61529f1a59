/**
 * Conversions between host values and the float32 values textures store, and the one layout
 * test `download` needs.
 */
import type { DType, TypedArray, View } from '../backend.js';

/** A host value in the form the float32 texture stores for `dtype`. */
export function storedValue(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (dtype === 'int32') return Math.trunc(value);
  return value;
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
      // Beyond 2^24 the float32 store has already rounded; saturate rather than let
      // Int32Array wrap 2^31 (what 2147483647 rounds to) around to -2^31.
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
