import { describe, expect, it } from 'vitest';
import { zeros } from '@tensorgrad/autograd';
import { EinopsError, parseShape, rearrange } from '../../src/einops/index.js';

describe('parseShape', () => {
  const x = zeros([2, 3, 5, 7]);

  it('names dimensions and skips _', () => {
    expect(parseShape(x, 'batch _ h w')).toEqual({ batch: 2, h: 5, w: 7 });
    expect(parseShape(x, '_ _ _ _')).toEqual({});
  });

  it('skips any number of dimensions with ...', () => {
    expect(parseShape(x, 'batch ...')).toEqual({ batch: 2 });
    expect(parseShape(x, '... w')).toEqual({ w: 7 });
    expect(parseShape(x, 'a b c d ...')).toEqual({ a: 2, b: 3, c: 5, d: 7 });
    expect(parseShape(x, '...')).toEqual({});
  });

  it('checks unit and numbered axes', () => {
    expect(parseShape(zeros([1, 4]), '1 n')).toEqual({ n: 4 });
    expect(parseShape(zeros([3, 4]), '3 n')).toEqual({ n: 4 });
    expect(() => parseShape(zeros([3, 4]), '1 n')).toThrow(
      /dimension 0 has length 3, but the pattern says 1/,
    );
    expect(() => parseShape(zeros([3, 4]), '2 n')).toThrow(
      /dimension 0 has length 3, but the pattern says 2/,
    );
  });

  it('feeds the lengths of another call (einops docstring)', () => {
    const y = zeros([700]);
    expect(rearrange(y, '(b c h w) -> b c h w', parseShape(x, 'b _ h w')).shape).toEqual([
      2, 10, 5, 7,
    ]);
  });

  it('refuses composed axes and rank mismatches', () => {
    expect(() => parseShape(x, 'b (c h) w')).toThrow(EinopsError);
    expect(() => parseShape(x, 'b (c h) w')).toThrow(
      /parseShape: pattern "b \(c h\) w" on shape \[2, 3, 5, 7\]: composed axes/,
    );
    expect(() => parseShape(x, 'a b c')).toThrow(/the pattern names 3 dimensions, the shape has 4/);
    expect(() => parseShape(x, 'a b c d e ...')).toThrow(
      /names at least 5 dimensions, the shape has 4/,
    );
    expect(() => parseShape(x, 'a a _ _')).toThrow(/contains the axis "a" twice/);
  });
});
