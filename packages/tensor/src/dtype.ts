/**
 * Element types and the promotion rules that decide the dtype of every op's result.
 *
 * The order is bool < int32 < float32 < float64, as in NumPy and PyTorch; the rules for JS
 * numbers follow PyTorch's "a Python scalar does not upgrade a tensor's category" rule.
 */
import type { DType, TypedArray } from './backend/backend.js';

export type { DType, TypedArray } from './backend/backend.js';

/** Every dtype, in promotion order. */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Whether `dtype` is a floating-point type. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The dtype both operands are converted to when two tensors meet in an op.
 * @example
 * ```ts
 * import { promoteTypes } from '@tensorgrad/tensor';
 * if (promoteTypes('int32', 'float32') !== 'float32') throw new Error('promoteTypes');
 * if (promoteTypes('bool', 'int32') !== 'int32') throw new Error('bool with int32');
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The dtype of a binary op's computation when operands may be JS numbers.
 * A number takes the tensor's dtype, except that a non-integer number meeting an int/bool
 * tensor gives float32 (so `intTensor.mul(0.5)` does not truncate the 0.5).
 * Two numbers give float32.
 * @example
 * ```ts
 * import { resultType } from '@tensorgrad/tensor';
 * if (resultType('int32', 2.5) !== 'float32') throw new Error('a fraction upgrades ints');
 * if (resultType('int32', 2) !== 'int32') throw new Error('an integer does not');
 * if (resultType('float64', 2.5) !== 'float64') throw new Error('floats keep theirs');
 * ```
 */
export function resultType(a: DType | number | boolean, b: DType | number | boolean): DType {
  if (typeof a === 'string' && typeof b === 'string') return promoteTypes(a, b);
  if (typeof a === 'string') return scalarMeetsTensor(a, b as number | boolean);
  if (typeof b === 'string') return scalarMeetsTensor(b, a);
  return 'float32';
}

function scalarMeetsTensor(dtype: DType, value: number | boolean): DType {
  if (isFloat(dtype)) return dtype;
  if (typeof value === 'boolean') return dtype;
  if (!Number.isInteger(value)) return 'float32';
  return dtype === 'bool' ? 'int32' : dtype;
}

/**
 * The dtype float-only functions (exp, log, sqrt, ...) compute in: floats keep theirs,
 * int/bool become float32.
 */
export function floatDtype(dtype: DType): DType {
  return isFloat(dtype) ? dtype : 'float32';
}

/** Bytes per element of `dtype` as stored on the host. */
export function itemSize(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}

/**
 * A new host typed array of `dtype` holding `size` zeros, or a copy of `values` converted to it.
 * Booleans are stored as 0/1 bytes.
 * @example
 * ```ts
 * import { typedArray } from '../../src/dtype.js';
 * const a = typedArray('int32', [1.7, -2.7]); // truncates toward zero
 * if (!(a instanceof Int32Array) || a.join() !== '1,-2') throw new Error('typedArray');
 * ```
 */
export function typedArray(dtype: DType, sizeOrValues: number | ArrayLike<number>): TypedArray {
  const size = typeof sizeOrValues === 'number' ? sizeOrValues : sizeOrValues.length;
  const out =
    dtype === 'float32'
      ? new Float32Array(size)
      : dtype === 'float64'
        ? new Float64Array(size)
        : dtype === 'int32'
          ? new Int32Array(size)
          : new Uint8Array(size);
  if (typeof sizeOrValues !== 'number') {
    if (dtype === 'bool') {
      // Non-zero is true, NaN included (as bool(nan) in Python and torch).
      for (let i = 0; i < size; i++) out[i] = sizeOrValues[i] !== 0 ? 1 : 0;
    } else if (dtype === 'int32') {
      // Truncation toward zero, as a C cast (and torch's .int()) does.
      for (let i = 0; i < size; i++) out[i] = Math.trunc(sizeOrValues[i] as number);
    } else {
      out.set(sizeOrValues);
    }
  }
  return out;
}

/** The smallest int32, -2^31. */
export const INT32_MIN = -2147483648;
/** The largest int32, 2^31 - 1. */
export const INT32_MAX = 2147483647;

/** Integer typed arrays whose every value is an int32. */
const INT32_SAFE: readonly (abstract new (...args: never[]) => ArrayLike<number>)[] = [
  Int32Array,
  Int16Array,
  Int8Array,
  Uint16Array,
  Uint8Array,
  Uint8ClampedArray,
];

/**
 * Throws unless every one of `values` converts to int32 without overflow, as PyTorch refuses
 * `torch.tensor([3e9], dtype=torch.int32)` ("value cannot be converted to type int32 without
 * overflow") instead of wrapping it to -1294967296. The test is on the value before truncation,
 * as in PyTorch: 2147483647.5 overflows, 2147483647.4 does too; NaN and ±Infinity never fit.
 * @param op - the op named in the error.
 * @example
 * ```ts
 * import { checkInt32Range } from '../../src/dtype.js';
 * checkInt32Range('tensor', [1.7, -2147483648]); // fine: truncates to 1, and the minimum
 * let message = '';
 * try { checkInt32Range('tensor', [0, 3e9]); } catch (e) { message = (e as Error).message; }
 * if (!message.startsWith('tensor: value 3000000000 (element 1) cannot be converted to int32')) throw new Error(message);
 * ```
 */
export function checkInt32Range(op: string, values: ArrayLike<number>): void {
  if (INT32_SAFE.some((type) => values instanceof type)) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= INT32_MIN && v <= INT32_MAX)) {
      const where = values.length === 1 ? '' : ` (element ${i})`;
      throw new Error(
        `${op}: value ${v}${where} cannot be converted to int32 without overflow ` +
          `(int32 holds [${INT32_MIN}, ${INT32_MAX}]); use a float dtype for it`,
      );
    }
  }
}

/**
 * Throws unless `value` names a dtype; used to validate options coming from JS callers.
 */
export function assertDType(op: string, value: unknown): asserts value is DType {
  if (!DTYPES.includes(value as DType)) {
    throw new Error(`${op}: unknown dtype ${String(value)} (expected one of ${DTYPES.join(', ')})`);
  }
}
