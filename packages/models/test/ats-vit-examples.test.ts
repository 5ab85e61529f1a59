/** The `@example`s of src/ats-vit.ts, run as written. */
import { describe, expect, it } from 'vitest';
import { ones, randn, tensor } from '@tensorgrad/autograd';
import { Generator } from '@tensorgrad/tensor';
import {
  AdaptiveTokenSampling,
  Attention,
  FeedForward,
  Transformer,
  ViT,
  batchedIndexSelect,
  sampleGumbel,
} from '../src/ats-vit.js';

describe('src/ats-vit examples', () => {
  it('sampleGumbel', () => {
    expect(sampleGumbel([2, 8, 16], { generator: new Generator(0) }).shape).toEqual([2, 8, 16]);
  });

  it('batchedIndexSelect', () => {
    const indices = tensor(
      [
        [0, 4],
        [1, 1],
      ],
      { dtype: 'int32' },
    );
    expect(batchedIndexSelect(randn([2, 5, 3]), indices, 1).shape).toEqual([2, 2, 3]);
  });

  it('AdaptiveTokenSampling', () => {
    const ats = new AdaptiveTokenSampling(8);
    const attn = randn([2, 4, 17, 17]).softmax(-1);
    const v = randn([2, 4, 17, 8]);
    const [newAttn, newMask, ids] = ats.forward(attn, v, ones([2, 17], { dtype: 'bool' }));
    const kept = ids.shape[1]! - 1;
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThanOrEqual(8);
    expect(ids.shape[0]).toBe(2);
    expect(newMask.shape).toEqual(ids.shape);
    expect(newAttn.shape).toEqual([2, 4, 1 + kept, 17]);
  });

  it('FeedForward', () => {
    expect(new FeedForward(32, 64).forward(randn([2, 65, 32])).shape).toEqual([2, 65, 32]);
  });

  it('Attention', () => {
    const attn = new Attention(32, { heads: 4, dimHead: 8, outputNumTokens: 16 });
    const [out, mask, ids] = attn.forward(randn([2, 65, 32]), {
      mask: ones([2, 65], { dtype: 'bool' }),
    });
    const kept = out.shape[1]! - 1;
    expect(kept).toBeLessThanOrEqual(16);
    expect(out.shape).toEqual([2, 1 + kept, 32]);
    expect(mask?.shape).toEqual([2, 1 + kept]);
    expect(ids?.shape).toEqual([2, 1 + kept]);
  });

  it('Transformer', () => {
    const t = new Transformer(32, 2, [32, 8], 4, 8, 64);
    const [x, tokenIds] = t.forward(randn([2, 65, 32]));
    expect(x.shape[0]).toBe(2);
    expect(x.shape[1]).toBeLessThanOrEqual(9);
    expect(x.shape[2]).toBe(32);
    expect(tokenIds.shape).toEqual(x.shape.slice(0, 2));
  });

  it('ViT', () => {
    const vit = new ViT({
      imageSize: 32,
      patchSize: 4,
      numClasses: 10,
      dim: 32,
      depth: 3,
      maxTokensPerDepth: [32, 16, 8],
      heads: 4,
      dimHead: 8,
      mlpDim: 64,
    });
    const [logits, tokenIds] = vit.forward(randn([2, 3, 32, 32]), { returnSampledTokenIds: true });
    expect(logits.shape).toEqual([2, 10]);
    expect(tokenIds.shape[1]).toBeLessThanOrEqual(8);
    expect((tokenIds.toArray() as number[][]).flat().every((id) => id >= -1 && id < 64)).toBe(true);
  });
});
