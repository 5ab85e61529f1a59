/**
 * CrossViT: structure against the manifest, the parameter-free ProjectInOut, configuration
 * errors, and training on one batch.
 */
import { describe, expect, test } from 'vitest';
import { randn, tensor } from '@tensorgrad/autograd';
import { manualSeed } from '@tensorgrad/autograd';
import { AdamW, crossEntropy } from '@tensorgrad/nn';
import { crossVit } from '@tensorgrad/models';
import { readManifest } from '@tensorgrad/models/parity';
import { PARITY_DIR } from './fixture-dir.js';

const { CrossViT, ProjectInOut, Attention } = crossVit;
type CrossViTOptions = crossVit.CrossViTOptions;

const manifest = readManifest(PARITY_DIR);
const tiny: CrossViTOptions = {
  imageSize: 16,
  numClasses: 3,
  smDim: 16,
  lgDim: 24,
  smPatchSize: 4,
  smEncDepth: 1,
  smEncHeads: 2,
  smEncMlpDim: 32,
  smEncDimHead: 8,
  lgPatchSize: 8,
  lgEncDepth: 1,
  lgEncHeads: 2,
  lgEncMlpDim: 32,
  lgEncDimHead: 8,
  crossAttnDepth: 1,
  crossAttnHeads: 2,
  crossAttnDimHead: 8,
  depth: 1,
  dropout: 0,
  embDropout: 0,
};

describe('state dict matches PyTorch', () => {
  test.each(manifest.cases.filter((c) => c.model === 'CrossViT').map((c) => [c.name, c] as const))(
    '%s: keys in order',
    (_name, c) => {
      const model = new CrossViT(c.tsConfig as unknown as CrossViTOptions);
      expect(Object.keys(model.stateDict())).toEqual(c.stateDictKeys);
    },
  );

  test('ProjectInOut holds no parameters when both widths are equal', () => {
    const same = new ProjectInOut(16, 16, new Attention(16, { heads: 2, dimHead: 8 }));
    expect(
      same
        .namedParameters()
        .map(([k]) => k)
        .filter((k) => k.startsWith('project')),
    ).toEqual([]);
    const other = new ProjectInOut(16, 24, new Attention(24, { heads: 2, dimHead: 8 }));
    expect(
      other
        .namedParameters()
        .map(([k]) => k)
        .filter((k) => k.startsWith('project')),
    ).toEqual(['project_in.weight', 'project_in.bias', 'project_out.weight', 'project_out.bias']);
  });
});

describe('forward', () => {
  test('logits are the sum of the two branch heads', () => {
    manualSeed(1);
    const model = new CrossViT(tiny).eval();
    const img = randn([2, 3, 16, 16]);
    const { smLogits, lgLogits } = model.branchLogits(img);
    const diff = model.forward(img).sub(smLogits.add(lgLogits)).abs().max().item();
    expect(diff).toBe(0);
    expect(smLogits.shape).toEqual([2, 3]);
  });

  test('invalid configurations fail at construction with the reason', () => {
    expect(() => new CrossViT({ ...tiny, smPatchSize: 5 })).toThrow(
      'CrossViT: image dimensions must be divisible by the patch size, got image size 16 and patch size 5',
    );
    expect(() => new CrossViT({ ...tiny, depth: 0 })).toThrow(
      'CrossViT: depth must be a positive integer, got 0',
    );
  });
});

test('a few AdamW steps on one batch drive the loss down', () => {
  manualSeed(0);
  const model = new CrossViT(tiny);
  const x = randn([4, 3, 16, 16]);
  const labels = tensor([0, 1, 2, 1], { dtype: 'int32' });
  const opt = new AdamW(model.parameters(), { lr: 3e-3 });
  const losses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const loss = crossEntropy(model.forward(x), labels);
    losses.push(Number(loss.item()));
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.3);
});
