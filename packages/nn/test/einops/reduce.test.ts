import { describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorgrad/autograd';
import { EinopsError, reduce, type ReductionName } from '../../src/einops/index.js';
import { arangeTensor, expectClose, expectSame, lcg, permutation } from './helpers.js';

const REDUCTIONS: ReductionName[] = ['sum', 'mean', 'max', 'min', 'prod'];

/** Pairs of reductions that must agree on a 5-d input (einops' equivalent_reduction_patterns). */
const EQUIVALENT_REDUCTIONS: [string, string][] = [
  ['a b c d e -> ', ' ... ->  '],
  ['a b c d e -> (e a)', 'a ... e -> (e a)'],
  ['a b c d e -> d (a e)', ' a b c d e ... -> d (a e) '],
  ['a b c d e -> (a b)', ' ... c d e  -> (...) '],
];

const byName = (x: Tensor, reduction: ReductionName, axes?: number[]): Tensor => x[reduction](axes);

describe('reduce', () => {
  const x = arangeTensor([2, 3, 4, 5, 6], 'float64');

  for (const reduction of ['min', 'max', 'sum'] as const) {
    it.each(EQUIVALENT_REDUCTIONS)(`${reduction}: %s  ≡  %s`, (first, second) => {
      expectSame(reduce(x, first, reduction), reduce(x, second, reduction));
    });
  }

  for (const reduction of REDUCTIONS) {
    it(`${reduction} agrees with the explicit reduction (einops reduction table)`, () => {
      // Scaled as in einops so that prod neither overflows nor underflows to 0.
      const input = reduction === 'mean' || reduction === 'prod' ? x.div(x.mean()) : x;
      const all = byName(input, reduction);
      const overBD = byName(input, reduction, [1, 3]).permute([2, 1, 0]);
      const cases: [string, Record<string, number>, Tensor][] = [
        ['a b c d e -> ', {}, all],
        ['a ... -> ', {}, all],
        ['(a1 a2) ... (e1 e2) -> ', { a1: 1, e2: 2 }, all],
        ['a b c d e -> (e c) a', {}, overBD.reshape([24, 2])],
        ['a ... c d e -> (e c) a', {}, overBD.reshape([24, 2])],
        ['a b c d e ... -> (e c) a', {}, overBD.reshape([24, 2])],
        ['a b c d e -> (e c a)', {}, overBD.reshape([48])],
        ['(a a2) ... -> (a2 a) ...', { a2: 1 }, input],
      ];
      for (const [pattern, lengths, expected] of cases) {
        expectClose(reduce(input, pattern, reduction, lengths), expected, 1e-12, pattern);
      }
    });
  }

  it('stress: random permutations with a random number of reduced axes (einops stress test)', () => {
    const random = lcg(11);
    for (const reduction of REDUCTIONS) {
      for (let n = 0; n < 7; n++) {
        const shape = Array.from({ length: n }, () => 2 + Math.floor(random() * 2));
        const perm = permutation(n, random);
        const skipped = Math.floor(random() * (n + 1));
        const left = shape.map((_, i) => `x${i}`).join(' ');
        const right = perm
          .slice(skipped)
          .map((p) => `x${p}`)
          .join(' ');
        let input = arangeTensor(shape, 'float64', 1);
        if (reduction === 'prod') input = input.div(input.mean());
        let expected = input.permute(perm);
        if (skipped > 0)
          expected = byName(
            expected,
            reduction,
            Array.from({ length: skipped }, (_, i) => i),
          );
        expectClose(
          reduce(input, `${left} -> ${right}`, reduction),
          expected,
          1e-12,
          `${reduction} ${left} -> ${right}`,
        );
      }
    }
  });

  it('reduces pooling windows', () => {
    const image = arangeTensor([1, 1, 4, 4]);
    expect(
      reduce(image, 'b c (h h2) (w w2) -> b c h w', 'max', { h2: 2, w2: 2 }).toArray(),
    ).toEqual([
      [
        [
          [5, 7],
          [13, 15],
        ],
      ],
    ]);
    expect(reduce(image, 'b c (h 2) (w 2) -> b c h w', 'mean').toArray()).toEqual([
      [
        [
          [2.5, 4.5],
          [10.5, 12.5],
        ],
      ],
    ]);
    expect(reduce(image, 'b c h w -> b c', 'min').toArray()).toEqual([[0]]);
  });

  it('accepts a custom reduction function, called with the reduced axes', () => {
    const calls: number[][] = [];
    const result = reduce(x, 'a b c d e -> e a', (t: Tensor, axes: number[]) => {
      calls.push(axes);
      return t.sum(axes);
    });
    expect(calls).toEqual([[2, 3, 4]]);
    expectSame(result, reduce(x, 'a b c d e -> e a', 'sum'));
  });

  it('rearranges without calling the reduction when nothing is reduced', () => {
    expectSame(reduce(x, 'a b c d e -> e d c b a', 'prod'), x.permute([4, 3, 2, 1, 0]));
  });

  it('gives informative errors', () => {
    expect(() => reduce(x, 'a b c d e -> a f', 'sum')).toThrow(
      /reduce cannot create axes, but axis f is on the right side only/,
    );
    expect(() => reduce(x, 'a b c d e -> a', 'median' as ReductionName)).toThrow(
      /unknown reduction "median"; expected one of sum, mean, max, min, prod/,
    );
    expect(() => reduce(x, '(a 3) b c d e -> a', 'sum')).toThrow(EinopsError);
    expect(() => reduce(x, '(a 3) b c d e -> a', 'sum')).toThrow(
      /^reduce\(sum\): pattern "\(a 3\) b c d e -> a" on input of shape \[2, 3, 4, 5, 6\]: shape mismatch: can't divide axis \(a 3\) \(input dimension 0\) of length 2 in chunks of 3/,
    );
  });
});
