/**
 * Host-side reading of tensors: downloading values and turning them into nested JS arrays.
 */
import type { DType, TypedArray } from './backend/backend.js';
import { readView } from './backend/dispatch.js';
import type { NDArray } from './ndarray.js';

/** Nested JS arrays of numbers or booleans, as `toArray()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * A contiguous host copy of `t`'s elements.
 * @internal
 */
export function downloadView(t: NDArray): TypedArray {
  return readView(t.strided);
}

/**
 * Reshape flat row-major `values` into nested arrays of `shape`.
 * @internal
 */
export function toNested(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
): NestedArray {
  const convert = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return convert(values[0] as number);
  let pos = 0;
  const build = (dim: number): NestedArray[] => {
    const n = shape[dim] as number;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = dim === shape.length - 1 ? convert(values[pos++] as number) : build(dim + 1);
    }
    return out;
  };
  return build(0);
}
