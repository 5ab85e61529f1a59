/**
 * The safetensors dtypes tensorgrad reads and writes, and how each becomes one of tensorgrad's
 * four dtypes (float32, float64, int32, bool).
 */
import type { DType } from '@tensorgrad/autograd';
import type { TypedArray } from '@tensorgrad/tensor';
import { SafetensorsError } from './errors.js';
import { bfloat16ToFloat32, float16ToFloat32 } from './float16.js';

/** A safetensors dtype name this module can read. */
export type SafetensorsDType =
  'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U16' | 'U8' | 'BOOL';

interface Decoder {
  /** Bytes per element in the file. */
  readonly itemSize: number;
  /**
   * Turns the element bytes into tensorgrad data. `bytes` is a private, 0-offset copy, so
   * decoders may view its buffer directly (it is aligned and owned by nobody else).
   */
  decode(bytes: Uint8Array, name: string): { dtype: DType; data: TypedArray };
}

const view16 = (b: Uint8Array): Uint16Array => new Uint16Array(b.buffer, 0, b.length / 2);

/** Widens integer data that always fits into int32. */
const widenToInt32 = (values: ArrayLike<number>): Int32Array => Int32Array.from(values);

const DECODERS: Record<SafetensorsDType, Decoder> = {
  F64: {
    itemSize: 8,
    decode: (b) => ({ dtype: 'float64', data: new Float64Array(b.buffer, 0, b.length / 8) }),
  },
  F32: {
    itemSize: 4,
    decode: (b) => ({ dtype: 'float32', data: new Float32Array(b.buffer, 0, b.length / 4) }),
  },
  F16: { itemSize: 2, decode: (b) => ({ dtype: 'float32', data: float16ToFloat32(view16(b)) }) },
  BF16: { itemSize: 2, decode: (b) => ({ dtype: 'float32', data: bfloat16ToFloat32(view16(b)) }) },
  I64: { itemSize: 8, decode: (b, name) => ({ dtype: 'int32', data: narrowInt64(b, name) }) },
  I32: {
    itemSize: 4,
    decode: (b) => ({ dtype: 'int32', data: new Int32Array(b.buffer, 0, b.length / 4) }),
  },
  I16: {
    itemSize: 2,
    decode: (b) => ({
      dtype: 'int32',
      data: widenToInt32(new Int16Array(b.buffer, 0, b.length / 2)),
    }),
  },
  I8: {
    itemSize: 1,
    decode: (b) => ({ dtype: 'int32', data: widenToInt32(new Int8Array(b.buffer, 0, b.length)) }),
  },
  U16: { itemSize: 2, decode: (b) => ({ dtype: 'int32', data: widenToInt32(view16(b)) }) },
  // tensorgrad has no uint8 dtype; int32 holds every value, so U8 loads as int32.
  U8: { itemSize: 1, decode: (b) => ({ dtype: 'int32', data: widenToInt32(b) }) },
  BOOL: { itemSize: 1, decode: (b, name) => ({ dtype: 'bool', data: checkBooleans(b, name) }) },
};

/** Names of the readable safetensors dtypes, for error messages and tests. */
export const READABLE_DTYPES: readonly SafetensorsDType[] = Object.keys(
  DECODERS,
) as SafetensorsDType[];

/**
 * The decoder of a safetensors dtype name, or a clear error for one this module cannot read.
 * For example, `decoderFor('F32', 'w').itemSize` gives 4.
 */
export function decoderFor(dtype: unknown, name: string): Decoder {
  if (typeof dtype !== 'string' || !Object.hasOwn(DECODERS, dtype)) {
    throw new SafetensorsError(
      `unsupported dtype ${JSON.stringify(dtype)} (readable: ${READABLE_DTYPES.join(', ')})`,
      name,
    );
  }
  return DECODERS[dtype as SafetensorsDType];
}

/** The safetensors dtype each tensorgrad dtype is written as (lossless in every case). */
export const WRITTEN_DTYPE: Record<DType, 'F64' | 'F32' | 'I32' | 'BOOL'> = {
  float64: 'F64',
  float32: 'F32',
  int32: 'I32',
  bool: 'BOOL',
};

/** Bytes per element of each written dtype. */
export const WRITTEN_ITEM_SIZE: Record<DType, number> = {
  float64: 8,
  float32: 4,
  int32: 4,
  bool: 1,
};

/**
 * int64 → int32, refusing values that int32 cannot hold rather than wrapping them silently
 * (a wrapped token id or index would be a wrong answer, not an error, further down).
 */
function narrowInt64(bytes: Uint8Array, name: string): Int32Array {
  const words = new Int32Array(bytes.buffer, 0, bytes.length / 4);
  const out = new Int32Array(words.length / 2);
  for (let i = 0; i < out.length; i++) {
    const low = words[2 * i]!;
    const high = words[2 * i + 1]!;
    // The value fits iff the high word is the sign extension of the low word.
    if (high !== low >> 31) {
      const value = (BigInt(high) << 32n) | BigInt(low >>> 0);
      throw new SafetensorsError(
        `I64 element ${i} is ${value}, outside the int32 range [-2147483648, 2147483647]; ` +
          'tensorgrad loads I64 as int32',
        name,
      );
    }
    out[i] = low;
  }
  return out;
}

/** BOOL bytes must be 0 or 1, as PyTorch and NumPy write them; anything else is corruption. */
function checkBooleans(bytes: Uint8Array, name: string): Uint8Array {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 1) {
      throw new SafetensorsError(
        `BOOL element ${i} is the byte ${bytes[i]}, expected 0 or 1`,
        name,
      );
    }
  }
  return bytes;
}
