import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rearrange, reduce } from '../../src/einops/index.js';
import { arangeTensor, expectClose, expectSame } from './helpers.js';

/** A random rearrangement: axis lengths, an output order, and how the output is grouped. */
const arbitraryRearrangement = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 })
  .chain((lengths) =>
    fc.record({
      lengths: fc.constant(lengths),
      order: fc.shuffledSubarray(
        lengths.map((_, i) => i),
        { minLength: lengths.length, maxLength: lengths.length },
      ),
      // cuts[i]: whether a new output group starts before the i-th output axis
      cuts: fc.array(fc.boolean(), { minLength: lengths.length, maxLength: lengths.length }),
    }),
  );

function groups(order: number[], cuts: boolean[]): number[][] {
  const out: number[][] = [];
  order.forEach((axis, i) => {
    if (i === 0 || cuts[i]) out.push([]);
    out[out.length - 1]!.push(axis);
  });
  return out;
}

const side = (parts: number[][]): string =>
  parts
    .map((g) => (g.length === 1 ? `a${g[0]}` : `(${g.map((a) => `a${a}`).join(' ')})`))
    .join(' ');

describe('rearrange properties', () => {
  it('equals permute + reshape, and the reversed pattern restores the input', () => {
    fc.assert(
      fc.property(arbitraryRearrangement, ({ lengths, order, cuts }) => {
        const x = arangeTensor(lengths, 'int32');
        const output = groups(order, cuts);
        const input = lengths.map((_, i) => [i]);
        const forward = `${side(input)} -> ${side(output)}`;
        const y = rearrange(x, forward);
        const groupLengths = output.map((g) => g.reduce((p, a) => p * lengths[a]!, 1));
        expectSame(y, x.permute(order).reshape(groupLengths), forward);
        const sizes = Object.fromEntries(lengths.map((n, i) => [`a${i}`, n]));
        expectSame(rearrange(y, `${side(output)} -> ${side(input)}`, sizes), x, forward);
      }),
      { numRuns: 60 },
    );
  });

  it('reducing every axis equals the full reduction, in any order and grouping', () => {
    fc.assert(
      fc.property(arbitraryRearrangement, ({ lengths, order, cuts }) => {
        const x = arangeTensor(lengths, 'float64', 1);
        const pattern = `${side(groups(order, cuts))} -> `;
        const grouped = rearrange(
          x,
          `${side(lengths.map((_, i) => [i]))} -> ${side(groups(order, cuts))}`,
        );
        const sizes = Object.fromEntries(lengths.map((n, i) => [`a${i}`, n]));
        expectClose(reduce(grouped, pattern, 'sum', sizes), x.sum(), 1e-12, pattern);
        expect(reduce(grouped, pattern, 'max', sizes).item()).toBe(x.size);
      }),
      { numRuns: 40 },
    );
  });
});
