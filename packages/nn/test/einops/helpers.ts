import { expect } from 'vitest';
import { tensor, type DType, type Tensor } from '@tensorgrad/autograd';

/** A raw tensor holding 0, 1, 2, ... in row-major order. */
export function arangeTensor(
  shape: readonly number[],
  dtype: DType = 'float64',
  start = 0,
): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => start + i);
  return tensor(dtype === 'int32' ? Int32Array.from(values) : Float64Array.from(values), {
    shape: [...shape],
    dtype,
  });
}

/** A raw float64 tensor of reproducible pseudo-random values in [-1, 1). */
export function randomTensor(shape: readonly number[], seed = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const random = lcg(seed);
  return tensor(
    Float64Array.from({ length: size }, () => 2 * random() - 1),
    { shape: [...shape], dtype: 'float64' },
  );
}

/** A small deterministic generator (tests must not flake). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A deterministic permutation of 0..n-1. */
export function permutation(n: number, random: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Asserts two tensors have the same shape and exactly the same elements. */
export function expectSame(actual: Tensor, expected: Tensor, message?: string): void {
  expect(actual.shape, message).toEqual(expected.shape);
  expect(Array.from(actual.data()), message).toEqual(Array.from(expected.data()));
}

/** Asserts two tensors have the same shape and elements within `tolerance`. */
export function expectClose(
  actual: Tensor,
  expected: Tensor,
  tolerance = 1e-9,
  message?: string,
): void {
  expect(actual.shape, message).toEqual(expected.shape);
  const a = actual.data();
  const b = expected.data();
  for (let i = 0; i < a.length; i++) {
    expect(
      Math.abs(a[i]! - b[i]!),
      `${message ?? ''} element ${i}: ${a[i]} vs ${b[i]}`,
    ).toBeLessThanOrEqual(tolerance * (1 + Math.abs(b[i]!)));
  }
}
