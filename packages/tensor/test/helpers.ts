/**
 * Shared test helpers: building inputs from specs, non-contiguous twins, and comparisons.
 */
import { expect } from 'vitest';
import * as T from '@tensorgrad/tensor';
import type { DType, NDArray } from '@tensorgrad/tensor';
import type { InputSpec } from './op-samples.js';
import { valuesFor } from './op-samples.js';
import { type Arr, size, unravel, ravel } from './reference.js';

export function makeInput(spec: InputSpec, seed: number): NDArray {
  return T.tensor(valuesFor(spec, seed), { shape: spec.shape, dtype: spec.dtype ?? 'float32' });
}

/**
 * The same logical values as `x`, but stored so that the returned tensor is a non-contiguous
 * view: `'flipped'` stores the data reversed along every dim and flips it back (negative strides);
 * `'transposed'` stores the last two dims swapped and returns `.mT`.
 */
export function nonContiguousTwin(x: NDArray, how: 'flipped' | 'transposed'): NDArray {
  const values = Array.from(x.data());
  const shape = [...x.shape];
  if (how === 'flipped') {
    const stored = values.map(
      (_, f) =>
        values[
          ravel(
            unravel(f, shape).map((q, d) => shape[d]! - 1 - q),
            shape,
          )
        ]!,
    );
    const base = T.tensor(stored, { shape, dtype: x.dtype });
    const out = base.flip(shape.map((_, d) => d));
    base.dispose();
    return out;
  }
  const n = shape.length;
  const tShape = [...shape.slice(0, -2), shape[n - 1]!, shape[n - 2]!];
  const stored = new Array<number>(values.length);
  values.forEach((v, f) => {
    const idx = unravel(f, shape);
    [idx[n - 1], idx[n - 2]] = [idx[n - 2]!, idx[n - 1]!];
    stored[ravel(idx, tShape)] = v;
  });
  const base = T.tensor(stored, { shape: tShape, dtype: x.dtype });
  const out = base.mT;
  base.dispose();
  return out;
}

/** Assert `actual` has `expected`'s shape and close values (NaN matches NaN). */
export function expectClose(actual: NDArray, expected: Arr, dtype: DType, tol = 1e-5): void {
  expect([...actual.shape], 'shape').toEqual(expected.shape);
  expect(actual.dtype, 'dtype').toBe(dtype);
  const got = Array.from(actual.data());
  expect(got.length).toBe(size(expected.shape));
  const rtol = dtype === 'float64' ? 1e-10 : tol;
  const atol = dtype === 'float64' ? 1e-10 : tol;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    let e = expected.data[i]!;
    if (dtype === 'float32') e = Math.fround(e);
    if (dtype === 'int32') e = e | 0;
    if (Number.isNaN(e)) {
      expect(Number.isNaN(g), `element ${i}: expected NaN, got ${g}`).toBe(true);
    } else if (!Number.isFinite(e)) {
      expect(g, `element ${i}`).toBe(e);
    } else if (Math.abs(g - e) > atol + rtol * Math.abs(e)) {
      expect.fail(
        `element ${i} (index [${unravel(i, expected.shape).join(',')}]): got ${g}, expected ${e}`,
      );
    }
  }
}
