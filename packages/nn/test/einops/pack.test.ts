import { describe, expect, it } from 'vitest';
import { cat, stack, type Tensor } from '@tensorgrad/autograd';
import { EinopsError, pack, unpack } from '../../src/einops/index.js';
import { arangeTensor, expectSame, randomTensor } from './helpers.js';

describe('pack', () => {
  const [H, W] = [3, 4];
  const [r, g, b] = [0, 1, 2].map((i) => randomTensor([H, W], i + 1)) as [Tensor, Tensor, Tensor];
  const embeddings = randomTensor([H, W, 5], 9);

  it('stacks or concatenates depending on where * is (einops trivial cases)', () => {
    expectSame(pack([r, g, b], 'h w *')[0], stack([r, g, b], 2));
    expectSame(pack([r, g, b], 'h * w')[0], stack([r, g, b], 1));
    expectSame(pack([r, g, b], '* h w')[0], stack([r, g, b], 0));
    expectSame(pack([r, g, b], 'h *')[0], cat([r, g, b], 1));
    expectSame(pack([r, g, b], '* w')[0], cat([r, g, b], 0));
    expectSame(
      pack([r, g, b, embeddings], 'h w *')[0],
      cat([r.reshape([H, W, 1]), g.reshape([H, W, 1]), b.reshape([H, W, 1]), embeddings], 2),
    );
  });

  it('returns the packed shapes', () => {
    const [packed, ps] = pack([r, embeddings, randomTensor([H, W, 2, 3])], 'h w *');
    expect(packed.shape).toEqual([H, W, 1 + 5 + 6]);
    expect(ps).toEqual([[], [5], [2, 3]]);
  });

  it('validates the pattern like einops', () => {
    expect(() => pack([r, g, b, embeddings], 'h w nonexisting_axis *')).toThrow(
      /tensor 0 has shape \[3, 4\], but the pattern needs at least 3 dimensions/,
    );
    expect(pack([r, g, b], 'some_name_for_H some_name_for_w1 *')[0].shape).toEqual([H, W, 3]);
    expect(() => pack([r, g, b], 'h _w *')).toThrow(/invalid axis name "_w"/);
    expect(() => pack([r, g, b], 'h_ w *')).toThrow(/invalid axis name "h_"/);
    expect(() => pack([r, g, b], '1h_ w *')).toThrow(/invalid axis name "1h_"/);
    expect(() => pack([r, g, b], '1 w *')).toThrow(/invalid axis name "1"/);
    expect(() => pack([r, g, b], 'h h *')).toThrow(/an axis name appears twice/);
    expect(() => pack([r, g, b], 'h w')).toThrow(/exactly one "\*" axis, it has 0/);
    expect(() => pack([r, g, b], '* h *')).toThrow(EinopsError);
    expect(pack([r, g, b], 'h H *')[0].shape).toEqual([H, W, 3]); // names are case-sensitive
  });

  it('refuses tensors whose other axes disagree', () => {
    expect(() => pack([r, randomTensor([H + 1, W])], 'h *')).toThrow(
      /tensor 1 has shape \[4, 4\], whose non-packed axes disagree with tensor 0's \[3, 4\]/,
    );
  });
});

/** einops' unpack cases: the unpacked axis always has length 5. */
const UNPACK_CASES: [number[], string][] = [
  [[5], '*'],
  [[5, 7], '* seven'],
  [[7, 5], 'seven *'],
  [[5, 3, 4], '* three four'],
  [[4, 5, 3], 'four * three'],
  [[3, 4, 5], 'three four *'],
];

describe('unpack', () => {
  function unpackAndPack(x: Tensor, ps: number[][], pattern: string): Tensor[] {
    const pieces = unpack(x, ps, pattern);
    const [packed] = pack(pieces, pattern);
    expectSame(packed, x);
    return pieces;
  }

  it.each(UNPACK_CASES)('shape %j, pattern "%s"', (shape, pattern) => {
    const x = arangeTensor(shape);
    const dim = pattern.split(' ').indexOf('*');
    unpackAndPack(x, [[2], [1], [2]], pattern);
    expect(() => unpack(x, [[2], [1], [1]], pattern)).toThrow(
      /cannot split an axis of length 5 into \[\[2\], \[1\], \[1\]\] \(they need 4\)/,
    );
    expect(() => unpack(x, [[4], [1], [1]], pattern)).toThrow(EinopsError);
    expect(() => unpackAndPack(x, [[2], [1], [2]], `${pattern} non_existent_axis`)).toThrow(
      /the input has shape/,
    );
    unpackAndPack(x, [[2], [1], [-1]], pattern);
    unpackAndPack(x, [[2], [-1], [2]], pattern);
    unpackAndPack(x, [[-1], [1], [2]], pattern);
    expect(unpackAndPack(x, [[2], [3], [-1]], pattern)[2]!.shape[dim]).toBe(0);
    expect(() => unpack(x, [[2], [4], [-1]], pattern)).toThrow(EinopsError);
    expect(() => unpack(x, [[2], [-1], [4]], pattern)).toThrow(EinopsError); // einops lets this one through
    expect(() => unpack(x, [[-1], [1], [5]], pattern)).toThrow(EinopsError);
    for (const ps of [
      [
        [1, 2],
        [1, 1],
        [-1, 1],
      ],
      [
        [1, 2],
        [1, -1],
        [1, 1],
      ],
      [
        [2, -1],
        [1, 2],
        [1, 1],
      ],
    ]) {
      expect(unpackAndPack(x, ps, pattern).every((piece) => piece.ndim === x.ndim + 1)).toBe(true);
    }
    expect(() => unpack(x, [[-1, 2], [1], [5]], pattern)).toThrow(EinopsError);
    expect(() => unpack(x, [[2, 2], [2], [5, -1]], pattern)).toThrow(EinopsError);
    expect(() => unpack(x, [[2, 1], [1], [3, -1]], pattern)).toThrow(
      /cannot split an axis of length 5/,
    );
    expect(() => unpack(x, [[2, 1], [3, -1], [1]], pattern)).toThrow(EinopsError);
    expect(() => unpack(x, [[3, -1], [2, 1], [1]], pattern)).toThrow(EinopsError);
    unpackAndPack(x, [[0], [5], [-1]], pattern);
    unpackAndPack(x, [[0], [-1], [5]], pattern);
    unpackAndPack(x, [[-1], [5], [0]], pattern);
    unpackAndPack(
      x,
      [
        [2, -1],
        [1, 5],
      ],
      pattern,
    );
    expect(() => unpack(x, [[-1], [-1]], pattern)).toThrow(
      /only one packed shape may contain -1, but 2 do/,
    );
    expect(() => unpack(x, [[-1, -1]], pattern)).toThrow(/at most one -1/);
    expect(() => unpack(x, [[0, -1], [5]], pattern)).toThrow(
      /cannot infer the -1 in \[0, -1\] next to a 0/,
    );
  });

  it('restores exactly what was packed', () => {
    const parts = [randomTensor([2, 3]), randomTensor([2, 4, 5], 2), randomTensor([2], 3)];
    const [packed, ps] = pack(parts, 'b *');
    const back = unpack(packed, ps, 'b *');
    back.forEach((piece, i) => expectSame(piece, parts[i]!));
  });
});
