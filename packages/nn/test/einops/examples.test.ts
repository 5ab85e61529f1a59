/** The `@example`s of src/einops, run as written (on autograd tensors, as nn uses them). */
import { describe, expect, it } from 'vitest';
import { eye, zeros } from '@tensorgrad/autograd';
import {
  EinMix,
  einsum,
  EinopsError,
  pack,
  parseShape,
  rearrange,
  Rearrange,
  reduce,
  Reduce,
  repeat,
  Repeat,
  unpack,
} from '../../src/einops/index.js';
import { axisNameProblem, parseExpression } from '../../src/einops/parse.js';
import { applyPattern } from '../../src/einops/apply.js';
import { concat, stackLeading } from '../../src/einops/concat.js';
import { recipeCacheSize } from '../../src/einops/recipe.js';
import { randomTensor } from './helpers.js';

describe('src/einops examples', () => {
  it('EinopsError', () => {
    const x = zeros([2, 3]);
    let caught: unknown;
    try {
      rearrange(x, 'a b -> a');
    } catch (e) {
      caught = e;
    }
    expect(caught instanceof EinopsError).toBe(true);
  });

  it('rearrange', () => {
    const x = zeros([2, 12, 3]);
    expect(rearrange(x, 'b (h w) c -> b h w c', { h: 4 }).shape).toEqual([2, 4, 3, 3]);
    expect(rearrange(x, 'b n c -> (b n) c').shape).toEqual([24, 3]);
    expect(rearrange(x, 'b ... -> ... b').shape).toEqual([12, 3, 2]);
  });

  it('reduce', () => {
    const images = zeros([8, 3, 32, 32]);
    expect(reduce(images, 'b c h w -> b c', 'mean').shape).toEqual([8, 3]);
    expect(reduce(images, 'b c (h h2) (w w2) -> b c h w', 'max', { h2: 2, w2: 2 }).shape).toEqual([
      8, 3, 16, 16,
    ]);
  });

  it('repeat', () => {
    const image = zeros([30, 40]);
    expect(repeat(image, 'h w -> h w c', { c: 3 }).shape).toEqual([30, 40, 3]);
    expect(repeat(image, 'h w -> (h h2) (w w2)', { h2: 2, w2: 2 }).shape).toEqual([60, 80]);
    expect(repeat(image, 'h w -> 2 h w').shape).toEqual([2, 30, 40]);
  });

  it('einsum', () => {
    const q = zeros([2, 4, 8]);
    const k = zeros([2, 5, 8]);
    expect(einsum(q, k, 'b i d, b j d -> b i j').shape).toEqual([2, 4, 5]);
    expect(einsum(eye(3), 'i i ->').item()).toBe(3);
  });

  it('parseShape', () => {
    expect(parseShape(zeros([2, 3, 5, 7]), 'batch _ h w')).toEqual({ batch: 2, h: 5, w: 7 });
    expect(parseShape(zeros([2, 3, 5, 7]), 'batch ...')).toEqual({ batch: 2 });
  });

  it('pack and unpack', () => {
    const [packed, ps] = pack([zeros([2, 5]), zeros([2, 3, 4])], 'b *');
    expect(packed.shape).toEqual([2, 17]);
    expect(ps).toEqual([[5], [3, 4]]);
    expect(unpack(packed, ps, 'b *').map((t) => t.shape)).toEqual([
      [2, 5],
      [2, 3, 4],
    ]);
  });

  it('Rearrange, Reduce, Repeat', () => {
    const images = zeros([2, 3, 32, 32]);
    const toPatches = new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: 4, p2: 4 });
    expect(toPatches.forward(images).shape).toEqual([2, 64, 48]);
    const pool = new Reduce('b c (h 2) (w 2) -> b c h w', 'max');
    expect(pool.forward(images).shape).toEqual([2, 3, 16, 16]);
    expect(new Repeat('b n -> b n c', { c: 3 }).forward(zeros([2, 5])).shape).toEqual([2, 5, 3]);
  });

  it('EinMix', () => {
    const mix = new EinMix(
      'b t c_in -> b t c_out',
      'c_in c_out',
      { c_in: 4, c_out: 6 },
      { biasShape: 'c_out' },
    );
    const x = randomTensor([2, 5, 4]).cast('float32');
    expect(mix.forward(x).shape).toEqual([2, 5, 6]);
    expect(mix.weight.shape).toEqual([4, 6]);
  });

  it('internal helpers', () => {
    expect(applyPattern(zeros([2, 3]), 'a b -> b a', 'rearrange', {}).shape).toEqual([3, 2]);
    expect(concat([zeros([2, 3]), zeros([2, 1])], 1).shape).toEqual([2, 4]);
    expect(stackLeading([zeros([2]), zeros([2])]).shape).toEqual([2, 2]);
    expect(recipeCacheSize()).toBeLessThanOrEqual(256);
  });

  it('parse helpers', () => {
    expect(parseExpression('b (h w) c').composition).toEqual([['b'], ['h', 'w'], ['c']]);
    expect(axisNameProblem('h_')).toBe('an axis name must not start or end with an underscore');
  });
});
