/**
 * learnable-memory ViT and Adapter: structure against the manifest, the attention mask, the
 * "adapter keeps the ViT's output" property, configuration errors, freezing, and training.
 */
import { describe, expect, test } from 'vitest';
import { Tensor, randn, tensor } from '@tensorgrad/autograd';
import { manualSeed } from '@tensorgrad/autograd';
import { AdamW, crossEntropy } from '@tensorgrad/nn';
import { learnableMemoryVit } from '@tensorgrad/models';
import { readManifest } from '@tensorgrad/models/parity';
import type { ParityCase } from '@tensorgrad/models/parity';
import { recordOutputs } from '../src/parity/hooks.js';
import { PARITY_DIR } from './fixture-dir.js';

const { Adapter, ViT, freezeAllLayers, unfreezeAllLayers } = learnableMemoryVit;
type ViTOptions = learnableMemoryVit.ViTOptions;

const manifest = readManifest(PARITY_DIR);
const casesOf = (model: string): ParityCase[] => manifest.cases.filter((c) => c.model === model);

const tiny: ViTOptions = {
  imageSize: 16,
  patchSize: 8,
  numClasses: 3,
  dim: 16,
  depth: 2,
  heads: 2,
  dimHead: 8,
  mlpDim: 32,
};

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return Number(a.sub(b).abs().max().item());
}

describe('state dict matches PyTorch', () => {
  test.each(casesOf('ViT').map((c) => [c.name, c] as const))('%s: keys in order', (_name, c) => {
    const vit = new ViT(c.tsConfig as unknown as ViTOptions);
    expect(Object.keys(vit.stateDict())).toEqual(c.stateDictKeys);
  });

  test.each(casesOf('Adapter').map((c) => [c.name, c] as const))(
    '%s: keys in order, frozen and trainable sets',
    (_name, c) => {
      const { vit, ...rest } = c.tsConfig as unknown as {
        vit: ViTOptions;
        numMemoriesPerLayer: number;
        numClasses: number;
      };
      const adapter = new Adapter({ ...rest, vit: new ViT(vit) });
      expect(Object.keys(adapter.stateDict())).toEqual(c.stateDictKeys);
      const named = adapter.namedParameters();
      expect(named.filter(([, p]) => p.requiresGrad).map(([k]) => k)).toEqual(c.trainableParams);
      expect(named.filter(([, p]) => !p.requiresGrad).map(([k]) => k)).toEqual(c.frozenParams);
      expect(adapter.namedBuffers().map(([k]) => k)).toEqual(c.buffers);
    },
  );
});

describe('Adapter', () => {
  test('attn_mask: the memory CLS row sees everything, other rows only the ViT tokens', () => {
    const adapter = new Adapter({ vit: new ViT(tiny), numMemoriesPerLayer: 3, numClasses: 2 });
    // 4 patches + ViT CLS = 5 ViT tokens, + memory CLS = 6 queries; keys add 3 memories.
    const mask = adapter.attnMask;
    expect(mask.dtype).toBe('bool');
    expect(mask.shape).toEqual([6, 9]);
    const rows = mask.toArray() as boolean[][];
    expect(rows[0]).toEqual(new Array(9).fill(true));
    for (const row of rows.slice(1)) {
      expect(row).toEqual([false, true, true, true, true, true, false, false, false]);
    }
  });

  test('the adapter pass leaves the ViT CLS path unchanged (selfChecks of the fixture)', () => {
    manualSeed(3);
    const adapter = new Adapter({
      vit: new ViT(tiny),
      numMemoriesPerLayer: 4,
      numClasses: 2,
    }).eval();
    const outputs = recordOutputs(adapter.vit.transformer);
    const img = randn([2, 3, 16, 16]);
    adapter.forward(img);
    const vitLogits = adapter.vit.forward(img);
    const fromAdapterPass = adapter.vit.mlpHead.forward(outputs[0]!.select(1, 1));
    expect(maxAbsDiff(fromAdapterPass, vitLogits)).toBeLessThan(1e-6);
    // and the memories do change what the memory CLS token computes
    const before = adapter.forward(img);
    adapter.memoriesPerLayer.assign(adapter.memoriesPerLayer.value.mul(2));
    expect(maxAbsDiff(adapter.forward(img), before)).toBeGreaterThan(1e-4);
  });

  test('freezes the ViT on construction; the helpers freeze and unfreeze', () => {
    const vit = new ViT(tiny);
    expect(vit.parameters().every((p) => p.requiresGrad)).toBe(true);
    const adapter = new Adapter({ vit });
    expect(vit.parameters().some((p) => p.requiresGrad)).toBe(false);
    expect([adapter.memoryClsToken, adapter.memoriesPerLayer].every((p) => p.requiresGrad)).toBe(
      true,
    );
    unfreezeAllLayers(vit);
    expect(vit.parameters().every((p) => p.requiresGrad)).toBe(true);
    freezeAllLayers(adapter);
    expect(adapter.parameters().some((p) => p.requiresGrad)).toBe(false);
  });
});

describe('configuration errors name the reason', () => {
  test('image size not divisible by the patch size', () => {
    expect(() => new ViT({ ...tiny, imageSize: [16, 20] })).toThrow(
      /divisible by the patch size.*16x20.*8x8/,
    );
  });
  test('unknown pool', () => {
    expect(() => new ViT({ ...tiny, pool: 'max' as 'cls' })).toThrow(
      /pool type must be either cls .* or mean/,
    );
  });
  test('non-positive sizes', () => {
    expect(() => new ViT({ ...tiny, depth: 0 })).toThrow(/depth must be a positive integer, got 0/);
    expect(() => new Adapter({ vit: new ViT(tiny), numMemoriesPerLayer: 0 })).toThrow(
      /numMemoriesPerLayer/,
    );
  });
});

describe('training drives the loss down (AdamW, one small batch)', () => {
  const img = (): Tensor => randn([4, 3, 16, 16]);
  const labels = tensor([0, 1, 2, 1], { dtype: 'int32' });

  function overfit(
    model: { forward(x: Tensor): Tensor; parameters(): Tensor[] },
    x: Tensor,
    steps: number,
    lr: number,
  ): number[] {
    const optimizer = new AdamW(
      model.parameters().filter((p) => p.requiresGrad),
      { lr },
    );
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      const loss = crossEntropy(model.forward(x), labels);
      losses.push(Number(loss.item()));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
    }
    return losses;
  }

  test('ViT', () => {
    manualSeed(0);
    const vit = new ViT(tiny).eval();
    const losses = overfit(vit, img(), 15, 1e-2);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
  });

  test('Adapter (only the memories and the new head learn)', () => {
    manualSeed(1);
    const vit = new ViT(tiny).eval();
    const frozen = vit.parameters().map((p) => p.value.clone());
    const adapter = new Adapter({ vit, numMemoriesPerLayer: 2, numClasses: 3 }).eval();
    const losses = overfit(adapter, img(), 20, 1e-1);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    vit.parameters().forEach((p, i) => expect(p.value.sub(frozen[i]!).abs().max().item()).toBe(0));
  });
});
