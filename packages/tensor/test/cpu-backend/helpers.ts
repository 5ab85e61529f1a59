/**
 * Test helpers for the cpu backend: views built by hand over uploaded data, in every layout a
 * kernel must handle, and a naive element reader that the references are written with.
 */
import { expect } from 'vitest';
import type { BackendData, DType, View } from '../../src/backend/backend.js';
import { CpuBackend } from '../../src/backend/cpu/index.js';

export const cpu = new CpuBackend();
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** A view together with the host values behind it, so references can read it plainly. */
export interface Sample {
  readonly view: View;
  readonly host: readonly number[];
  readonly layout: Layout;
}

/** How a logical shape is laid out in memory. */
export type Layout = 'contiguous' | 'offset' | 'transposed' | 'flipped' | 'stepped' | 'broadcast';
export const LAYOUTS: readonly Layout[] = [
  'contiguous',
  'offset',
  'transposed',
  'flipped',
  'stepped',
  'broadcast',
];

export { rng } from '../rng.js';

/** The value a store into a `dtype` array produces, written out plainly. */
export function storeAs(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'float64':
      return v;
    case 'int32':
      return v | 0;
    case 'bool':
      return v !== 0 ? 1 : 0;
  }
}

export function contiguous(shape: readonly number[]): number[] {
  const strides: number[] = [];
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** The element of `s` at multi-index `index`, found by the stride formula. */
export function read(s: Sample, index: readonly number[]): number {
  let offset = s.view.offset;
  for (let d = 0; d < index.length; d++) offset += index[d] * s.view.strides[d];
  return s.host[offset];
}

/** Random values suited to `dtype`; floats include the given specials now and then. */
export function values(
  dtype: DType,
  n: number,
  random: () => number,
  specials: readonly number[] = [],
): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let v: number;
    if (dtype === 'bool') v = random() < 0.5 ? 1 : 0;
    else if (dtype === 'int32') v = Math.floor(random() * 21) - 10;
    else if (specials.length > 0 && random() < 0.1)
      v = specials[Math.floor(random() * specials.length)];
    else v = (random() * 2 - 1) * 3;
    out.push(storeAs(dtype, v));
  }
  return out;
}

/** A view of logical `shape` laid out as `layout`, over freshly uploaded random data. */
export function sample(
  shape: readonly number[],
  dtype: DType,
  layout: Layout,
  random: () => number,
  specials: readonly number[] = [],
): Sample {
  const rank = shape.length;
  let strides: number[];
  let offset = 0;
  let storage: number;
  switch (layout) {
    case 'contiguous':
      strides = contiguous(shape);
      storage = sizeOf(shape);
      break;
    case 'offset':
      strides = contiguous(shape);
      offset = 3;
      storage = sizeOf(shape) + 5;
      break;
    case 'transposed': {
      // Memory holds the reversed shape; the view reads it with reversed strides.
      const reversed = [...shape].reverse();
      strides = contiguous(reversed).reverse();
      storage = sizeOf(shape);
      break;
    }
    case 'flipped':
      strides = contiguous(shape).map((s) => -s);
      offset = shape.reduce((acc, size, d) => acc + (size > 0 ? (size - 1) * -strides[d] : 0), 0);
      storage = sizeOf(shape);
      break;
    case 'stepped': {
      // Every other element along every dim, i.e. x[::2, ::2, ...] of a twice larger parent.
      const parent = shape.map((s) => 2 * s);
      strides = contiguous(parent).map((s) => 2 * s);
      offset = 1;
      storage = sizeOf(parent) + 1;
      break;
    }
    case 'broadcast': {
      // The first dim is broadcast (stride 0) over the data of the others.
      const rest = shape.slice(1);
      strides = rank > 0 ? [0, ...contiguous(rest)] : [];
      storage = rank > 0 ? sizeOf(rest) : 1;
      break;
    }
  }
  const host = values(dtype, Math.max(storage, 1), random, specials);
  const data = cpu.upload(host, dtype);
  return { view: { data, shape, strides, offset }, host, layout };
}

/** Contiguous view over backend data. */
export function viewOf(data: BackendData, shape: readonly number[]): View {
  return { data, shape, strides: contiguous(shape), offset: 0 };
}

/** Downloads contiguous `data` of `shape` and disposes it. */
export function take(data: BackendData, shape: readonly number[]): number[] {
  const out = Array.from(cpu.download(viewOf(data, shape)));
  cpu.dispose(data);
  return out;
}

/** Frees the data of samples. */
export function release(...samples: Sample[]): void {
  for (const s of samples) cpu.dispose(s.view.data);
}

/**
 * Element-by-element comparison that names the first mismatch. NaN equals NaN; `tol` is
 * relative (with an absolute floor of `tol` near 0).
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 0,
  what = '',
): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const same =
      (Number.isNaN(a) && Number.isNaN(e)) ||
      a === e ||
      Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
    if (!same) expect(a, `${what} element ${i}`).toBe(e);
  }
}
