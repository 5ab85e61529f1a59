/**
 * Memformer pieces that the parity fixtures do not pin down on their own: the position bucket
 * function at every boundary, construction errors, finite masking, logit filters, sampling and
 * generation.
 */
import { describe, expect, it } from 'vitest';
import { Generator } from '@tensorgrad/autograd';
import { noGrad, randn, tensor, type Tensor } from '@tensorgrad/autograd';
import {
  Memformer,
  RelativePositionBias,
  memoryUpdateMask,
  relativePositionBucket,
  sampleCategorical,
  topK,
  topP,
  type MemformerOptions,
} from '../src/memformer.js';
import { Attention } from '../src/memformer/attention.js';

const SMALL: MemformerOptions = {
  dim: 16,
  numMemorySlots: 3,
  encNumTokens: 20,
  encDepth: 1,
  encHeads: 2,
  encMaxSeqLen: 8,
  decNumTokens: 20,
  decDepth: 1,
  decHeads: 2,
  decMaxSeqLen: 6,
  memUpdateAttnHeads: 2,
};

const ids = (rows: number[][]): Tensor => tensor(rows, { dtype: 'int32' });

describe('relativePositionBucket', () => {
  // Expected values computed with numpy in float32, as the reference does (torch.log on float32, .long()).
  const distances = [
    0, 1, 5, 15, 16, 17, 20, 31, 32, 33, 63, 64, 65, 75, 76, 77, 100, 127, 128, 129, 1000,
  ];
  const encoderPast = [
    0, 1, 5, 15, 16, 16, 17, 21, 21, 21, 26, 26, 26, 27, 27, 28, 30, 31, 31, 31, 31,
  ];
  const decoderPast = [
    0, 1, 5, 9, 10, 10, 10, 11, 12, 12, 13, 14, 14, 14, 14, 14, 15, 15, 15, 15, 15,
  ];
  const decoderFuture = [
    0, 17, 21, 25, 26, 26, 26, 27, 28, 28, 29, 30, 30, 30, 30, 30, 31, 31, 31, 31, 31,
  ];

  it('bins past keys of the encoder: exact below 16, logarithmic up to 31', () => {
    expect(distances.map((n) => relativePositionBucket(-n, false))).toEqual(encoderPast);
  });

  it('puts every future key of the encoder in bucket 0', () => {
    expect([1, 5, 100].map((n) => relativePositionBucket(n, false))).toEqual([0, 0, 0]);
  });

  it('uses 16 buckets per direction in the decoder, future keys offset by 16', () => {
    expect(distances.map((n) => relativePositionBucket(-n, true))).toEqual(decoderPast);
    expect(distances.map((n) => relativePositionBucket(n, true))).toEqual(decoderFuture);
  });

  it('looks the buckets up in a [buckets, heads] embedding, as [1, heads, q, k]', () => {
    const bias = new RelativePositionBias({ heads: 3 });
    const out = bias.forward(2, 20);
    expect(out.shape).toEqual([1, 3, 2, 20]);
    const weight = bias.relativeAttentionBias.weight.toArray() as number[][];
    const values = out.toArray() as number[][][][];
    // query 1, key 0: relative position -1 → bucket 1; query 0, key 19: a future key → bucket 0.
    expect(values[0]!.map((head) => head[1]![0])).toEqual(weight[1]);
    expect(values[0]!.map((head) => head[0]![19])).toEqual(weight[0]);
  });
});

describe('Memformer construction', () => {
  it('fails with the reason on invalid configurations', () => {
    expect(() => new Memformer({ ...SMALL, encHeads: 3 })).toThrow(
      /dim 16 must be divisible by encHeads 3/,
    );
    expect(() => new Memformer({ ...SMALL, memUpdateAttnHeads: 5 })).toThrow(/memUpdateAttnHeads/);
    expect(() => new Memformer({ ...SMALL, numMemorySlots: 0 })).toThrow(
      /numMemorySlots must be an integer >= 1, got 0/,
    );
    expect(() => new Memformer({ ...SMALL, dim: 2.5 })).toThrow(/dim must be an integer/);
    const withoutDecoderVocab: MemformerOptions = { ...SMALL };
    delete withoutDecoderVocab.decNumTokens;
    expect(() => new Memformer(withoutDecoderVocab)).toThrow(
      /decNumTokens must be an integer >= 1, got undefined/,
    );
  });

  it('builds no decoder when encoderOnly, whatever dec* options say', () => {
    const model = new Memformer({ ...SMALL, encoderOnly: true });
    expect(model.decoder).toBeNull();
    expect(Object.keys(model.stateDict()).some((k) => k.startsWith('decoder.'))).toBe(false);
  });
});

describe('Attention masking', () => {
  it('turns a fully masked query row into a uniform average of the values (finite fill, not NaN)', () => {
    const attn = new Attention(8, { heads: 2 });
    const x = randn([1, 3, 8]);
    const mask = tensor([
      [
        [true, false, true],
        [false, false, false],
        [true, true, true],
      ],
    ]);
    const out = noGrad(() => attn.forward(x, { mask }));
    const [, v] = attn.toKv.forward(x).chunk(2, -1) as [Tensor, Tensor];
    const expected = noGrad(() => attn.toOut.forward(v.mean(1)));
    const row = out.select(1, 1);
    expect(row.isnan().any().itemBool()).toBe(false);
    expect(row.sub(expected).abs().max().item()).toBeLessThan(1e-5);
  });
});

describe('Memformer forward', () => {
  it('returns encoder output, memory and decoder loss with the documented shapes', () => {
    const model = new Memformer(SMALL);
    const out = model.forward(ids([[1, 2, 3, 4, 5]]), { tgt: ids([[3, 4, 5, 6]]) });
    expect(out.encOut.shape).toEqual([1, 5, 16]);
    expect(out.mem.shape).toEqual([1, 3, 16]);
    expect(out.decOut?.shape).toEqual([]);
    expect(out.decOut!.item()).toBeGreaterThan(0);
  });

  it('rejects a memory of the wrong shape, naming the expected one', () => {
    const model = new Memformer(SMALL);
    expect(() => model.forward(ids([[1, 2, 3]]), { mems: randn([1, 4, 16]) })).toThrow(
      /mems has shape \[1, 4, 16\]; expected \[1, 3, dim\]/,
    );
  });

  it('returns a zero loss that requires grad when no target is given, and none when encoder-only', () => {
    const withDecoder = new Memformer(SMALL).forward(ids([[1, 2, 3]]));
    expect(withDecoder.decOut?.item()).toBe(0);
    expect(withDecoder.decOut?.requiresGrad).toBe(true);
    expect(
      new Memformer({ ...SMALL, encoderOnly: true }).forward(ids([[1, 2, 3]])).decOut,
    ).toBeUndefined();
  });

  it('builds the memory-update mask: identity among the slots, source mask on the encoder tokens', () => {
    const mask = memoryUpdateMask(
      2,
      3,
      2,
      tensor([
        [true, true],
        [true, false],
      ]),
    );
    const eye = [
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ];
    expect(mask.toArray()).toEqual([
      eye.map((r) => [...r, true, true]),
      eye.map((r) => [...r, true, false]),
    ]);
    expect(memoryUpdateMask(1, 2, 1).toArray()).toEqual([
      [
        [true, false, true],
        [false, true, true],
      ],
    ]);
  });

  it('updates each memory slot independently of the other slots, given the encoder output', () => {
    const model = new Memformer(SMALL);
    const enc = randn([1, 4, 16]);
    const mems = randn([1, 3, 16]);
    const moved = mems.add(tensor([1, 0, 0]).reshape([1, 3, 1]));
    const mask = memoryUpdateMask(1, 3, 4);
    const a = noGrad(() =>
      model.memUpdater.forward(mems, { context: enc, mask, attendSelf: true }),
    );
    const b = noGrad(() =>
      model.memUpdater.forward(moved, { context: enc, mask, attendSelf: true }),
    );
    const change = a.sub(b).abs().max(-1).toArray() as number[][];
    expect(change[0]![0]).toBeGreaterThan(1e-4);
    expect(change[0]![1]).toBe(0);
    expect(change[0]![2]).toBe(0);
  });
});

describe('logit filters', () => {
  it('topK keeps trunc((1 - thres) * numTokens) logits, with Python float arithmetic', () => {
    const logits = randn([2, 50]);
    const filtered = topK(logits, 0.9);
    // (1 - 0.9) * 50 = 4.999999999999999 → k = 4
    expect(filtered.isfinite().sum(-1).toArray()).toEqual([4, 4]);
    const kept = filtered.max(-1).toArray();
    expect(kept).toEqual(logits.max(-1).toArray());
    expect(() => topK(logits, 0.99)).toThrow(/keeps no token/);
  });

  it('topK on a small example', () => {
    expect(topK(tensor([[1, 3, 2, 0]]), 0.5).toArray()).toEqual([[-Infinity, 3, 2, -Infinity]]);
  });

  it('topP drops a token once the mass before it exceeds 1 - thres, keeping the top token', () => {
    // softmax([3, 2, 1, 0]) ≈ [0.644, 0.237, 0.087, 0.032]
    expect(topP(tensor([[3, 2, 1, 0]]), 0.5).toArray()).toEqual([
      [3, -Infinity, -Infinity, -Infinity],
    ]);
    // 1 - thres = 0.9: mass before token 3 is 0.968 > 0.9 → dropped; before token 2 is 0.881 → kept.
    expect(topP(tensor([[0, 1, 3, 2]]), 0.1).toArray()).toEqual([[-Infinity, 1, 3, 2]]);
    // thres so high that even the top token's mass exceeds 1 - thres: the top token survives.
    expect(topP(tensor([[0, 5, 1]]), 0.999).toArray()).toEqual([[-Infinity, 5, -Infinity]]);
  });
});

describe('sampleCategorical', () => {
  it('never draws a token of probability 0 and follows the probabilities', () => {
    const probs = tensor([[0, 0.2, 0, 0.8, 0]]).expand([4000, 5]);
    const draws = sampleCategorical(probs, new Generator(1)).data();
    const counts = [0, 0, 0, 0, 0];
    for (const d of draws) counts[d as number]! += 1;
    expect(counts[0]! + counts[2]! + counts[4]!).toBe(0);
    expect(Math.abs(counts[1]! / 4000 - 0.2)).toBeLessThan(0.03);
  });

  it('is reproducible from a seed', () => {
    const probs = tensor([[0.1, 0.2, 0.3, 0.4]]).expand([50, 4]);
    const a = sampleCategorical(probs, new Generator(7)).toArray();
    const b = sampleCategorical(probs, new Generator(7)).toArray();
    const c = sampleCategorical(probs, new Generator(8)).toArray();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('Memformer.generate', () => {
  const model = new Memformer(SMALL);
  const src = ids([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]);
  const start = ids([[1], [2]]);

  it('produces the requested number of tokens, beyond decMaxSeqLen, from the vocabulary', () => {
    const out = model.generate(src, start, 10, { generator: new Generator(0), filterThres: 0.5 });
    expect(out.shape).toEqual([2, 10]);
    expect(out.dtype).toBe('int32');
    const values = (out.toArray() as number[][]).flat();
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v < 20)).toBe(true);
  });

  it('is reproducible from a seed, with top-k or top-p and a temperature', () => {
    for (const filterLogitsFn of [topK, topP]) {
      const run = (seed: number) =>
        model
          .generate(src, start, 8, {
            generator: new Generator(seed),
            filterLogitsFn,
            filterThres: 0.2,
            temperature: 1.5,
          })
          .toArray();
      expect(run(3)).toEqual(run(3));
      expect(run(3)).not.toEqual(run(4));
    }
  });

  it('samples only tokens the filter keeps', () => {
    // With thres 0.95 top-k keeps trunc(0.05 * 20) = 1 token: generation is greedy.
    const sampled = model.generate(src, start, 4, {
      generator: new Generator(0),
      filterThres: 0.95,
    });
    const greedy = model.generate(src, start, 4, {
      generator: new Generator(99),
      filterThres: 0.95,
    });
    expect(sampled.toArray()).toEqual(greedy.toArray());
  });

  it('accepts a 1-D prompt and stops early at eosToken', () => {
    const biased = new Memformer(SMALL);
    // Make token 7 overwhelmingly likely, so that the first sample of every row is the eos token.
    const toLogits = biased.decoder!.net.toLogits as unknown as { bias: Tensor };
    toLogits.bias.assign(tensor(Array.from({ length: 20 }, (_, i) => (i === 7 ? 1e4 : 0))).value);
    const out = biased.generate(ids([[1, 2, 3]]), tensor([1, 2], { dtype: 'int32' }), 10, {
      eosToken: 7,
      generator: new Generator(0),
    });
    expect(out.shape).toEqual([1]);
    expect(out.toArray()).toEqual([7]);
  });

  it('rejects a non-positive temperature and an encoder-only model', () => {
    expect(() => model.generate(src, start, 3, { temperature: 0 })).toThrow(
      /temperature must be > 0/,
    );
    expect(() => new Memformer({ ...SMALL, encoderOnly: true }).generate(src, start, 3)).toThrow(
      /no decoder/,
    );
  });
});
