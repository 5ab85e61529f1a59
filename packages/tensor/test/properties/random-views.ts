/**
 * Arbitraries for the property tests: random shapes (rank 0–4, dims 0–5), random broadcast
 * pairs, and random chains of view ops (permute, transpose, slice with any step, narrow,
 * expand, flip) that end at a wanted shape. Each chain is replayed twice: on an NDArray with
 * the library's view ops, and on a plain host array by index mapping (one loop over every
 * output index), which is the naive reference the tests compare against.
 */
import fc from 'fast-check';
import * as T from '@tensorgrad/tensor';
import type { DType, NDArray } from '@tensorgrad/tensor';
import { rng } from '../rng.js';

/** A row-major host array: the reference side of every check. */
export interface Host {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/** Flat position of `idx` in `shape`. */
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

/** `out[idx] = x[source(idx)]` for every index of `shape`. */
export function gather(
  x: Host,
  shape: readonly number[],
  source: (idx: number[]) => number[],
): Host {
  const data: number[] = [];
  for (let i = 0; i < sizeOf(shape); i++)
    data.push(x.data[ravel(source(unravel(i, shape)), x.shape)]!);
  return { shape: [...shape], data };
}

export const MAX_RANK = 4;
export const MAX_DIM = 5;

/** A shape of rank 0–4 with dims 0–5. */
export const shapeArb = (maxRank = MAX_RANK, maxDim = MAX_DIM): fc.Arbitrary<number[]> =>
  fc.array(dimArb(maxDim), { minLength: 0, maxLength: maxRank });

/** A dim of 0–`maxDim`; 0 is drawn less often than the others, or most shapes would be empty. */
export const dimArb = (maxDim = MAX_DIM): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 2 * maxDim, arbitrary: fc.integer({ min: 1, max: maxDim }) },
  );

/**
 * A shape that broadcasts to `target`: some leading dims dropped, some others set to 1.
 * `choices` are raw random numbers (so fast-check can shrink them), one per dim plus one.
 */
export function broadcastableTo(target: readonly number[], choices: readonly number[]): number[] {
  const drop = choices[0]! % (target.length + 1) < 2 ? 0 : choices[0]! % (target.length + 1);
  return target.slice(drop).map((n, d) => (choices[d + 1]! % 3 === 0 ? 1 : n));
}

/** Two shapes that broadcast together, and the shape they broadcast to. */
export const broadcastPairArb = (maxRank = MAX_RANK, maxDim = MAX_DIM) =>
  fc
    .record({
      out: shapeArb(maxRank, maxDim),
      a: fc.array(fc.nat(), { minLength: maxRank + 1, maxLength: maxRank + 1 }),
      b: fc.array(fc.nat(), { minLength: maxRank + 1, maxLength: maxRank + 1 }),
    })
    .map(({ out, a, b }) => {
      const sa = broadcastableTo(out, a);
      const sb = broadcastableTo(out, b);
      // The broadcast of the two may be smaller than `out` where both chose 1 (or both dropped).
      const rank = Math.max(sa.length, sb.length);
      const full = Array.from({ length: rank }, (_, i) => {
        const x = sa[sa.length - rank + i] ?? 1;
        const y = sb[sb.length - rank + i] ?? 1;
        return x === 1 ? y : x;
      });
      return { a: sa, b: sb, out: full };
    });

/** One view op of a chain, with what the library call takes and what the naive replay needs. */
export type ViewStep =
  | { readonly kind: 'permute'; readonly perm: readonly number[] }
  | { readonly kind: 'transpose'; readonly dim0: number; readonly dim1: number }
  | {
      readonly kind: 'slice';
      readonly dim: number;
      readonly start: number | undefined;
      readonly end: number | undefined;
      readonly step: number;
    }
  | {
      readonly kind: 'narrow';
      readonly dim: number;
      readonly start: number;
      readonly length: number;
    }
  | { readonly kind: 'expand'; readonly shape: readonly number[] }
  | { readonly kind: 'flip'; readonly dims: readonly number[] };

/** A base shape, and view steps that turn a tensor of that shape into one of the target shape. */
export interface ViewChain {
  readonly base: readonly number[];
  readonly steps: readonly ViewStep[];
}

/** Largest base a chain may start from (strided slices grow it quickly). */
const MAX_BASE_SIZE = 2048;

const pick = <T>(r: number, items: readonly T[]): T => items[r % items.length]!;

/** A permutation of 0..n-1 from raw random numbers (Fisher–Yates). */
function permutation(n: number, r: readonly number[]): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = r[i % r.length]! % (i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** `d` or, when `r` is odd, the same axis counted from the end (a negative axis). */
const maybeNegative = (d: number, rank: number, r: number): number => (r % 2 === 1 ? d - rank : d);

/**
 * The step `kind` that produces `shape`, and the shape before it; null when the step does not
 * apply (rank 0, or a base that would grow too large).
 */
function unapply(
  shape: readonly number[],
  kind: number,
  r: readonly number[],
): { before: number[]; step: ViewStep } | null {
  const rank = shape.length;
  const at = (d: number, n: number): number[] => shape.map((v, k) => (k === d ? n : v));
  switch (kind) {
    case 0: {
      // out.shape[i] = before[perm[i]]
      const perm = permutation(rank, r);
      const before = new Array<number>(rank);
      perm.forEach((p, i) => (before[p] = shape[i]!));
      return { before, step: { kind: 'permute', perm } };
    }
    case 1: {
      if (rank === 0) return null;
      const d0 = r[0]! % rank;
      const d1 = r[1]! % rank;
      const before = [...shape];
      [before[d0], before[d1]] = [shape[d1]!, shape[d0]!];
      return {
        before,
        step: {
          kind: 'transpose',
          dim0: maybeNegative(d0, rank, r[2]!),
          dim1: maybeNegative(d1, rank, r[3]!),
        },
      };
    }
    case 2: {
      if (rank === 0) return null;
      const d = r[0]! % rank;
      const n = shape[d]!;
      const step = pick(r[1]!, [1, 2, 3, -1, -2]);
      const stride = Math.abs(step);
      const below = r[2]! % 3; // source entries below the lowest one taken
      const above = r[3]! % 3; // and above the highest
      const span = n === 0 ? 0 : (n - 1) * stride + 1;
      const m = below + span + above;
      // The first index taken, and an exclusive stop that gives exactly n entries.
      let first: number;
      let stop: number;
      if (step > 0) {
        first = below;
        // Any stop in (last taken, last taken + stride] gives the same slice; past m is clamped.
        stop = n === 0 ? below : below + span + (r[4]! % stride);
      } else if (n > 0) {
        first = below + span - 1;
        stop = below - 1 - (r[4]! % stride);
      } else {
        // An empty reversed slice: start at or below the stop.
        first = Math.min(below, Math.max(m - 1, 0));
        stop = first;
      }
      // Python's stop -1 would mean "the last": "before index 0" is spelled as no stop.
      let start: number | undefined = first;
      let end: number | undefined = stop < 0 ? undefined : stop;
      // Sometimes spell the bounds from the end or leave them out, as users do.
      if (r[5]! % 3 === 1 && start < m) start -= m;
      if (end !== undefined && r[5]! % 5 === 2 && end < m) end -= m;
      if (step > 0 && first === 0 && r[5]! % 7 === 3) start = undefined;
      if (step > 0 && end !== undefined && end >= m && r[5]! % 2 === 0) end = undefined;
      if (step < 0 && n > 0 && first === m - 1 && r[5]! % 7 === 3) start = undefined;
      if (m === 0) [start, end] = [undefined, undefined];
      return {
        before: at(d, m),
        step: { kind: 'slice', dim: maybeNegative(d, rank, r[6]!), start, end, step },
      };
    }
    case 3: {
      if (rank === 0) return null;
      const d = r[0]! % rank;
      const below = r[1]! % 3;
      const m = below + shape[d]! + (r[2]! % 3);
      // narrow's start may count from the end, except when it would be -0 (i.e. the size).
      const start = r[3]! % 2 === 1 && below < m ? below - m : below;
      return {
        before: at(d, m),
        step: { kind: 'narrow', dim: maybeNegative(d, rank, r[4]!), start, length: shape[d]! },
      };
    }
    case 4: {
      // Drop some leading dims (they are added by expand) and make others 1.
      const drop = r[0]! % (rank + 1);
      const before = shape.slice(drop).map((n, k) => (r[(k + 1) % r.length]! % 3 === 0 ? 1 : n));
      const target = shape.map((n, k) =>
        k >= drop && before[k - drop] === n && r[(k + 2) % r.length]! % 2 === 0 ? -1 : n,
      );
      return { before, step: { kind: 'expand', shape: target } };
    }
    default: {
      const dims = [...shape.keys()].filter((k) => r[k % r.length]! % 2 === 0);
      return {
        before: [...shape],
        step: {
          kind: 'flip',
          dims: dims.map((d) => maybeNegative(d, rank, r[(d + 3) % r.length]!)),
        },
      };
    }
  }
}

/** A chain of 0–3 random view steps ending at `target`. */
export function viewChainArb(target: readonly number[]): fc.Arbitrary<ViewChain> {
  const choice = fc.record({
    kind: fc.nat({ max: 5 }),
    r: fc.array(fc.nat({ max: 1 << 20 }), { minLength: 7, maxLength: 7 }),
  });
  return fc.array(choice, { maxLength: 3 }).map((choices) => {
    let shape = [...target];
    const steps: ViewStep[] = [];
    // The last choice is the last step applied: walk back from the target.
    for (let i = choices.length - 1; i >= 0; i--) {
      const undone = unapply(shape, choices[i]!.kind, choices[i]!.r);
      if (undone === null || sizeOf(undone.before) > MAX_BASE_SIZE) continue;
      steps.unshift(undone.step);
      shape = undone.before;
    }
    return { base: shape, steps };
  });
}

const normalize = (d: number, rank: number): number => (d < 0 ? d + rank : d);

/** Applies one view step to a host array, by index mapping. */
export function naiveView(x: Host, step: ViewStep): Host {
  const rank = x.shape.length;
  switch (step.kind) {
    case 'permute':
      return gather(
        x,
        step.perm.map((p) => x.shape[p]!),
        (idx) => {
          const src = new Array<number>(rank);
          step.perm.forEach((p, i) => (src[p] = idx[i]!));
          return src;
        },
      );
    case 'transpose': {
      const a = normalize(step.dim0, rank);
      const b = normalize(step.dim1, rank);
      const shape = [...x.shape];
      [shape[a], shape[b]] = [x.shape[b]!, x.shape[a]!];
      return gather(x, shape, (idx) => {
        const src = [...idx];
        [src[a], src[b]] = [idx[b]!, idx[a]!];
        return src;
      });
    }
    case 'slice': {
      // Python's list slicing, from the language reference.
      const d = normalize(step.dim, rank);
      const m = x.shape[d]!;
      const up = step.step > 0;
      const clamp = (v: number): number =>
        up ? Math.min(Math.max(v, 0), m) : Math.min(Math.max(v, -1), m - 1);
      const bound = (v: number | undefined, missing: number): number =>
        v === undefined ? missing : clamp(v < 0 ? v + m : v);
      const first = bound(step.start, up ? 0 : m - 1);
      const stop = bound(step.end, up ? m : -1);
      const taken: number[] = [];
      for (let i = first; up ? i < stop : i > stop; i += step.step) taken.push(i);
      const shape = x.shape.map((v, k) => (k === d ? taken.length : v));
      return gather(x, shape, (idx) => idx.map((v, k) => (k === d ? taken[v]! : v)));
    }
    case 'narrow': {
      const d = normalize(step.dim, rank);
      const start = step.start < 0 ? step.start + x.shape[d]! : step.start;
      const shape = x.shape.map((v, k) => (k === d ? step.length : v));
      return gather(x, shape, (idx) => idx.map((v, k) => (k === d ? start + v : v)));
    }
    case 'expand': {
      const lead = step.shape.length - rank;
      const shape = step.shape.map((n, k) => (n === -1 ? x.shape[k - lead]! : n));
      return gather(x, shape, (idx) => x.shape.map((n, k) => (n === 1 ? 0 : idx[k + lead]!)));
    }
    case 'flip': {
      const dims = step.dims.map((d) => normalize(d, rank));
      return gather(x, x.shape, (idx) =>
        idx.map((v, k) => (dims.includes(k) ? x.shape[k]! - 1 - v : v)),
      );
    }
  }
}

/** Applies one view step with the library. */
export function libraryView(x: NDArray, step: ViewStep): NDArray {
  switch (step.kind) {
    case 'permute':
      return x.permute(step.perm);
    case 'transpose':
      return x.transpose(step.dim0, step.dim1);
    case 'slice':
      return x.slice(step.dim, step.start, step.end, step.step);
    case 'narrow':
      return x.narrow(step.dim, step.start, step.length);
    case 'expand':
      return x.expand(step.shape);
    case 'flip':
      return x.flip(step.dims);
  }
}

/** Short text of a chain, for failure messages. */
export function describeChain(chain: ViewChain): string {
  return `[${chain.base.join(',')}] ${chain.steps.map((s) => JSON.stringify(s)).join(' → ')}`;
}

export { rng };

/** Values that trip kernels: signed zeros, NaN, infinities, halves (rounding ties), integers. */
const SPECIALS = [0, -0, NaN, Infinity, -Infinity, 0.5, -0.5, 1.5, 2.5, -2.5, 1, -1, 2, -3];

/**
 * `n` values for `dtype`: floats mostly in [-3, 3), with special values mixed in when
 * `specials` (about three in ten); int32 in [-5, 5]; bool 0/1. Values are already rounded to the
 * dtype, so that the reference sees exactly what the tensor holds.
 */
export function valuesFor(n: number, dtype: DType, seed: number, specials: boolean): number[] {
  const random = rng(seed);
  return Array.from({ length: n }, () => {
    const u = random();
    if (dtype === 'bool') return u < 0.5 ? 1 : 0;
    if (dtype === 'int32') return Math.floor(u * 11) - 5;
    const v = specials && random() < 0.3 ? SPECIALS[Math.floor(u * SPECIALS.length)]! : u * 6 - 3;
    return dtype === 'float32' ? Math.fround(v) : v;
  });
}

/** What a test draws: a chain ending at a shape, and how to fill its base. */
export interface RandomInput {
  readonly chain: ViewChain;
  readonly seed: number;
  readonly specials: boolean;
}

/** A random view of the given final shape. */
export const inputArb = (target: readonly number[]): fc.Arbitrary<RandomInput> =>
  fc.record({ chain: viewChainArb(target), seed: fc.nat(), specials: fc.boolean() });

/**
 * Builds a random input twice: as a library view (on the current backend) and as the host
 * array the naive reference reads. Asserts along the way that the view has the wanted shape.
 */
export function materialize(input: RandomInput, dtype: DType): { x: NDArray; host: Host } {
  const { chain } = input;
  const values = valuesFor(sizeOf(chain.base), dtype, input.seed, input.specials);
  let host: Host = { shape: [...chain.base], data: values };
  let x = T.tensor(values, { shape: [...chain.base], dtype });
  for (const step of chain.steps) {
    host = naiveView(host, step);
    x = libraryView(x, step);
    if (x.shape.join() !== host.shape.join()) {
      throw new Error(
        `view ${JSON.stringify(step)} gave shape [${x.shape.join(',')}], the naive replay [${host.shape.join(',')}] (${describeChain(chain)})`,
      );
    }
  }
  return { x, host };
}
