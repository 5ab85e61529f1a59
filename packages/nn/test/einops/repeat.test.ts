import { describe, expect, it } from 'vitest';
import { EinopsError, rearrange, reduce, repeat } from '../../src/einops/index.js';
import { arangeTensor, expectSame } from './helpers.js';

describe('repeat', () => {
  const image = arangeTensor([2, 3]);

  it('adds named axes and repeats along them', () => {
    const rgb = repeat(image, 'h w -> h w c', { c: 3 });
    expect(rgb.shape).toEqual([2, 3, 3]);
    expect(rgb.toArray()).toEqual([
      [
        [0, 0, 0],
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [3, 3, 3],
        [4, 4, 4],
        [5, 5, 5],
      ],
    ]);
  });

  it('tiles (new axis outside) versus upsamples (new axis inside) a composition', () => {
    expect(repeat(image, 'h w -> (r h) w', { r: 2 }).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(repeat(image, 'h w -> (h r) w', { r: 2 }).toArray()).toEqual([
      [0, 1, 2],
      [0, 1, 2],
      [3, 4, 5],
      [3, 4, 5],
    ]);
    expect(repeat(image, 'h w -> h (w w2)', { w2: 2 }).toArray()).toEqual([
      [0, 0, 1, 1, 2, 2],
      [3, 3, 4, 4, 5, 5],
    ]);
  });

  it('accepts numbers as anonymous new axes', () => {
    expect(repeat(image, 'h w -> 2 h w').shape).toEqual([2, 2, 3]);
    expectSame(repeat(image, 'h w -> h (w 3)'), repeat(image, 'h w -> h (w k)', { k: 3 }));
  });

  it('is undone by a mean or max reduction over the repeated axes (reversible pairs)', () => {
    const x = arangeTensor([2, 3, 4]);
    const pairs: [string, string, Record<string, number>][] = [
      ['a b c -> a b c r', 'a b c r -> a b c', { r: 3 }],
      ['a b c -> (r a) b (c s)', '(r a) b (c s) -> a b c', { r: 2, s: 5 }],
      ['a b c -> c r (b a) s', 'c r (b a) s -> a b c', { r: 2, s: 2, a: 2 }],
      ['a ... -> ... r a', '... r a -> a ...', { r: 4 }],
    ];
    for (const [up, down, lengths] of pairs) {
      const repeated = repeat(x, up, lengths);
      expectSame(reduce(repeated, down, 'mean', lengths), x, up);
      expectSame(reduce(repeated, down, 'max', lengths), x, up);
    }
  });

  it('with no new axes behaves as rearrange', () => {
    const x = arangeTensor([2, 3, 4]);
    expectSame(repeat(x, 'a b c -> c (a b)'), rearrange(x, 'a b c -> c (a b)'));
  });

  it('repeats by expanding: no copy unless the final reshape needs one', () => {
    const x = arangeTensor([2, 3]);
    const broadcast = repeat(x, 'h w -> h w c', { c: 1000 });
    expect(broadcast.strides).toEqual([3, 1, 0]);
  });

  it('gives informative errors', () => {
    expect(() => repeat(image, 'h w -> h w c')).toThrow(EinopsError);
    expect(() => repeat(image, 'h w -> h w c')).toThrow(
      /give the length of each new axis: c \(e.g. \{ c: 2 \}\)/,
    );
    expect(() => repeat(image, 'h w -> h')).toThrow(
      /repeat cannot remove axes, but axis w is on the left side only/,
    );
    expect(() => repeat(image, 'h w -> h w c', { c: -1 })).toThrow(
      /the length of axis "c" must be a non-negative integer, got -1/,
    );
  });
});
