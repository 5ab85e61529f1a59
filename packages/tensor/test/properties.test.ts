/**
 * Property tests (fast-check) where they pay: broadcasting rules and view round trips.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as T from '@tensorgrad/tensor';

const dim = fc.integer({ min: 0, max: 4 });
const shapeArb = fc.array(dim, { minLength: 0, maxLength: 4 });

describe('broadcastShapes', () => {
  test('is commutative and agrees with actually adding tensors', () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, (a, b) => {
        let ab: number[] | undefined;
        try {
          ab = T.broadcastShapes('add', a, b);
        } catch {
          expect(() => T.broadcastShapes('add', b, a)).toThrow();
          return;
        }
        expect(T.broadcastShapes('add', b, a)).toEqual(ab);
        const sum = T.tidy(() => T.zeros(a).add(T.zeros(b)).shape);
        expect([...sum]).toEqual(ab);
      }),
      { numRuns: 200 },
    );
  });
  test('a shape broadcast with ones of any rank is itself, padded', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 5 }), (a, k) => {
        const ones = new Array<number>(k).fill(1);
        const out = T.broadcastShapes('add', a, ones);
        expect(out).toEqual([...new Array<number>(Math.max(0, k - a.length)).fill(1), ...a]);
      }),
    );
  });
});

describe('view round trips', () => {
  const tensorArb = fc
    .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
    .chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.shuffledSubarray(
          shape.map((_, i) => i),
          { minLength: shape.length },
        ),
      ),
    );

  test('permute then its inverse restores the values', () => {
    fc.assert(
      fc.property(tensorArb, ([shape, perm]) => {
        T.tidy(() => {
          const x = T.arange(shape.reduce((a, b) => a * b, 1)).reshape(shape);
          const inverse = perm.map((_, i) => perm.indexOf(i));
          expect(x.permute(perm).permute(inverse).toArray()).toEqual(x.toArray());
        });
      }),
      { numRuns: 100 },
    );
  });
  test('reshape of a permuted tensor equals reshape of its contiguous copy', () => {
    fc.assert(
      fc.property(tensorArb, ([shape, perm]) => {
        T.tidy(() => {
          const n = shape.reduce((a, b) => a * b, 1);
          const p = T.arange(n).reshape(shape).permute(perm);
          expect(p.reshape(-1).toArray()).toEqual(p.contiguous().reshape(-1).toArray());
          expect(p.flatten().reshape(p.shape).toArray()).toEqual(p.toArray());
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('slice follows Python list slicing', () => {
  /** Python's `list[start:end:step]`, written out from the language reference. */
  function pySlice(
    n: number,
    start: number | undefined,
    end: number | undefined,
    step: number,
  ): number[] {
    const norm = (v: number | undefined, dflt: number, lo: number, hi: number) =>
      v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    const out: number[] = [];
    if (step > 0) {
      for (let i = norm(start, 0, 0, n); i < norm(end, n, 0, n); i += step) out.push(i);
    } else {
      for (let i = norm(start, n - 1, -1, n - 1); i > norm(end, -1, -1, n - 1); i += step)
        out.push(i);
    }
    return out;
  }
  const bound = fc.option(fc.integer({ min: -8, max: 8 }), { nil: undefined });
  const step = fc.integer({ min: -4, max: 4 }).filter((s) => s !== 0);

  test('for any bounds and non-zero step, on a 1-D tensor and along the middle dim', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), bound, bound, step, (n, start, end, st) => {
        T.tidy(() => {
          const want = pySlice(n, start, end, st);
          expect(T.arange(n).slice(0, start, end, st).toArray()).toEqual(want);
          const m = T.arange(2 * n * 3)
            .reshape(2, n, 3)
            .slice(1, start, end, st);
          expect(m.shape).toEqual([2, want.length, 3]);
          expect(m.select(0, 1).select(-1, 2).toArray()).toEqual(
            want.map((i) => n * 3 + i * 3 + 2),
          );
        });
      }),
      { numRuns: 300 },
    );
  });
});
