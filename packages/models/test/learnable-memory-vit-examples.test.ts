/** The `@example`s of src/learnable-memory-vit.ts, run as written. */
import { describe, expect, it } from 'vitest';
import { randn } from '@tensorgrad/autograd';
import {
  Adapter,
  Attention,
  FeedForward,
  Transformer,
  ViT,
  freezeAllLayers,
  setModuleRequiresGrad,
  unfreezeAllLayers,
} from '../src/learnable-memory-vit.js';

const options = {
  imageSize: 32,
  patchSize: 8,
  numClasses: 10,
  dim: 32,
  depth: 2,
  heads: 4,
  dimHead: 8,
  mlpDim: 64,
};

describe('src/learnable-memory-vit examples', () => {
  it('setModuleRequiresGrad, freezeAllLayers, unfreezeAllLayers', () => {
    const vit = new ViT(options);
    setModuleRequiresGrad(vit, false);
    expect(vit.parameters().every((p) => !p.requiresGrad)).toBe(true);
    unfreezeAllLayers(vit);
    expect(vit.parameters().every((p) => p.requiresGrad)).toBe(true);
    freezeAllLayers(vit);
    expect(vit.parameters().some((p) => p.requiresGrad)).toBe(false);
  });

  it('FeedForward', () => {
    expect(new FeedForward(32, 64).forward(randn([2, 17, 32])).shape).toEqual([2, 17, 32]);
  });

  it('Attention', () => {
    const attn = new Attention(32, { heads: 4, dimHead: 8 });
    expect(attn.forward(randn([2, 17, 32]), { memories: randn([3, 32]) }).shape).toEqual([
      2, 17, 32,
    ]);
  });

  it('Transformer', () => {
    const t = new Transformer(32, 2, 4, 8, 64);
    expect(t.forward(randn([2, 17, 32])).shape).toEqual([2, 17, 32]);
  });

  it('ViT', () => {
    const vit = new ViT(options);
    expect(vit.forward(randn([2, 3, 32, 32])).shape).toEqual([2, 10]);
  });

  it('Adapter', () => {
    const vit = new ViT(options);
    const adapter = new Adapter({ vit, numMemoriesPerLayer: 3, numClasses: 5 });
    expect(adapter.forward(randn([2, 3, 32, 32])).shape).toEqual([2, 5]);
    expect(adapter.vit.parameters().some((p) => p.requiresGrad)).toBe(false);
  });
});
