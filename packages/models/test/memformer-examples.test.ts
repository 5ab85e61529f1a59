/** The `@example`s of src/memformer.ts and src/memformer/, run as written. */
import { describe, expect, it } from 'vitest';
import { Generator } from '@tensorgrad/tensor';
import { randn, tensor, type Tensor } from '@tensorgrad/autograd';
import { AdamW } from '@tensorgrad/nn';
import {
  Attention,
  AutoregressiveWrapper,
  Decoder,
  Encoder,
  FeedForward,
  Memformer,
  PreNorm,
  RelativePositionBias,
  Residual,
  TransformerWrapper,
  maxNegValue,
  memoryReplayBackprop,
  memoryUpdateMask,
  relativePositionBucket,
  sampleCategorical,
  topK,
  topP,
} from '../src/memformer.js';
import { memformerDriver } from '../src/parity/drivers/memformer.js';

const int32 = (values: number[][]): Tensor => tensor(values, { dtype: 'int32' });

describe('src/memformer examples', () => {
  it('relativePositionBucket', () => {
    expect(relativePositionBucket(-20, false)).toBe(17);
    expect(relativePositionBucket(5, false)).toBe(0);
    expect(relativePositionBucket(-32, true)).toBe(12);
    expect(relativePositionBucket(32, true)).toBe(28);
  });

  it('RelativePositionBias', () => {
    const bias = new RelativePositionBias({ heads: 4 });
    expect(bias.forward(6, 6).shape).toEqual([1, 4, 6, 6]);
  });

  it('maxNegValue', () => {
    expect(maxNegValue('float32')).toBe(-3.4028234663852886e38);
    expect(Math.fround(maxNegValue('float32'))).toBe(maxNegValue('float32'));
  });

  it('Residual, PreNorm, FeedForward', () => {
    expect(
      new Residual(new PreNorm(32, new FeedForward(32))).forward(randn([2, 5, 32])).shape,
    ).toEqual([2, 5, 32]);
    expect(new PreNorm(32, new FeedForward(32)).forward(randn([2, 5, 32])).shape).toEqual([
      2, 5, 32,
    ]);
    expect(new FeedForward(32).forward(randn([2, 5, 32])).shape).toEqual([2, 5, 32]);
  });

  it('Attention', () => {
    const attn = new Attention(32, { heads: 4 });
    expect(attn.forward(randn([2, 5, 32]), { context: randn([2, 3, 32]) }).shape).toEqual([
      2, 5, 32,
    ]);
  });

  it('Encoder, Decoder, TransformerWrapper', () => {
    const enc = new Encoder(32, 2, 4);
    expect(enc.forward(randn([2, 6, 32]), { context: randn([2, 4, 32]) }).shape).toEqual([
      2, 6, 32,
    ]);
    const dec = new Decoder(32, 2, 4);
    expect(dec.forward(randn([2, 5, 32]), { context: randn([2, 6, 32]) }).shape).toEqual([
      2, 5, 32,
    ]);
    const net = new TransformerWrapper({
      numTokens: 50,
      maxSeqLen: 16,
      dim: 32,
      layerBlocks: new Decoder(32, 1, 4),
    });
    expect(
      net.forward(tensor([[1, 2, 3]], { dtype: 'int32' }), { context: randn([1, 4, 32]) }).shape,
    ).toEqual([1, 3, 50]);
  });

  it('AutoregressiveWrapper', () => {
    const net = new TransformerWrapper({
      numTokens: 50,
      maxSeqLen: 16,
      dim: 32,
      layerBlocks: new Decoder(32, 1, 4),
    });
    const wrapper = new AutoregressiveWrapper(net);
    const tokens = wrapper.generate(tensor([[1]], { dtype: 'int32' }), 5, {
      context: randn([1, 4, 32]),
    });
    expect(tokens.shape).toEqual([1, 5]);
  });

  it('topK, topP, sampleCategorical', () => {
    expect(topK(tensor([[1, 3, 2, 0]]), 0.5).toArray()).toEqual([[-Infinity, 3, 2, -Infinity]]);
    expect(topP(tensor([[3, 2, 1, 0]]), 0.5).toArray()).toEqual([
      [3, -Infinity, -Infinity, -Infinity],
    ]);
    expect(sampleCategorical(tensor([[0, 1, 0]]), new Generator(0)).toArray()).toEqual([[1]]);
  });

  it('memoryUpdateMask', () => {
    expect(memoryUpdateMask(1, 2, 2, tensor([[true, false]])).toArray()).toEqual([
      [
        [true, false, true, false],
        [false, true, true, false],
      ],
    ]);
  });

  it('Memformer, Memformer.generate', () => {
    const model = new Memformer({
      dim: 32,
      numMemorySlots: 4,
      encNumTokens: 50,
      encDepth: 1,
      encHeads: 4,
      encMaxSeqLen: 16,
      decNumTokens: 50,
      decDepth: 1,
      decHeads: 4,
      decMaxSeqLen: 16,
    });
    const src = tensor([[1, 2, 3, 4]], { dtype: 'int32' });
    const tgt = tensor([[5, 6, 7]], { dtype: 'int32' });
    const seg1 = model.forward(src, { tgt });
    const seg2 = model.forward(src, { tgt, mems: seg1.mem });
    expect(seg2.mem.shape).toEqual([1, 4, 32]);

    const out = model.generate(src, tensor([[1]], { dtype: 'int32' }), 8, {
      temperature: 0.8,
      generator: new Generator(0),
    });
    expect(out.shape).toEqual([1, 8]);
  });

  it('memoryReplayBackprop', () => {
    const model = new Memformer({
      dim: 16,
      numMemorySlots: 2,
      encNumTokens: 10,
      encDepth: 1,
      encHeads: 2,
      encMaxSeqLen: 4,
      decNumTokens: 10,
      decDepth: 1,
      decHeads: 2,
      decMaxSeqLen: 4,
      memUpdateAttnHeads: 2,
    });
    const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });
    const [s1, s2, s3] = [int32([[1, 2, 3, 4]]), int32([[5, 6, 7, 8]]), int32([[9, 1, 2, 3]])];
    const [t1, t2, t3] = [int32([[1, 2, 3]]), int32([[4, 5, 6]]), int32([[7, 8, 9]])];
    model.zeroGrad();
    const loss = memoryReplayBackprop(model, [
      { src: s1, tgt: t1 },
      { src: s2, tgt: t2 },
      { src: s3, tgt: t3 },
    ]);
    optimizer.step();
    expect(loss).toBeGreaterThan(0);
    expect(model.memorySlots.grad).not.toBeNull();
  });

  it('memformerDriver', () => {
    const model = memformerDriver.build({
      dim: 8,
      numMemorySlots: 2,
      encoderOnly: true,
      encNumTokens: 5,
      encDepth: 1,
      encHeads: 2,
      encMaxSeqLen: 4,
    });
    expect(model.training).toBe(false);
    expect(Object.keys(model.stateDict())[0]).toBe('memory_slots');
  });
});
