import { describe, expect, it } from 'vitest';
import { tensor } from '@tensorgrad/autograd';
import { EinopsError, rearrange } from '../../src/einops/index.js';
import { arangeTensor, expectSame, lcg, permutation } from './helpers.js';

/** Patterns that must return their input unchanged (einops' identity_patterns). */
const IDENTITY_PATTERNS = [
  '...->...',
  'a b c d e-> a b c d e',
  'a b c d e ...-> ... a b c d e',
  'a b c d e ...-> a ... b c d e',
  '... a b c d e -> ... a b c d e',
  'a ... e-> a ... e',
  'a ... -> a ... ',
  'a ... c d e -> a (...) c d e',
];

/** Pairs of patterns that must agree on a 5-d input (einops' equivalent_rearrange_patterns). */
const EQUIVALENT_PATTERNS: [string, string][] = [
  ['a b c d e -> (a b) c d e', 'a b ... -> (a b) ... '],
  ['a b c d e -> a b (c d) e', '... c d e -> ... (c d) e'],
  ['a b c d e -> a b c d e', '... -> ... '],
  ['a b c d e -> (a b c d e)', '... ->  (...)'],
  ['a b c d e -> b (c d e) a', 'a b ... -> b (...) a'],
  ['a b c d e -> b (a c d) e', 'a b ... e -> b (a ...) e'],
];

describe('rearrange', () => {
  const x = arangeTensor([2, 3, 4, 5, 6], 'int32');

  it.each(IDENTITY_PATTERNS)('identity pattern %s', (pattern) => {
    expectSame(rearrange(x, pattern), x);
  });

  it.each(EQUIVALENT_PATTERNS)('%s  ≡  %s', (first, second) => {
    expectSame(rearrange(x, first), rearrange(x, second));
  });

  it('matches explicit permute + reshape', () => {
    expectSame(
      rearrange(x, 'a b c d e -> b (c d e) a'),
      x.permute([1, 2, 3, 4, 0]).reshape([3, 120, 2]),
    );
    expectSame(
      rearrange(x, 'a b c d e -> (e a) d (b c)'),
      x.permute([4, 0, 3, 1, 2]).reshape([12, 5, 12]),
    );
  });

  it('splits with sizes given as options', () => {
    const y = arangeTensor([2, 12, 3]);
    const split = rearrange(y, 'b (h w) c -> b h w c', { h: 4 });
    expectSame(split, y.reshape([2, 4, 3, 3]));
    // C order: within (h w), w varies fastest.
    expect(split.toArray()).toEqual(y.reshape([2, 4, 3, 3]).toArray());
    expectSame(
      rearrange(y, 'b (h w) c -> b (w h) c', { w: 3 }),
      y.reshape([2, 4, 3, 3]).permute([0, 2, 1, 3]).reshape([2, 12, 3]),
    );
  });

  it('keeps the dtype and every element (einops consistency test)', () => {
    const shape = [1, 2, 3, 5, 7, 11];
    const big = arangeTensor(shape, 'int32');
    for (const pattern of [
      'a b c d e f -> a b c d e f',
      'b a c d e f -> a b d e f c',
      'a b c d e f -> f e d c b a',
      'a b c d e f -> (f e) d (c b a)',
      'a b c d e f -> (f e d c b a)',
    ]) {
      const result = rearrange(big, pattern);
      expect(result.dtype).toBe('int32');
      expect([...result.data()].sort((p, q) => p - q)).toEqual([...big.data()]);
    }
    expectSame(
      rearrange(big, 'a b c d e f -> a (b) (c d e) f').reshape([big.size]),
      big.reshape([big.size]),
    );
    expectSame(rearrange(big, 'a aa aa1 a1a1 aaaa a11 -> a aa aa1 a1a1 aaaa a11'), big);
    expectSame(
      rearrange(big, 'a b c d e f -> f e d c b a'),
      rearrange(big, 'f e d c b a -> a b c d e f'),
    );
  });

  it('reverses itself: pattern then inverse pattern gives the input back', () => {
    const shape = [1, 2, 3, 5, 7, 11];
    const big = arangeTensor(shape, 'int32');
    const temp = rearrange(big, 'a b c d e f -> (f d) c (e b) a');
    expectSame(rearrange(temp, '(f d) c (e b) a -> a b c d e f', { b: 2, d: 5 }), big);
    const sizes = { a: 1, b: 2, c: 3, d: 5, e: 7, f: 11 };
    const temp2 = rearrange(big, 'a b c d e f -> (f d) c (e b) a', sizes);
    expectSame(rearrange(temp2, '(f d) c (e b) a -> a b c d e f', sizes), big);
  });

  it('reversible pairs of common layouts', () => {
    const image = arangeTensor([2, 6, 4, 3]);
    const pairs: [string, string, Record<string, number>][] = [
      [
        'b (h h1) (w w1) c -> b h w (c h1 w1)',
        'b h w (c h1 w1) -> b (h h1) (w w1) c',
        { h1: 2, w1: 2 },
      ],
      [
        'b (h p1) (w p2) c -> b (h w) (p1 p2 c)',
        'b (h w) (p1 p2 c) -> b (h p1) (w p2) c',
        { p1: 2, p2: 2, h: 3 },
      ],
      ['b h w c -> (b h) w c', '(b h) w c -> b h w c', { b: 2 }],
      ['b h w c -> c (b h w)', 'c (b h w) -> b h w c', { b: 2, h: 6 }],
      ['b h w c -> b 1 h w c ()', 'b 1 h w c () -> b h w c', {}],
    ];
    for (const [forward, backward, lengths] of pairs) {
      expectSame(rearrange(rearrange(image, forward, lengths), backward, lengths), image, forward);
    }
  });

  it('moves each element where a random permutation of axes says (einops permutation test)', () => {
    const random = lcg(7);
    for (let n = 1; n < 10; n++) {
      const input = arangeTensor(Array(n).fill(2), 'int32');
      const perm = permutation(n, random);
      const left = Array.from({ length: n }, (_, i) => `i${i}`).join(' ');
      const right = perm.map((p) => `i${p}`).join(' ');
      const result = rearrange(input, `${left} -> ${right}`);
      // Element with bits (b0..b_{n-1}) lands at index bits permuted.
      const expected = new Int32Array(2 ** n);
      for (let value = 0; value < 2 ** n; value++) {
        const bit = (axis: number) => (value >> (n - 1 - axis)) & 1;
        let index = 0;
        for (const axis of perm) index = index * 2 + bit(axis);
        expected[index] = value;
      }
      expect(Array.from(result.data()), `${left} -> ${right}`).toEqual(Array.from(expected));
    }
  });

  it('handles unit axes, scalars and zero-length axes', () => {
    const y = arangeTensor([3, 1, 4]);
    expect(rearrange(y, 'a 1 b -> a b').shape).toEqual([3, 4]);
    expect(rearrange(y, 'a () b -> 1 b a ()').shape).toEqual([1, 4, 3, 1]);
    expect(rearrange(y, 'a (1) b -> (a 1 b)').shape).toEqual([12]);
    const scalar = tensor(new Float64Array([5]), { shape: [], dtype: 'float64' });
    expect(rearrange(scalar, ' -> 1 1').shape).toEqual([1, 1]);
    expect(rearrange(scalar, '... -> (...)').shape).toEqual([1]);
    expect(rearrange(arangeTensor([1, 1]), '1 1 -> ').shape).toEqual([]);
    expect(rearrange(arangeTensor([0, 3]), 'a b -> b a').shape).toEqual([3, 0]);
    expect(rearrange(arangeTensor([2, 0]), 'a (b c) -> a b c', { b: 4 }).shape).toEqual([2, 4, 0]);
  });

  it('stacks a list of tensors along a new first axis', () => {
    const parts = [0, 1, 2].map((i) => arangeTensor([2, 3], 'float64', 10 * i));
    const stacked = rearrange(parts, '...->...');
    expect(stacked.shape).toEqual([3, 2, 3]);
    expect(stacked.toArray()).toEqual(parts.map((p) => p.toArray()));
    expect(rearrange(parts, 'b ... -> ... b').shape).toEqual([2, 3, 3]);
    expect(() => rearrange([arangeTensor([2]), arangeTensor([3])], 'b n -> n b')).toThrow(
      /tensor 0 has \[2\] and tensor 1 has \[3\]/,
    );
  });

  it('returns views where possible (no copy for a pure permutation)', () => {
    const y = arangeTensor([2, 3, 4]);
    const z = rearrange(y, 'a b c -> c a b');
    expect(z.isContiguous()).toBe(false);
    expect(rearrange(y, 'a b c -> a (b c)').isContiguous()).toBe(true);
  });
});

describe('rearrange errors', () => {
  const x = arangeTensor([2, 11, 3]);
  const fails = (run: () => unknown, message: RegExp) => {
    expect(run).toThrow(EinopsError);
    expect(run).toThrow(message);
  };

  it('names the axis and lengths when a composed axis does not divide', () => {
    fails(
      () => rearrange(x, 'b (h w) c -> b h w c', { h: 2 }),
      /rearrange: pattern "b \(h w\) c -> b h w c" on input of shape \[2, 11, 3\] with \{"h":2\}: shape mismatch: can't divide axis \(h w\) \(input dimension 1\) of length 11 in chunks of 2 \(h=2\)/,
    );
  });

  it('reports lengths that disagree with the options', () => {
    fails(
      () => rearrange(x, 'b n c -> b n c', { n: 10 }),
      /input dimension 1 n has length 11, but n=10 gives 10/,
    );
    fails(
      () => rearrange(x, 'b (n m) c -> b n m c', { n: 11, m: 2 }),
      /input dimension 1 \(n m\) has length 11, but n=11, m=2 gives 22/,
    );
    fails(
      () => rearrange(x, 'b 1 c -> b c'),
      /input dimension 1 \(\) has length 11, but a unit axis has 1/,
    );
  });

  it('reports the wrong number of dimensions', () => {
    fails(() => rearrange(x, 'a b -> b a'), /the pattern needs 2 dimensions, but the input has 3/);
    fails(
      () => rearrange(x, 'a b c d ... -> a b c d ...'),
      /needs at least 4 dimensions, but the input has 3/,
    );
  });

  it('refuses axes on one side only, numbered axes and unknown option axes', () => {
    fails(() => rearrange(x, 'a b c -> a'), /but axes b, c are on one side only/);
    fails(
      () => rearrange(x, 'a b c -> a b'),
      /rearrange needs every axis on both sides, but axis c is on one side only/,
    );
    fails(() => rearrange(x, 'a b c -> a b c d'), /but axis d is on one side only/);
    fails(
      () => rearrange(x, 'a b c -> a b c 2'),
      /numbered axes other than 1 are not allowed in rearrange/,
    );
    fails(
      () => rearrange(x, 'a b c -> a b c', { d: 2 }),
      /axis length given for "d", which the pattern does not use/,
    );
    fails(
      () => rearrange(x, 'a (b d) c -> a b d c'),
      /cannot infer the lengths of b and d in \(b d\)/,
    );
    fails(
      () => rearrange(x, 'a b c -> a b c', { a: 2.5 }),
      /the length of axis "a" must be a non-negative integer, got 2.5/,
    );
  });

  it('refuses malformed patterns with einops-like messages', () => {
    fails(() => rearrange(x, 'a b c'), /pattern must contain "->" exactly once/);
    fails(() => rearrange(x, 'a b c -> a -> b'), /exactly once/);
    fails(() => rearrange(x, 'a (b c -> a b c'), /leaves a parenthesis open/);
    fails(() => rearrange(x, 'a b) c -> a b c'), /closes a parenthesis it never opened/);
    fails(() => rearrange(x, 'a ((b) c) -> a b c'), /nests parentheses/);
    fails(() => rearrange(x, 'a b b -> a b'), /contains the axis "b" twice/);
    fails(() => rearrange(x, 'a b .. -> a b'), /may contain dots only in one ellipsis/);
    fails(() => rearrange(x, '... a ... -> a'), /may contain dots only in one ellipsis/);
    fails(
      () => rearrange(x, 'a b c -> a b c ...'),
      /"\.\.\." appears on the right side but not on the left/,
    );
    fails(
      () => rearrange(x, 'a (...) -> a ...'),
      /"\.\.\." may not be parenthesised on the left side/,
    );
    fails(
      () => rearrange(x, 'a b _c -> a b _c'),
      /invalid axis name "_c".*must not start or end with an underscore/,
    );
    fails(() => rearrange(x, 'a b 1c -> a b 1c'), /invalid axis name "1c"/);
    fails(() => rearrange(x, 'a b c! -> a b c'), /unexpected character "!"/);
  });

  it('collapsed ellipsis: "(...)" on the left is an error, on the right it is not (einops test)', () => {
    const ones = arangeTensor([1, 1, 1, 1, 1]);
    expect(rearrange(ones, 'a b c d ... ->  a b c ... d').shape).toEqual([1, 1, 1, 1, 1]);
    fails(() => rearrange(ones, 'a b c d (...) ->  a b c ... d'), /parenthesised/);
    expect(rearrange(ones, '... ->  (...)').shape).toEqual([1]);
    fails(() => rearrange(ones, '(...) -> (...)'), /parenthesised/);
  });
});
