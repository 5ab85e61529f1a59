/**
 * Properties of einops on random patterns: random elementary axes (lengths 0–3), grouped into
 * random compositions on each side in random orders, with unit axes (`1`, `()`) and an ellipsis
 * of 0–2 dims placed anywhere. Each result is checked against a naive reference that maps every
 * output index back to the elementary indices and from them to the input element, and
 * `rearrange` followed by its inverse pattern must give the input back exactly.
 *
 * The inputs are non-contiguous (a permuted or flipped view) in half the runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tensor, type Tensor } from '@tensorgrad/autograd';
import { rearrange, reduce, repeat, type ReductionName } from '../../src/einops/index.js';

/** The ellipsis, as an axis id in a group (always alone in its group here). */
const ELLIPSIS = -1;

/** A side of a pattern: groups of axis ids; `[]` is a unit axis, `[ELLIPSIS]` the ellipsis. */
type Side = number[][];

interface Layout {
  /** Length of each elementary axis `a0`, `a1`, ... */
  readonly lengths: readonly number[];
  /** The dims the ellipsis stands for (possibly none), or null when the pattern has none. */
  readonly ellipsis: readonly number[] | null;
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < shape.length; d++) flat = flat * shape[d]! + idx[d]!;
  return flat;
}

/** Text of one side; `units[i]` picks `1` or `()` for the i-th unit axis. */
function sideText(side: Side, names: (id: number) => string, units: readonly boolean[]): string {
  let unit = 0;
  return side
    .map((group) => {
      if (group.length === 0) return units[unit++ % units.length] ? '1' : '()';
      if (group[0] === ELLIPSIS) return '...';
      const parts = group.map(names);
      return group.length === 1 ? parts[0]! : `(${parts.join(' ')})`;
    })
    .join(' ');
}

/** The tensor shape a side describes. */
function shapeOf(side: Side, lengthOf: (id: number) => number, layout: Layout): number[] {
  return side.flatMap((group) => {
    if (group.length === 0) return [1];
    if (group[0] === ELLIPSIS) return [...layout.ellipsis!];
    return [sizeOf(group.map(lengthOf))];
  });
}

/**
 * Where a side's dims put each elementary axis: for a multi-index over the side's shape, the
 * index of every axis id (and of each ellipsis dim, keyed `ELLIPSIS - 1 - k`).
 */
function axisIndices(
  side: Side,
  idx: readonly number[],
  lengthOf: (id: number) => number,
  layout: Layout,
): Map<number, number> {
  const out = new Map<number, number>();
  let d = 0;
  for (const group of side) {
    if (group.length === 0) {
      d++;
    } else if (group[0] === ELLIPSIS) {
      layout.ellipsis!.forEach((_, k) => out.set(ELLIPSIS - 1 - k, idx[d++]!));
    } else {
      const parts = unravel(idx[d++]!, group.map(lengthOf));
      group.forEach((id, k) => out.set(id, parts[k]!));
    }
  }
  return out;
}

/** The multi-index over a side's shape of the element whose axes sit at `where`. */
function sideIndex(
  side: Side,
  where: Map<number, number>,
  lengthOf: (id: number) => number,
  layout: Layout,
): number[] {
  return side.flatMap((group) => {
    if (group.length === 0) return [0];
    if (group[0] === ELLIPSIS) return layout.ellipsis!.map((_, k) => where.get(ELLIPSIS - 1 - k)!);
    return [
      ravel(
        group.map((id) => where.get(id)!),
        group.map(lengthOf),
      ),
    ];
  });
}

/** Splits `order` into consecutive groups where `cuts` says so, then inserts units/ellipsis. */
function grouped(order: readonly number[], cuts: readonly boolean[]): Side {
  const out: Side = [];
  order.forEach((id, i) => {
    if (i === 0 || cuts[i]) out.push([]);
    out[out.length - 1]!.push(id);
  });
  return out;
}

/** Inserts `group` into `side` at `position` (taken modulo the number of places). */
function insertAt(side: Side, group: number[], position: number): Side {
  const at = position % (side.length + 1);
  return [...side.slice(0, at), group, ...side.slice(at)];
}

/** Raw random choices that describe one side's arrangement of `ids`. */
const sideChoices = (ids: readonly number[]) =>
  fc.record({
    order: fc.shuffledSubarray([...ids], { minLength: ids.length, maxLength: ids.length }),
    cuts: fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
    units: fc.array(fc.nat(), { maxLength: 2 }),
    ellipsisAt: fc.nat(),
  });

function buildSide(
  c: { order: number[]; cuts: boolean[]; units: number[]; ellipsisAt: number },
  hasEllipsis: boolean,
): Side {
  let side = grouped(c.order, c.cuts);
  for (const u of c.units) side = insertAt(side, [], u);
  if (hasEllipsis) side = insertAt(side, [ELLIPSIS], c.ellipsisAt);
  return side;
}

/**
 * The axis lengths a call passes: for each input composition, all but one of its axes (all when
 * the others' product is 0, since the last could not be inferred), plus, where `extra`, the
 * lengths of axes that could have been inferred (einops checks that they agree).
 */
function axesLengthsFor(
  input: Side,
  lengths: readonly number[],
  leaveOut: readonly number[],
  extra: readonly boolean[],
): Record<string, number> {
  const given: Record<string, number> = {};
  for (const [g, group] of input.entries()) {
    const axes = group.filter((id) => id !== ELLIPSIS);
    if (axes.length === 0) continue;
    const unknown =
      axes.length === 1 ? axes[0]! : axes[leaveOut[g % leaveOut.length]! % axes.length]!;
    const others = axes.filter((id) => id !== unknown);
    const inferable = axes.length === 1 || sizeOf(others.map((id) => lengths[id]!)) > 0;
    for (const id of axes) {
      if (id !== unknown || !inferable || extra[id % extra.length]) given[`a${id}`] = lengths[id]!;
    }
  }
  return given;
}

/**
 * A float64 tensor of `shape` holding `valueOf(i)` at row-major position i: contiguous when
 * `how` is 0, else a flipped (1) or permuted (2) view of differently stored data.
 */
function inputTensor(
  shape: readonly number[],
  how: number,
  valueOf: (i: number) => number = (i) => i + 1,
): { x: Tensor; values: number[] } {
  const values = Array.from({ length: sizeOf(shape) }, (_, i) => valueOf(i));
  const base = tensor(Float64Array.from(values), { shape: [...shape], dtype: 'float64' });
  if (how === 0 || shape.length === 0) return { x: base, values };
  if (how === 1) {
    // Store the data reversed along every dim, then flip it back (negative strides).
    const reversed = values.map(
      (_, f) =>
        values[
          ravel(
            unravel(f, shape).map((q, d) => shape[d]! - 1 - q),
            shape,
          )
        ]!,
    );
    const dims = shape.map((_, d) => d);
    return {
      x: tensor(Float64Array.from(reversed), { shape: [...shape], dtype: 'float64' }).flip(dims),
      values,
    };
  }
  // Store it with its dims reversed, then permute them back.
  const reversedShape = [...shape].reverse();
  const stored = new Array<number>(values.length);
  values.forEach((v, f) => (stored[ravel(unravel(f, shape).reverse(), reversedShape)] = v));
  const perm = shape.map((_, d) => shape.length - 1 - d);
  return {
    x: tensor(Float64Array.from(stored), { shape: reversedShape, dtype: 'float64' }).permute(perm),
    values,
  };
}

/** An axis length of 0–3; 0 less often, or most tensors would be empty. */
const lengthArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
);

/** A random rearrangement of 1–5 elementary axes, optionally with an ellipsis. */
const rearrangement = fc
  .record({
    lengths: fc.array(lengthArb, { minLength: 1, maxLength: 5 }),
    ellipsis: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), { nil: null }),
    storage: fc.nat({ max: 2 }),
    leaveOut: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    extra: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
  })
  .chain((base) => {
    const ids = base.lengths.map((_, i) => i);
    return fc.record({
      base: fc.constant(base),
      input: sideChoices(ids),
      output: sideChoices(ids),
      unitNames: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
    });
  })
  .map(({ base, input, output, unitNames }) => {
    const layout: Layout = { lengths: base.lengths, ellipsis: base.ellipsis };
    const inSide = buildSide(input, base.ellipsis !== null);
    const outSide = buildSide(output, base.ellipsis !== null);
    return { base, layout, inSide, outSide, unitNames };
  });

const name = (id: number): string => `a${id}`;

describe('rearrange on random patterns', () => {
  it('moves every element where the index mapping says, and its inverse restores the input', () => {
    fc.assert(
      fc.property(rearrangement, ({ base, layout, inSide, outSide, unitNames }) => {
        const lengthOf = (id: number): number => layout.lengths[id]!;
        const inShape = shapeOf(inSide, lengthOf, layout);
        const outShape = shapeOf(outSide, lengthOf, layout);
        const pattern = `${sideText(inSide, name, unitNames)} -> ${sideText(outSide, name, unitNames)}`;
        const lengths = axesLengthsFor(inSide, layout.lengths, base.leaveOut, base.extra);
        const what = `rearrange(${JSON.stringify(inShape)}, '${pattern}', ${JSON.stringify(lengths)})`;
        const { x, values } = inputTensor(inShape, base.storage);

        const y = rearrange(x, pattern, lengths);
        expect(y.shape, what).toEqual(outShape);
        const got = Array.from(y.data());
        for (let i = 0; i < sizeOf(outShape); i++) {
          const where = axisIndices(outSide, unravel(i, outShape), lengthOf, layout);
          const source = ravel(sideIndex(inSide, where, lengthOf, layout), inShape);
          if (got[i] !== values[source]) {
            expect.fail(`${what}: element ${i} is ${got[i]}, expected ${values[source]}`);
          }
        }

        const allLengths = Object.fromEntries(layout.lengths.map((n, id) => [name(id), n]));
        const inverse = `${sideText(outSide, name, unitNames)} -> ${sideText(inSide, name, unitNames)}`;
        const back = rearrange(y, inverse, allLengths);
        expect(back.shape, `${what} then '${inverse}'`).toEqual(inShape);
        expect(Array.from(back.data()), `${what} then '${inverse}'`).toEqual(values);
      }),
      { seed: 1700, numRuns: 600 },
    );
  });
});

const REDUCTIONS: Record<ReductionName, (v: number[]) => number> = {
  sum: (v) => v.reduce((a, b) => a + b, 0),
  mean: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  max: (v) => Math.max(...v),
  min: (v) => Math.min(...v),
  prod: (v) => v.reduce((a, b) => a * b, 1),
};

describe('reduce on random patterns', () => {
  const reduction = fc
    .record({
      lengths: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
      ellipsis: fc.option(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), {
        nil: null,
      }),
      keep: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      op: fc.constantFrom<ReductionName>('sum', 'mean', 'max', 'min', 'prod'),
      storage: fc.nat({ max: 2 }),
      leaveOut: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    })
    .chain((base) => {
      const ids = base.lengths.map((_, i) => i);
      const kept = ids.filter((id) => base.keep[id]);
      return fc.record({
        base: fc.constant(base),
        input: sideChoices(ids),
        output: sideChoices(kept),
        unitNames: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
      });
    });

  it('reduces exactly the axes missing on the right, over every combination of them', () => {
    fc.assert(
      fc.property(reduction, ({ base, input, output, unitNames }) => {
        const layout: Layout = { lengths: base.lengths, ellipsis: base.ellipsis };
        const lengthOf = (id: number): number => layout.lengths[id]!;
        const inSide = buildSide(input, base.ellipsis !== null);
        const outSide = buildSide(output, base.ellipsis !== null);
        const inShape = shapeOf(inSide, lengthOf, layout);
        const outShape = shapeOf(outSide, lengthOf, layout);
        const pattern = `${sideText(inSide, name, unitNames)} -> ${sideText(outSide, name, unitNames)}`;
        const lengths = axesLengthsFor(inSide, layout.lengths, base.leaveOut, [false]);
        const what = `reduce(${JSON.stringify(inShape)}, '${pattern}', '${base.op}', ${JSON.stringify(lengths)})`;
        // Small integers, with ties, so that sums and products are exact.
        const { x, values } = inputTensor(inShape, base.storage, (i) => ((i * 7) % 5) - 2);

        const y = reduce(x, pattern, base.op, lengths);
        expect(y.shape, what).toEqual(outShape);
        // Every input element goes to the output position of its kept axes.
        const groups: number[][] = Array.from({ length: sizeOf(outShape) }, () => []);
        for (let i = 0; i < values.length; i++) {
          const where = axisIndices(inSide, unravel(i, inShape), lengthOf, layout);
          groups[ravel(sideIndex(outSide, where, lengthOf, layout), outShape)]!.push(values[i]!);
        }
        const want = groups.map(REDUCTIONS[base.op]);
        const got = Array.from(y.data());
        want.forEach((w, i) => {
          if (Math.abs(got[i]! - w) > 1e-12 * (1 + Math.abs(w))) {
            expect.fail(`${what}: element ${i} is ${got[i]}, expected ${w}`);
          }
        });
      }),
      { seed: 1701, numRuns: 400 },
    );
  });
});

describe('repeat on random patterns', () => {
  const repetition = fc
    .record({
      lengths: fc.array(lengthArb, { minLength: 1, maxLength: 4 }),
      // New axes: a named one's length, or a numbered one (2 or 3, written in the pattern).
      added: fc.array(
        fc.record({ length: fc.integer({ min: 1, max: 3 }), numbered: fc.boolean() }),
        { minLength: 1, maxLength: 3 },
      ),
      storage: fc.nat({ max: 2 }),
      leaveOut: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    })
    .map((base) => ({
      ...base,
      // A numbered axis of length 1 would be a unit axis, not a repetition.
      added: base.added.map((a) => (a.numbered && a.length === 1 ? { ...a, length: 2 } : a)),
    }))
    .chain((base) => {
      const ids = base.lengths.map((_, i) => i);
      const all = [...ids, ...base.added.map((_, j) => ids.length + j)];
      return fc.record({
        base: fc.constant(base),
        input: sideChoices(ids),
        output: sideChoices(all),
        unitNames: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
      });
    });

  it('copies each input element to every position of the new axes', () => {
    fc.assert(
      fc.property(repetition, ({ base, input, output, unitNames }) => {
        const n = base.lengths.length;
        const allLengths = [...base.lengths, ...base.added.map((a) => a.length)];
        const layout: Layout = { lengths: allLengths, ellipsis: null };
        const lengthOf = (id: number): number => allLengths[id]!;
        const names = (id: number): string =>
          id < n ? name(id) : base.added[id - n]!.numbered ? String(allLengths[id]) : `r${id - n}`;
        const inSide = buildSide(input, false);
        const outSide = buildSide(output, false);
        const inShape = shapeOf(inSide, lengthOf, layout);
        const outShape = shapeOf(outSide, lengthOf, layout);
        const pattern = `${sideText(inSide, names, unitNames)} -> ${sideText(outSide, names, unitNames)}`;
        const lengths: Record<string, number> = {
          ...axesLengthsFor(inSide, base.lengths, base.leaveOut, [false]),
          ...Object.fromEntries(
            base.added.flatMap((a, j) => (a.numbered ? [] : [[`r${j}`, a.length]])),
          ),
        };
        const what = `repeat(${JSON.stringify(inShape)}, '${pattern}', ${JSON.stringify(lengths)})`;
        const { x, values } = inputTensor(inShape, base.storage);

        const y = repeat(x, pattern, lengths);
        expect(y.shape, what).toEqual(outShape);
        const got = Array.from(y.data());
        for (let i = 0; i < sizeOf(outShape); i++) {
          const where = axisIndices(outSide, unravel(i, outShape), lengthOf, layout);
          const source = ravel(sideIndex(inSide, where, lengthOf, layout), inShape);
          if (got[i] !== values[source]) {
            expect.fail(`${what}: element ${i} is ${got[i]}, expected ${values[source]}`);
          }
        }
      }),
      { seed: 1702, numRuns: 400 },
    );
  });
});
