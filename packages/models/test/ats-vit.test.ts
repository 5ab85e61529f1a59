/**
 * ATS-ViT: structure against the manifest, the sampling step with injected noise (unique,
 * sorted, right-padded, masked), when layers sample, the Gumbel source, configuration errors,
 * and training.
 */
import { describe, expect, test } from 'vitest';
import { Tensor, randn, tensor, zeros } from '@tensorgrad/autograd';
import { Generator, manualSeed } from '@tensorgrad/autograd';
import { AdamW, crossEntropy } from '@tensorgrad/nn';
import { atsVit } from '@tensorgrad/models';
import { readManifest } from '@tensorgrad/models/parity';
import { PARITY_DIR } from './fixture-dir.js';

const { AdaptiveTokenSampling, ViT, batchedIndexSelect, sampleGumbel } = atsVit;
type ViTOptions = atsVit.ViTOptions;

const manifest = readManifest(PARITY_DIR);

// 16 patches of 4x4 on a 16x16 image.
const tiny: ViTOptions = {
  imageSize: 16,
  patchSize: 4,
  numClasses: 3,
  dim: 16,
  depth: 3,
  maxTokensPerDepth: [8, 4, 2],
  heads: 2,
  dimHead: 8,
  mlpDim: 32,
};

/** Noise `[b, k, n]` that is 0 except 1e4 at `picks[b][k]`: Gumbel-max then picks exactly those. */
function forcingNoise(picks: number[][], n: number): Tensor {
  return tensor(
    picks.map((row) => row.map((p) => Array.from({ length: n }, (_, j) => (j === p ? 1e4 : 0)))),
  );
}

describe('state dict matches PyTorch', () => {
  test.each(manifest.cases.filter((c) => c.model === 'ATSViT').map((c) => [c.name, c] as const))(
    '%s: keys in order',
    (_name, c) => {
      const vit = new ViT(c.tsConfig as unknown as ViTOptions);
      expect(Object.keys(vit.stateDict())).toEqual(c.stateDictKeys);
    },
  );
});

describe('AdaptiveTokenSampling', () => {
  manualSeed(0);
  const b = 2;
  const n = 5; // CLS + 4 tokens
  const attn = randn([b, 1, n, n]).softmax(-1);
  const value = randn([b, 1, n, 4]);

  test('keeps the unique sampled ids, sorted, right-padded with 0, CLS first, and gathers their attention rows', () => {
    const ats = new AdaptiveTokenSampling(3, {
      sampleGumbel: () =>
        forcingNoise(
          [
            [2, 0, 2],
            [3, 3, 3],
          ],
          n - 1,
        ),
    });
    const [newAttn, newMask, ids] = ats.forward(
      attn,
      value,
      tensor([
        [true, true, true, true, true],
        [true, true, true, true, true],
      ]),
    );
    // row 0 draws tokens 3, 1, 3 -> [1, 3]; row 1 draws 4 three times -> [4], padded.
    expect(ids.toArray()).toEqual([
      [0, 1, 3],
      [0, 4, 0],
    ]);
    expect(ids.dtype).toBe('int32');
    expect(newMask.toArray()).toEqual([
      [true, true, true],
      [true, true, false],
    ]);
    expect(newAttn.shape).toEqual([b, 1, 3, n]);
    const rows = attn.toArray() as number[][][][];
    expect(newAttn.toArray()).toEqual([
      [[rows[0]![0]![0], rows[0]![0]![1], rows[0]![0]![3]]],
      // the padding row copies the CLS row
      [[rows[1]![0]![0], rows[1]![0]![4], rows[1]![0]![0]]],
    ]);
  });

  test('never samples a masked (padding) position, whatever the noise', () => {
    const ats = new AdaptiveTokenSampling(2, {
      sampleGumbel: () =>
        forcingNoise(
          [
            [1, 1],
            [1, 1],
          ],
          n - 1,
        ),
    });
    const mask = tensor([
      [true, true, false, true, true],
      [true, true, true, true, true],
    ]);
    const [, , ids] = ats.forward(attn, value, mask);
    const [masked, unmasked] = ids.toArray() as number[][];
    expect(masked).not.toContain(2);
    expect(unmasked).toEqual([0, 2]);
  });

  test('asks for noise of shape [b, outputNumTokens, tokens - 1]', () => {
    const shapes: (readonly number[])[] = [];
    const ats = new AdaptiveTokenSampling(3, {
      sampleGumbel: (shape) => {
        shapes.push([...shape]);
        return zeros([...shape]);
      },
    });
    ats.forward(
      attn,
      value,
      tensor([
        [true, true, true, true, true],
        [true, true, true, true, true],
      ]),
    );
    expect(shapes).toEqual([[b, 3, n - 1]]);
  });
});

describe('ViT', () => {
  test('samples only in layers that receive more than maxTokens non-CLS tokens (padding counts)', () => {
    manualSeed(1);
    // 16 patches: layer 0 keeps <= 16 (16 > 16 is false: no sampling), layer 1 samples 4, layer 2
    // gets at most 4 + CLS (4 > 4 is false).
    const vit = new ViT({ ...tiny, maxTokensPerDepth: [16, 4, 4] }).eval();
    const shapes: number[][] = [];
    vit.setGumbelSampler((shape) => {
      shapes.push([...shape]);
      return sampleGumbel(shape);
    });
    const [logits, tokenIds] = vit.forward(randn([2, 3, 16, 16]), { returnSampledTokenIds: true });
    expect(shapes).toEqual([[2, 4, 16]]);
    expect(logits.shape).toEqual([2, 3]);
    expect(tokenIds.shape[1]).toBeLessThanOrEqual(4);
    // original patch indices, -1 for padding; real ids are sorted ascending and unique
    for (const row of tokenIds.toArray() as number[][]) {
      const real = row.filter((id) => id !== -1);
      expect(real.every((id) => id >= 0 && id < 16)).toBe(true);
      expect(real).toEqual([...new Set(real)].sort((x, y) => x - y));
      expect(row.slice(real.length).every((id) => id === -1)).toBe(true);
    }
  });

  test('without returnSampledTokenIds, returns the logits only', () => {
    const vit = new ViT(tiny).eval();
    const out = vit.forward(randn([1, 3, 16, 16]));
    expect(out.shape).toEqual([1, 3]);
  });
});

describe('sampleGumbel', () => {
  test('is reproducible from a seeded generator', () => {
    const a = sampleGumbel([3, 4], { generator: new Generator(7) });
    const b = sampleGumbel([3, 4], { generator: new Generator(7) });
    const c = sampleGumbel([3, 4], { generator: new Generator(8) });
    expect(a.toArray()).toEqual(b.toArray());
    expect(a.toArray()).not.toEqual(c.toArray());
  });

  test('has the standard Gumbel mean (Euler-Mascheroni constant 0.5772)', () => {
    const g = sampleGumbel([20000], { generator: new Generator(0) });
    // standard deviation pi / sqrt(6) = 1.28; the mean of 20000 has s.d. 0.009
    const mean = Number(g.mean().item());
    expect(Math.abs(mean - 0.5772)).toBeLessThan(0.04);
  });
});

describe('batchedIndexSelect', () => {
  test('gathers rows per batch element, carrying trailing axes', () => {
    const values = tensor([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ]);
    const out = batchedIndexSelect(
      values,
      tensor(
        [
          [2, 0],
          [1, 1],
        ],
        { dtype: 'int32' },
      ),
      1,
    );
    expect(out.toArray()).toEqual([
      [
        [5, 6],
        [1, 2],
      ],
      [
        [9, 10],
        [9, 10],
      ],
    ]);
  });
});

describe('configuration errors name the reason', () => {
  test('maxTokensPerDepth must match depth, decrease, and stay positive', () => {
    expect(() => new ViT({ ...tiny, maxTokensPerDepth: [8, 4] })).toThrow(
      /one entry per layer \(depth 3\), got 2/,
    );
    expect(() => new ViT({ ...tiny, maxTokensPerDepth: [4, 8, 2] })).toThrow(/decreasing order/);
    expect(() => new ViT({ ...tiny, maxTokensPerDepth: [8, 4, 0] })).toThrow(/at least 1 token/);
  });
  test('image size not divisible by the patch size', () => {
    expect(() => new ViT({ ...tiny, patchSize: 5 })).toThrow(/divisible by the patch size/);
  });
});

test('training drives the loss down (AdamW, one small batch)', () => {
  manualSeed(2);
  const gen = new Generator(5);
  const vit = new ViT({
    ...tiny,
    sampleGumbel: (shape) => sampleGumbel(shape, { generator: gen }),
  }).eval();
  const x = randn([4, 3, 16, 16]);
  const labels = tensor([0, 1, 2, 1], { dtype: 'int32' });
  const optimizer = new AdamW(vit.parameters(), { lr: 1e-2 });
  const losses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const loss = crossEntropy(vit.forward(x), labels);
    losses.push(Number(loss.item()));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
});
