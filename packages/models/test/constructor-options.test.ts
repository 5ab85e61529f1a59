/**
 * Constructors refuse options they do not know, naming the closest valid one; ATS-ViT explains
 * its required `maxTokensPerDepth`; Memformer accepts what the PyTorch original accepts (a
 * target of length 1, depth 0), with the original's results.
 */
import { describe, expect, it } from 'vitest';
import { randn, tensor } from '@tensorgrad/autograd';
import { Conv2d, Dropout, Embedding, GRUCell, LayerNorm, Linear } from '@tensorgrad/nn';
import {
  ATSViT,
  Adapter,
  CrossViT,
  LearnableMemoryViT,
  Memformer,
  ScalableViT,
  memformer,
  type MemformerOptions,
} from '@tensorgrad/models';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const ats = {
  imageSize: 8,
  patchSize: 4,
  numClasses: 3,
  dim: 8,
  depth: 2,
  maxTokensPerDepth: [2, 1],
  heads: 2,
  mlpDim: 16,
};

const vit = {
  imageSize: 8,
  patchSize: 4,
  numClasses: 3,
  dim: 8,
  depth: 1,
  heads: 2,
  dimHead: 4,
  mlpDim: 16,
};

const SMALL: MemformerOptions = {
  dim: 8,
  numMemorySlots: 4,
  memUpdateAttnHeads: 2,
  encNumTokens: 20,
  encDepth: 1,
  encHeads: 2,
  encMaxSeqLen: 8,
  decNumTokens: 20,
  decDepth: 1,
  decHeads: 2,
  decMaxSeqLen: 8,
};

describe('unknown options name the closest valid one', () => {
  it('models', () => {
    expect(message(() => new ATSViT({ ...ats, dimHeads: 4 } as never))).toBe(
      'ViT: unknown option `dimHeads`; did you mean `dimHead`?',
    );
    expect(message(() => new LearnableMemoryViT({ ...vit, emb_dropout: 0.1 } as never))).toBe(
      'ViT: unknown option `emb_dropout`; did you mean `embDropout`?',
    );
    const backbone = new LearnableMemoryViT(vit);
    expect(message(() => new Adapter({ vit: backbone, numMemories: 3 } as never))).toBe(
      'Adapter: unknown option `numMemories`; did you mean `numMemoriesPerLayer`?',
    );
    expect(
      message(
        () =>
          new CrossViT({
            imageSize: 32,
            numClasses: 2,
            smDim: 8,
            lgDim: 8,
            smPatchSzie: 8,
          } as never),
      ),
    ).toBe('CrossViT: unknown option `smPatchSzie`; did you mean `smPatchSize`?');
    expect(
      message(
        () =>
          new ScalableViT({
            numClasses: 2,
            dim: 8,
            depth: [1],
            heads: 2,
            reductionFactor: 1,
            windowsize: 2,
          } as never),
      ),
    ).toBe('ScalableViT: unknown option `windowsize`; did you mean `windowSize`?');
    expect(message(() => new Memformer({ ...SMALL, enc_depth: 1 } as never))).toBe(
      'Memformer: unknown option `enc_depth`; did you mean `encDepth`?',
    );
    // sub-blocks built directly
    expect(message(() => new memformer.Attention(8, { head: 2 } as never))).toBe(
      'Attention: unknown option `head`; did you mean `heads`?',
    );
    expect(message(() => new memformer.RelativePositionBias({ buckets: 8 } as never))).toBe(
      'RelativePositionBias: unknown option `buckets`; did you mean `numBuckets`?',
    );
  });

  it('several unknown options, or none close, list what the constructor takes', () => {
    expect(message(() => new Memformer({ ...SMALL, colour: 1, enc_heads: 2 } as never))).toBe(
      'Memformer: unknown options `colour`, `enc_heads` (did you mean `encHeads`?); expected one of dim, numMemorySlots, ' +
        'numMemUpdates, encoderOnly, memUpdateAttnHeads, encNumTokens, encMaxSeqLen, encDepth, encHeads, decNumTokens, ' +
        'decMaxSeqLen, decDepth, decHeads',
    );
  });

  it('nn layers', () => {
    expect(message(() => new Linear(2, 3, { bais: false } as never))).toBe(
      'Linear: unknown option `bais`; did you mean `bias`?',
    );
    expect(message(() => new Conv2d(3, 4, 3, { pading: 1 } as never))).toBe(
      'Conv2d: unknown option `pading`; did you mean `padding`?',
    );
    expect(message(() => new LayerNorm(4, { elementwise_affine: false } as never))).toBe(
      'LayerNorm: unknown option `elementwise_affine`; did you mean `elementwiseAffine`?',
    );
    expect(message(() => new Embedding(4, 2, { padding_idx: 0 } as never))).toBe(
      'Embedding: unknown option `padding_idx`; did you mean `paddingIdx`?',
    );
    expect(message(() => new GRUCell(2, 2, { dtpye: 'float64' } as never))).toBe(
      'GRUCell: unknown option `dtpye`; did you mean `dtype`?',
    );
    expect(message(() => new Dropout(0.1, { seed: 1 } as never))).toBe(
      'Dropout: unknown option `seed`; expected one of generator',
    );
    expect(message(() => new Linear(2, 3, true as never))).toBe(
      'Linear: expected an options object { dtype, generator, bias }, got a boolean (true)',
    );
  });
});

describe('required options', () => {
  it('ATS-ViT without maxTokensPerDepth says what it is (the Python original requires it too)', () => {
    const withoutBudget: Partial<typeof ats> = { ...ats };
    delete withoutBudget.maxTokensPerDepth;
    expect(message(() => new ATSViT(withoutBudget as never))).toBe(
      'ViT: missing required option `maxTokensPerDepth` (the number of tokens kept after each layer: one positive ' +
        'integer per layer, non-increasing, e.g. [64, 32, 16] for depth 3; the Python original requires it too)',
    );
  });

  it('other missing options are named', () => {
    expect(message(() => new CrossViT({ imageSize: 32, numClasses: 2, smDim: 8 } as never))).toBe(
      'CrossViT: missing required option `lgDim`',
    );
  });
});

describe('Memformer accepts what the PyTorch original accepts', () => {
  it('a target of length 1: decOut is NaN (a mean over no tokens), as in PyTorch, and gradients stay finite', () => {
    // Checked against memformer c8f9a97 with the same weights: decOut nan, mem and encOut within 2.4e-7.
    const model = new Memformer(SMALL);
    const src = tensor([[1, 2, 3, 4]], { dtype: 'int32' });
    const { decOut, mem } = model.forward(src, { tgt: tensor([[5]], { dtype: 'int32' }) });
    expect(Number.isNaN(decOut!.item())).toBe(true);
    expect(mem.shape).toEqual([1, 4, 8]);
    expect(mem.isfinite().all().itemBool()).toBe(true);
    decOut!.backward();
    // PyTorch: memory_slots.grad is all zeros (no token reaches the loss).
    expect([...model.memorySlots.grad!.data()].every((g) => g === 0)).toBe(true);
    // with masks, too
    const masked = model.forward(src, {
      tgt: tensor([[5]], { dtype: 'int32' }),
      srcMask: tensor([[true, true, false, false]]),
      tgtMask: tensor([[true]]),
    });
    expect(Number.isNaN(masked.decOut!.item())).toBe(true);
  });

  it('the relative position bias of zero positions is [1, heads, 0, 0]', () => {
    const bias = new memformer.RelativePositionBias({ heads: 2, causal: true });
    expect(bias.forward(0, 0).shape).toEqual([1, 2, 0, 0]);
    expect(bias.forward(0, 3).shape).toEqual([1, 2, 0, 3]);
  });

  it('depth 0: the stacks are empty, the keys are PyTorch’s', () => {
    const model = new Memformer({ ...SMALL, encDepth: 0, decDepth: 0 });
    // state_dict().keys() of the reference built with enc_depth=0, dec_depth=0
    expect(Object.keys(model.stateDict())).toEqual([
      'memory_slots',
      'encoder.token_emb.weight',
      'encoder.layer_blocks.rel_pos_emb.relative_attention_bias.weight',
      'encoder.norm.weight',
      'encoder.norm.bias',
      'decoder.net.token_emb.weight',
      'decoder.net.layer_blocks.rel_pos_emb.relative_attention_bias.weight',
      'decoder.net.norm.weight',
      'decoder.net.norm.bias',
      'decoder.net.to_logits.weight',
      'decoder.net.to_logits.bias',
      'mem_updater.to_q.weight',
      'mem_updater.to_q.bias',
      'mem_updater.to_kv.weight',
      'mem_updater.to_kv.bias',
      'mem_updater.to_out.weight',
      'mem_updater.to_out.bias',
      'gru.weight_ih',
      'gru.weight_hh',
      'gru.bias_ih',
      'gru.bias_hh',
      'mem_ff.fn.fn.net.0.weight',
      'mem_ff.fn.fn.net.0.bias',
      'mem_ff.fn.fn.net.2.weight',
      'mem_ff.fn.fn.net.2.bias',
      'mem_ff.fn.norm.weight',
      'mem_ff.fn.norm.bias',
    ]);
    const { decOut, encOut } = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }), {
      tgt: tensor([[4, 5, 6]], { dtype: 'int32' }),
    });
    expect(encOut.shape).toEqual([1, 3, 8]);
    expect(Number.isFinite(decOut!.item())).toBe(true);
    expect(() => new Memformer({ ...SMALL, encDepth: -1 })).toThrow(
      'Memformer: encDepth must be an integer >= 0, got -1',
    );
  });

  it('still builds the example models', () => {
    expect(new ATSViT(ats).forward(randn([1, 3, 8, 8])).shape).toEqual([1, 3]);
  });
});
