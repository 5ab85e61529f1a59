/**
 * Properties every network must have whatever its weights, so they hold with random weights and
 * need no fixture: batch elements are computed independently (permuting the batch permutes the
 * outputs), each residual block adds its input back (zeroing a block's weights leaves the
 * identity), and Memformer's decoder is causal, its padding is ignored and its memory carries
 * gradients from one segment to the previous one.
 */
import { describe, expect, test } from 'vitest';
import { cat, manualSeed, noGrad, randn, tensor, zeros, type Tensor } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import {
  ATSViT,
  Adapter,
  CrossViT,
  LearnableMemoryViT,
  Memformer,
  ScalableViT,
  atsVit,
  crossVit,
  learnableMemoryVit,
  scalableVit,
  type MemformerOptions,
} from '@tensorgrad/models';
import { expectClose, perturbParameters, zeroParameters } from './reference.js';
import { TINY_CROSS_VIT, TINY_SCALABLE_VIT } from './tiny-configs.js';

manualSeed(7);

/** The batch elements of `x` in the order `perm`. */
const permute = (x: Tensor, perm: readonly number[]): Tensor =>
  cat(
    perm.map((i) => x.slice(0, i, i + 1)),
    0,
  );

const PERM = [2, 0, 3, 1];

/**
 * `f(inputs[perm]) == f(inputs)[perm]` (every input permuted alike), and the outputs of
 * different elements differ (so that the check is not vacuous).
 */
function expectBatchEquivariant(
  name: string,
  f: (...inputs: Tensor[]) => Tensor,
  ...inputs: Tensor[]
): void {
  const out = noGrad(() => f(...inputs));
  const outOfPermuted = noGrad(() => f(...inputs.map((x) => permute(x, PERM))));
  expectClose(outOfPermuted, permute(out, PERM).toArray() as unknown[], `${name}: f(x[perm])`);
  const rows = out.toArray() as unknown[];
  expect(JSON.stringify(rows[0]), `${name}: outputs of different inputs`).not.toBe(
    JSON.stringify(rows[1]),
  );
}

const MEMFORMER: MemformerOptions = {
  dim: 8,
  numMemorySlots: 3,
  memUpdateAttnHeads: 2,
  encNumTokens: 20,
  encDepth: 1,
  encHeads: 2,
  encMaxSeqLen: 8,
  decNumTokens: 20,
  decDepth: 2,
  decHeads: 2,
  decMaxSeqLen: 8,
};

const ids = (rows: number[][]): Tensor => tensor(rows, { dtype: 'int32' });

describe('permuting the batch permutes the outputs (no element sees another)', () => {
  const images = randn([4, 3, 16, 16]);
  const vitOptions = { imageSize: 16, patchSize: 4, numClasses: 5, dim: 8, depth: 2 };

  test('learnable-memory ViT and its Adapter', () => {
    const vit = new LearnableMemoryViT({ ...vitOptions, heads: 2, dimHead: 4, mlpDim: 16 });
    expectBatchEquivariant('ViT', (x) => vit.forward(x), images);
    const adapter = new Adapter({ vit, numMemoriesPerLayer: 2, numClasses: 3 });
    expectBatchEquivariant('Adapter', (x) => adapter.forward(x), images);
  });

  test('ATS-ViT, sampling tokens (noise-free Gumbel, so that the sampling is a function of the row)', () => {
    const model = new ATSViT({
      ...vitOptions,
      maxTokensPerDepth: [8, 4],
      heads: 2,
      dimHead: 4,
      mlpDim: 16,
      sampleGumbel: (shape) => zeros([...shape]),
    });
    expectBatchEquivariant('ATSViT', (x) => model.forward(x), images);
  });

  test('CrossViT', () => {
    const model = new CrossViT(TINY_CROSS_VIT);
    expectBatchEquivariant('CrossViT', (x) => model.forward(x), images);
  });

  test('ScalableViT', () => {
    const model = new ScalableViT(TINY_SCALABLE_VIT);
    expectBatchEquivariant('ScalableViT', (x) => model.forward(x), images);
  });

  test('Memformer: encoder output, memory and decoder logits', () => {
    const model = new Memformer(MEMFORMER);
    const src = ids([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
      [13, 14, 15, 16],
    ]);
    const tgt = ids([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
    expectBatchEquivariant('encOut', (x) => model.forward(x).encOut, src);
    expectBatchEquivariant('mem', (x) => model.forward(x).mem, src);
    const logits = (x: Tensor, t: Tensor) =>
      model.decoder!.net.forward(t, { context: model.forward(x).encOut });
    expectBatchEquivariant('decoder logits', logits, src, tgt);
  });
});

describe('residual blocks add their input back: with every block zeroed, a stack is the identity', () => {
  /** Zeroes the parameters of the named submodules (the last layer of each residual branch). */
  function zeroBranches(root: Module, names: RegExp): number {
    let zeroed = 0;
    for (const [name, m] of root.namedModules()) {
      if (names.test(name)) {
        zeroParameters(m);
        zeroed++;
      }
    }
    return zeroed;
  }

  test('learnable-memory ViT transformer (attention to_out, feed-forward net.4)', () => {
    const t = new learnableMemoryVit.Transformer(8, 2, 2, 4, 16);
    perturbParameters(t);
    expect(zeroBranches(t, /^layers\.\d\.(0\.to_out\.0|1\.net\.4)$/)).toBe(4);
    const x = randn([2, 5, 8]);
    expectClose(
      noGrad(() => t.forward(x)),
      x.toArray() as unknown[],
      'identity',
    );
  });

  test('ATS-ViT transformer', () => {
    const t = new atsVit.Transformer(8, 2, [16, 16], 2, 4, 16);
    perturbParameters(t);
    expect(zeroBranches(t, /^layers\.\d\.(0\.to_out\.0|1\.net\.4)$/)).toBe(4);
    const x = randn([2, 5, 8]);
    expectClose(
      noGrad(() => t.forward(x)[0]),
      x.toArray() as unknown[],
      'identity',
    );
  });

  test('CrossViT transformer (then its final LayerNorm) and cross transformer', () => {
    const t = new crossVit.Transformer(8, 2, 2, 4, 16);
    perturbParameters(t);
    expect(zeroBranches(t, /^layers\.\d\.(0\.to_out\.0|1\.net\.4)$/)).toBe(4);
    const x = randn([2, 5, 8]);
    expectClose(
      noGrad(() => t.forward(x)),
      noGrad(() => t.norm.forward(x)).toArray() as unknown[],
      'norm(x)',
    );

    const cross = new crossVit.CrossTransformer(8, 12, 2, 2, 4);
    perturbParameters(cross);
    expect(zeroBranches(cross, /^layers\.\d\.\d\.project_out$/)).toBe(4);
    const [sm, lg] = [randn([2, 3, 8]), randn([2, 4, 12])];
    const [smOut, lgOut] = noGrad(() => cross.forward(sm, lg));
    expectClose(smOut, sm.toArray() as unknown[], 'small tokens');
    expectClose(lgOut, lg.toArray() as unknown[], 'large tokens');
  });

  test('ScalableViT stage (SSA, feed-forwards, PEG, IWSA)', () => {
    const t = new scalableVit.Transformer(8, 2, {
      heads: 2,
      ssaDimKey: 4,
      ssaDimValue: 4,
      iwsaDimKey: 4,
      iwsaDimValue: 4,
      ssaReductionFactor: 2,
      iwsaWindowSize: 2,
      ffExpansionFactor: 2,
      normOutput: false,
    });
    perturbParameters(t);
    // SSA and IWSA toOut.0, both feed-forwards' net.4, the PEG of the first block
    const zeroed = zeroBranches(t, /^layers\.\d\.([04]\.to_out\.0|[13]\.net\.4|2\.proj)$/);
    expect(zeroed).toBe(9);
    const x = randn([2, 8, 4, 6]);
    expectClose(
      noGrad(() => t.forward(x)),
      x.toArray() as unknown[],
      'identity',
    );
  });

  test('Memformer encoder and decoder (self-attention, cross-attention, feed-forward)', () => {
    const model = new Memformer(MEMFORMER);
    perturbParameters(model);
    const zeroed = zeroBranches(model, /layers\.\d\.\d\.fn\.fn\.(to_out|net\.2)$/);
    expect(zeroed).toBe(3 * (MEMFORMER.encDepth + MEMFORMER.decDepth!));
    const x = randn([2, 4, 8]);
    const context = randn([2, 3, 8]);
    const encoder = model.encoder.layerBlocks;
    const decoder = model.decoder!.net.layerBlocks;
    expectClose(
      noGrad(() => encoder.forward(x, { context })),
      x.toArray() as unknown[],
      'encoder',
    );
    expectClose(
      noGrad(() => decoder.forward(x, { context })),
      x.toArray() as unknown[],
      'decoder',
    );
  });
});

describe('Memformer', () => {
  test('decoder logits at position t depend on target tokens 0..t only', () => {
    const model = new Memformer(MEMFORMER);
    const enc = model.forward(ids([[1, 2, 3, 4, 5]])).encOut;
    const logits = (tgt: number[]) =>
      noGrad(() => model.decoder!.net.forward(ids([tgt]), { context: enc })).select(0, 0);
    const base = logits([3, 4, 5, 6, 7]);
    const changedAt3 = logits([3, 4, 5, 19, 7]);
    const diff = base.sub(changedAt3).abs().max(-1).toArray() as number[];
    expect(diff.slice(0, 3)).toEqual([0, 0, 0]);
    expect(diff[3]).toBeGreaterThan(1e-4);
    expect(diff[4]).toBeGreaterThan(1e-4);
  });

  test('a padded source token changes neither the memory nor the other tokens’ encodings', () => {
    const model = new Memformer(MEMFORMER);
    const srcMask = tensor([[true, true, false, true]]);
    const run = (src: number[]) => noGrad(() => model.forward(ids([src]), { srcMask }));
    const a = run([1, 2, 3, 4]);
    const b = run([1, 2, 17, 4]);
    expect(a.mem.sub(b.mem).abs().max().item()).toBe(0);
    const enc = (r: typeof a) => r.encOut.select(1, 0).toArray();
    expect(enc(a)).toEqual(enc(b));
    // a real token does change the memory
    const c = run([1, 9, 3, 4]);
    expect(a.mem.sub(c.mem).abs().max().item()).toBeGreaterThan(1e-4);
  });

  test('the memory has one row per slot, and the next segment’s loss reaches the previous segment through it', () => {
    const model = new Memformer(MEMFORMER);
    const src = ids([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const tgt = ids([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const seg1 = model.forward(src);
    expect(seg1.mem.shape).toEqual([2, MEMFORMER.numMemorySlots, MEMFORMER.dim]);
    const seg2 = model.forward(src, { tgt, mems: seg1.mem });
    expect(seg2.mem.shape).toEqual([2, MEMFORMER.numMemorySlots, MEMFORMER.dim]);
    // Only seg1's memory update uses the GRU before seg2's decoder loss: its gradient must
    // come through the memory (seg2's own update comes after its loss).
    seg2.decOut!.backward();
    const gruGrad = model.gru.weightIh.grad;
    expect(gruGrad).not.toBeNull();
    expect(gruGrad!.abs().max().item()).toBeGreaterThan(0);
    // and the initial memory slots, read by seg1's encoder and update, get a gradient too
    expect(model.memorySlots.grad!.abs().max().item()).toBeGreaterThan(0);
  });

  test('without memory updates the memory is the initial one', () => {
    const model = new Memformer({ ...MEMFORMER, numMemUpdates: 0 });
    const out = noGrad(() => model.forward(ids([[1, 2, 3]])));
    expectClose(out.mem, model.getInitialMem(1).toArray() as unknown[], 'memory');
  });
});
