import { describe, expect, it } from 'vitest';
import { gradcheck, type Tensor } from '@tensorgrad/autograd';
import { Generator } from '@tensorgrad/autograd';
import { Sequential } from '../../src/layers/index.js';
import { functionalCall } from '../../src/module/index.js';
import {
  EinMix,
  EinopsError,
  Rearrange,
  Reduce,
  Repeat,
  einsum,
  rearrange,
} from '../../src/einops/index.js';
import { expectClose, randomTensor } from './helpers.js';

describe('Rearrange, Reduce and Repeat layers', () => {
  const images = randomTensor([2, 3, 8, 8]);

  it('apply their pattern and hold no parameters', () => {
    const toPatches = new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: 4, p2: 4 });
    expect(toPatches.forward(images).shape).toEqual([2, 4, 48]);
    expect(toPatches.parameters()).toEqual([]);
    expect(Object.keys(toPatches.stateDict())).toEqual([]);
    expect(new Reduce('b c (h 2) (w 2) -> b c h w', 'max').forward(images).shape).toEqual([
      2, 3, 4, 4,
    ]);
    expect(new Reduce('b c h w -> b c', 'mean').forward(images).shape).toEqual([2, 3]);
    expect(new Repeat('b c h w -> b c h w r', { r: 2 }).forward(images).shape).toEqual([
      2, 3, 8, 8, 2,
    ]);
  });

  it('compose inside Sequential', () => {
    const net = new Sequential(
      new Rearrange('b c h w -> b h w c'),
      new Reduce('b h w c -> b c', 'sum'),
    );
    expectClose(net.forward(images), images.sum([2, 3]));
  });

  it('check the pattern when built, naming the layer', () => {
    expect(() => new Rearrange('b c -> b d')).toThrow(EinopsError);
    expect(() => new Rearrange('b c -> b d')).toThrow(
      /Rearrange\("b c -> b d"\): rearrange needs every axis on both sides/,
    );
    expect(() => new Reduce('b c -> b d', 'sum')).toThrow(
      /Reduce\("b c -> b d"\): reduce cannot create axes/,
    );
    expect(() => new Repeat('b -> b c')).toThrow(
      /Repeat\("b -> b c"\): give the length of each new axis: c/,
    );
    expect(() => new Rearrange('b (c d) -> b c d')).toThrow(/cannot infer the lengths of c and d/);
    expect(() => new Rearrange('b ... -> ... b')).not.toThrow();
  });
});

/** einops' EinMix layer cases: constructor arguments, input shape, output shape. */
const EINMIX_CASES: [
  string,
  string,
  Record<string, number>,
  string | undefined,
  number[],
  number[],
][] = [
  [
    'b c_in h w -> w c_out h b',
    'c_in c_out',
    { c_out: 13, c_in: 12 },
    undefined,
    [2, 12, 3, 4],
    [4, 13, 3, 2],
  ],
  [
    'b c_in h w -> w c_out h b',
    'c_in c_out',
    { c_out: 13, c_in: 12 },
    'c_out',
    [2, 12, 3, 4],
    [4, 13, 3, 2],
  ],
  ['b c_in h w -> w c_in h b', '', { c_in: 12 }, undefined, [2, 12, 3, 4], [4, 12, 3, 2]],
  [
    'b c_in h w -> b c_out',
    'c_in h w c_out',
    { c_in: 12, h: 3, w: 4, c_out: 5 },
    undefined,
    [2, 12, 3, 4],
    [2, 5],
  ],
  [
    'b t head c_in -> b t head c_out',
    'head c_in c_out',
    { head: 4, c_in: 5, c_out: 6 },
    undefined,
    [2, 3, 4, 5],
    [2, 3, 4, 6],
  ],
  // Compositions and an ellipsis around the einsum.
  [
    'b (h w) c -> b (w h) c_out',
    'c c_out',
    { h: 2, c: 3, c_out: 4 },
    'c_out',
    [2, 6, 3],
    [2, 6, 4],
  ],
  ['... c -> ... c_out', 'c c_out', { c: 3, c_out: 2 }, 'c_out', [2, 4, 3], [2, 4, 2]],
];

describe('EinMix', () => {
  it.each(EINMIX_CASES)(
    '%s with weight "%s"',
    (pattern, weightShape, lengths, biasShape, inShape, outShape) => {
      const mix = new EinMix(pattern, weightShape, lengths, {
        biasShape,
        dtype: 'float64',
        generator: new Generator(0),
      });
      const x = randomTensor(inShape);
      expect(mix.forward(x).shape).toEqual(outShape);
      expect(Object.keys(mix.stateDict())).toEqual(
        biasShape === undefined ? ['weight'] : ['weight', 'bias'],
      );
    },
  );

  it('computes the einsum plus bias, and initialises within einops bounds', () => {
    const mix = new EinMix(
      'b t c_in -> b t c_out',
      'c_in c_out',
      { c_in: 4, c_out: 6 },
      { biasShape: 'c_out', dtype: 'float64' },
    );
    expect(mix.weight.shape).toEqual([4, 6]);
    expect(mix.bias!.shape).toEqual([1, 1, 6]);
    expect(mix.einsumPattern).toBe('b t c_in, c_in c_out -> b t c_out');
    const weights = Array.from(mix.weight.data());
    expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(3 / 4));
    const x = randomTensor([2, 5, 4]);
    const expected = x.matmul(mix.weight).add(mix.bias!);
    expectClose(mix.forward(x), expected);
  });

  it('matches the einsum it describes, and passes gradcheck for input, weight and bias', () => {
    const mix = new EinMix(
      'b (h w) c -> b (w h) c_out',
      'c c_out',
      { h: 2, c: 3, c_out: 2 },
      { biasShape: 'c_out', dtype: 'float64' },
    );
    const byHand = (x: Tensor): Tensor =>
      rearrange(
        einsum(
          rearrange(x, 'b (h w) c -> b h w c', { h: 2 }),
          mix.weight,
          'b h w c, c c_out -> b w h c_out',
        ).add(mix.bias!),
        'b w h c_out -> b (w h) c_out',
      );
    const x = randomTensor([2, 4, 3]);
    expectClose(mix.forward(x), byHand(x));
    const report = gradcheck(
      (input, weight, bias) =>
        functionalCall(mix, { weight: weight!, bias: bias! }, () => mix.forward(input!)),
      [x, mix.weight, mix.bias!].map((t) => t.detach().requiresGrad_()),
    );
    expect(report.ok, report.message).toBe(true);
  });

  it('refuses bad specifications with informative errors', () => {
    const fails = (run: () => unknown, message: RegExp) => {
      expect(run).toThrow(EinopsError);
      expect(run).toThrow(message);
    };
    fails(
      () => new EinMix('b c -> b d', 'c', { c: 2 }),
      /output axes d are in neither the input nor the weight/,
    );
    fails(() => new EinMix('b c -> b d', 'c d', { c: 2 }), /give the lengths of the weight axes d/);
    fails(
      () => new EinMix('b c -> b d', 'c d', { c: 2, d: 3, e: 4 }),
      /axis lengths given for e, which the pattern does not use/,
    );
    fails(
      () => new EinMix('b c -> b d', 'c d e', { c: 2, d: 3, e: 4 }),
      /weight axes e are in neither the input nor the output/,
    );
    fails(
      () => new EinMix('b c -> b d', '(c d)', { c: 2, d: 3 }),
      /parentheses are not allowed in the weight shape/,
    );
    fails(
      () => new EinMix('b c -> b d', 'c ... d', { c: 2, d: 3 }),
      /"\.\.\." is not allowed in the weight shape/,
    );
    fails(
      () => new EinMix('... c -> d', 'c d', { c: 2, d: 3 }),
      /"\.\.\." must appear on both sides/,
    );
    fails(() => new EinMix('b c 2 -> b d', 'c d', { c: 2, d: 3 }), /numbered axes are not allowed/);
    fails(
      () => new EinMix('b c -> b d', 'c d', { c: 2, d: 3 }, { biasShape: 'c' }),
      /bias axes c are not in the output/,
    );
  });
});
