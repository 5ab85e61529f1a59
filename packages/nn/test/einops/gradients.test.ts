import { describe, expect, it } from 'vitest';
import { gradcheck, type Tensor } from '@tensorgrad/autograd';
import { einsum, pack, rearrange, reduce, repeat, unpack } from '../../src/einops/index.js';
import { randomTensor } from './helpers.js';

/** Asserts that backward agrees with float64 central differences (autograd's gradcheck). */
function expectGradientsMatch(fn: (...inputs: Tensor[]) => Tensor, shapes: number[][]): void {
  const inputs = shapes.map((shape, i) => randomTensor(shape, 31 + i).requiresGrad_());
  const report = gradcheck(fn, inputs);
  expect(report.checked).toBeGreaterThan(0);
  expect(report.ok, report.message).toBe(true);
}

describe('einops gradients (gradcheck, float64)', () => {
  it('rearrange: split, permute and merge', () => {
    expectGradientsMatch((x) => rearrange(x, 'b (h w) c -> c (w b) h', { h: 2 }), [[2, 6, 3]]);
  });

  it('rearrange: a list of tensors (stacked)', () => {
    expectGradientsMatch(
      (a, b) => rearrange([a!, b!], 'n b c -> b (c n)'),
      [
        [2, 3],
        [2, 3],
      ],
    );
  });

  it('repeat: expanded axes sum their gradients back', () => {
    expectGradientsMatch((x) => repeat(x, 'h w -> (h r) w c', { r: 2, c: 3 }), [[2, 3]]);
  });

  for (const reduction of ['sum', 'mean', 'max', 'min', 'prod'] as const) {
    it(`reduce: ${reduction}`, () => {
      expectGradientsMatch(
        (x) => reduce(x, 'b (h h2) (w w2) -> w b h', reduction, { h2: 2, w2: 2 }),
        [[2, 4, 4]],
      );
    });
  }

  it('einsum: batched contraction', () => {
    expectGradientsMatch(
      (q, k) => einsum(q, k, 'b i d, b j d -> b j i'),
      [
        [2, 3, 4],
        [2, 5, 4],
      ],
    );
  });

  it('einsum: trace and diagonal (strided slices)', () => {
    expectGradientsMatch((x) => einsum(x, 'i i ->'), [[4, 4]]);
    expectGradientsMatch((x) => einsum(x, 'i ... i -> i ...'), [[3, 2, 3]]);
  });

  it('einsum: three operands with broadcasting and an ellipsis', () => {
    expectGradientsMatch(
      (a, b, c) => einsum(a, b, c, '... i j, j k, ... k -> ... i'),
      [
        [2, 3, 4],
        [4, 5],
        [1, 5],
      ],
    );
  });

  it('pack and unpack', () => {
    expectGradientsMatch(
      (a, b) => {
        const [packed, ps] = pack([a!, b!], 'b *');
        const [first, second] = unpack(packed.mul(packed), ps, 'b *');
        return first!.sum().add(second!.mul(3).sum());
      },
      [
        [2, 3],
        [2, 2, 2],
      ],
    );
  });
});
