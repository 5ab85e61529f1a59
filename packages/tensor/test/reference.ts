/**
 * A deliberately plain host-side n-d array and the naive reference implementations that the
 * generic op tests compare against. Nothing here is clever: loops over every index.
 */
import type { DType, NDArray } from '@tensorgrad/tensor';

/** A row-major host array with a shape. */
export interface Arr {
  shape: number[];
  data: number[];
  dtype?: DType;
}

export const arr = (shape: number[], data: number[], dtype?: DType): Arr => ({
  shape,
  data,
  dtype,
});

export function fromTensor(t: NDArray): Arr {
  return { shape: [...t.shape], data: Array.from(t.data()), dtype: t.dtype };
}

export function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Multi-index of flat position `i`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

export function get(a: Arr, idx: readonly number[]): number {
  return a.data[ravel(idx, a.shape)]!;
}

export function map(a: Arr, f: (v: number) => number): Arr {
  return { shape: [...a.shape], data: a.data.map(f) };
}

export function broadcastShape(...shapes: number[][]): number[] {
  const n = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - n + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Read `a` at an index of the (larger) broadcast shape. */
export function getBroadcast(a: Arr, idx: readonly number[]): number {
  const lead = idx.length - a.shape.length;
  const own = a.shape.map((d, k) => (d === 1 ? 0 : idx[lead + k]!));
  return get(a, own);
}

export function zipWith(arrays: Arr[], f: (...v: number[]) => number): Arr {
  const shape = broadcastShape(...arrays.map((a) => a.shape));
  const data: number[] = [];
  for (let i = 0; i < size(shape); i++) {
    const idx = unravel(i, shape);
    data.push(f(...arrays.map((a) => getBroadcast(a, idx))));
  }
  return { shape, data };
}

/** Reduce `axes` with `f` over the list of values of each output position. */
export function reduceAxes(
  a: Arr,
  axes: number[] | undefined,
  keepdim: boolean,
  f: (values: number[]) => number,
): Arr {
  const nd = a.shape.length;
  const ax = (axes ?? a.shape.map((_, i) => i)).map((x) => (x < 0 ? x + nd : x));
  const outShapeKeep = a.shape.map((d, i) => (ax.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: size(outShapeKeep) }, () => []);
  for (let i = 0; i < a.data.length; i++) {
    const idx = unravel(i, a.shape).map((v, k) => (ax.includes(k) ? 0 : v));
    groups[ravel(idx, outShapeKeep)]!.push(a.data[i]!);
  }
  const shape = keepdim ? outShapeKeep : a.shape.filter((_, i) => !ax.includes(i));
  return { shape, data: groups.map(f) };
}

/** Apply `f` to every 1-D lane along `axis` (f returns a lane of the same or another length). */
export function lanes(a: Arr, axis: number, f: (lane: number[]) => number[]): Arr {
  const nd = a.shape.length;
  const ax = axis < 0 ? axis + nd : axis;
  const outer = a.shape.map((d, i) => (i === ax ? 1 : d));
  let outLen = -1;
  const results: { idx: number[]; lane: number[] }[] = [];
  for (let i = 0; i < size(outer); i++) {
    const idx = unravel(i, outer);
    const lane: number[] = [];
    for (let j = 0; j < a.shape[ax]!; j++)
      lane.push(
        get(
          a,
          idx.map((v, k) => (k === ax ? j : v)),
        ),
      );
    const out = f(lane);
    outLen = out.length;
    results.push({ idx, lane: out });
  }
  if (outLen < 0) outLen = size(outer) === 0 ? f(new Array(a.shape[ax]).fill(0)).length : 0;
  const shape = a.shape.map((d, i) => (i === ax ? outLen : d));
  const data = new Array<number>(size(shape)).fill(0);
  for (const { idx, lane } of results) {
    lane.forEach((v, j) => {
      data[
        ravel(
          idx.map((x, k) => (k === ax ? j : x)),
          shape,
        )
      ] = v;
    });
  }
  return { shape, data };
}

/** Plain triple-loop matrix product of 2-D arrays. */
export function matmul2d(a: Arr, b: Arr): Arr {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const data: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * n + j]!;
      data.push(s);
    }
  }
  return { shape: [m, n], data };
}

/** Abramowitz–Stegun 7.1.26 is too coarse for 1e-5 checks; this is a series/continued fraction erf. */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 2.5) {
    // Maclaurin series: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    return (Math.sign(x) * 2 * sum) / Math.sqrt(Math.PI);
  }
  // erfc continued fraction (Lentz) for large |x|.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Round half to even, as torch.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
