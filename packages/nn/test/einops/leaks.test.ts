import { describe, expect, it } from 'vitest';
import { memory, tidy } from '@tensorgrad/autograd';
import { einsum, pack, rearrange, reduce, repeat, unpack } from '../../src/einops/index.js';
import { randomTensor } from './helpers.js';

describe('einops frees its intermediates', () => {
  it('leaves only the result alive after tidy', () => {
    const x = randomTensor([2, 6, 4]);
    const y = randomTensor([4, 3]);
    const z = randomTensor([5, 4]);
    const before = memory();
    const results = tidy(() => [
      rearrange(x, 'b (h w) c -> c (w b) h', { h: 3 }),
      reduce(x, 'b (h 2) c -> c h', 'max'),
      repeat(x, 'b n c -> (b r) n c', { r: 2 }),
      einsum(x, y, 'b n c, c d -> d b'),
      einsum(einsum(x, x, 'b n c, b m c -> b n m'), 'b n n -> b'),
      ...unpack(pack([x, z], '* c')[0], [[2, 6], [5]], '* c'),
    ]);
    expect(memory().tensors).toBe(before.tensors + results.length);
    for (const r of results) r.dispose();
    expect(memory().tensors).toBe(before.tensors);
    expect(memory().buffers).toBe(before.buffers);
  });
});
