/**
 * ScalableViT beyond the parity cases: the channel norm's formula, the block structure, what the
 * windowing may and may not mix, per-stage options, configuration errors, and training.
 */
import { describe, expect, test } from 'vitest';
import { Tensor, noGrad, randn, tensor } from '@tensorgrad/autograd';
import { manualSeed } from '@tensorgrad/autograd';
import { AdamW, crossEntropy } from '@tensorgrad/nn';
import { scalableVit } from '@tensorgrad/models';

const { ChanLayerNorm, InteractiveWindowedSelfAttention, PEG, ScalableSelfAttention, ScalableViT } =
  scalableVit;
type ScalableViTOptions = scalableVit.ScalableViTOptions;

/** Two stages on 16x16 images: 4x4 then 2x2 feature maps. */
const tiny: ScalableViTOptions = {
  numClasses: 3,
  dim: 8,
  depth: [2, 1],
  heads: [1, 2],
  reductionFactor: [2, 1],
  windowSize: [2, null],
  ssaDimKey: 4,
  ssaDimValue: 4,
  iwsaDimKey: 4,
  iwsaDimValue: 4,
  ffExpansionFactor: 2,
};

describe('ChanLayerNorm', () => {
  test('normalises over channels with the biased variance, then scales and shifts', () => {
    const norm = new ChanLayerNorm(2);
    norm.g.assign(tensor([2, 3]).reshape(1, 2, 1, 1));
    norm.b.assign(tensor([10, 20]).reshape(1, 2, 1, 1));
    // One pixel with channels (1, 3): mean 2, biased variance 1 (the unbiased one would be 2).
    const out = norm.forward(tensor([1, 3]).reshape(1, 2, 1, 1));
    const scale = 1 / Math.sqrt(1 + 1e-5);
    const [lo, hi] = out.reshape(-1).toArray() as number[];
    expect(lo).toBeCloseTo(10 - 2 * scale, 6);
    expect(hi).toBeCloseTo(20 + 3 * scale, 6);
  });

  test('each pixel is normalised on its own', () => {
    manualSeed(1);
    const x = randn([2, 5, 3, 4]).mul(3).add(1);
    const out = new ChanLayerNorm(5).forward(x);
    const mean = out.mean(1);
    const variance = out.var(1, { unbiased: false });
    expect(mean.abs().max().item()).toBeLessThan(1e-6);
    expect(variance.sub(1).abs().max().item()).toBeLessThan(1e-3);
  });
});

describe('structure', () => {
  test('PEG only in the first block of a stage; output norm on every stage but the last', () => {
    const model = new ScalableViT(tiny);
    const keys = Object.keys(model.stateDict());
    expect(keys).toContain('layers.0.0.layers.0.2.proj.weight');
    expect(keys.some((k) => k.startsWith('layers.0.0.layers.1.2.'))).toBe(false);
    expect(keys).toContain('layers.0.0.norm.g');
    expect(keys.some((k) => k.startsWith('layers.1.0.norm.'))).toBe(false);
    expect(keys.some((k) => k.startsWith('layers.1.1.'))).toBe(false);
    const stages = model.stages();
    expect(stages.map(([t]) => t.norm.constructor.name)).toEqual(['ChanLayerNorm', 'Identity']);
    expect(stages.map(([, down]) => down === null)).toEqual([false, true]);
  });

  test('stage widths double: dim, 2 dim, ...', () => {
    const model = new ScalableViT({
      ...tiny,
      depth: [1, 1, 1],
      heads: 1,
      reductionFactor: 1,
      windowSize: null,
    });
    const sd = model.stateDict();
    expect(sd['layers.0.0.layers.0.2.proj.weight']!.shape).toEqual([8, 1, 3, 3]);
    expect(sd['layers.2.0.layers.0.2.proj.weight']!.shape).toEqual([32, 1, 3, 3]);
    expect(sd['mlp_head.2.weight']!.shape).toEqual([3, 32]);
  });

  test('a single value and a per-stage array of the same value build the same model', () => {
    const shapes = (options: ScalableViTOptions): number[][] =>
      Object.values(new ScalableViT(options).stateDict()).map((t) => [...t.shape]);
    expect(shapes({ ...tiny, heads: 2, ssaDimKey: 4 })).toEqual(
      shapes({ ...tiny, heads: [2, 2], ssaDimKey: [4, 4] }),
    );
    expect(shapes({ ...tiny, heads: 2 })).not.toEqual(shapes({ ...tiny, heads: [2, 1] }));
  });

  test('non-square images and feature maps that the reduction does not divide (convolutions floor)', () => {
    manualSeed(2);
    const model = new ScalableViT({
      ...tiny,
      windowSize: [1, null],
      reductionFactor: [2, 2],
    }).eval();
    // 20x36 → 5x9 (SSA keys 2x4) → 3x5 (SSA keys 1x2).
    expect(model.forward(randn([2, 3, 20, 36])).shape).toEqual([2, 3]);
  });
});

describe('InteractiveWindowedSelfAttention', () => {
  const options = { heads: 2, dimKey: 4, dimValue: 4 };

  test('windowSize null is one window over the whole map', () => {
    manualSeed(3);
    const whole = new InteractiveWindowedSelfAttention(8, { ...options, windowSize: null });
    const fourByFour = new InteractiveWindowedSelfAttention(8, { ...options, windowSize: 4 });
    fourByFour.loadStateDict(whole.stateDict());
    const x = randn([2, 8, 4, 4]);
    expect(whole.forward(x).sub(fourByFour.forward(x)).abs().max().item()).toBe(0);
  });

  /** `[1, 8, 4, 6]`: 1 on channel 0 of pixel (`row`, `col`), 0 elsewhere. */
  function bumpAt(row: number, col: number): Tensor {
    const at = row * 6 + col;
    return tensor(Array.from({ length: 8 * 24 }, (_, i) => (i === at ? 1 : 0))).reshape(1, 8, 4, 6);
  }

  /** Per pixel, how much the output of `iwsa` moves when `bump` is added to `x`. */
  function change(
    iwsa: InstanceType<typeof InteractiveWindowedSelfAttention>,
    x: Tensor,
    bump: Tensor,
  ): number[][] {
    const moved = noGrad(() => iwsa.forward(x.add(bump)).sub(iwsa.forward(x)).abs().sum(1));
    return moved.reshape(4, 6).toArray() as number[][];
  }

  // One channel only: a change shared by every channel would be removed by ChanLayerNorm.
  test('without the local interactive convolution, a change stays inside its window', () => {
    manualSeed(4);
    const iwsa = new InteractiveWindowedSelfAttention(8, { ...options, windowSize: 2 });
    iwsa.localInteractiveModule.weight.assign(iwsa.localInteractiveModule.weight.mul(0));
    const rows = change(iwsa, randn([1, 8, 4, 6]), bumpAt(0, 0));
    rows.forEach((row, i) =>
      row.forEach((v, j) => {
        if (i < 2 && j < 2) expect(v).toBeGreaterThan(0);
        else expect(v).toBe(0);
      }),
    );
  });

  test('with it, the change reaches the neighbouring windows', () => {
    manualSeed(4);
    const iwsa = new InteractiveWindowedSelfAttention(8, { ...options, windowSize: 2 });
    // Pixel (1, 1) sits in window (0, 0); the 3x3 convolution carries it to (2, 2), in window (1, 1).
    const rows = change(iwsa, randn([1, 8, 4, 6]), bumpAt(1, 1));
    expect(rows[2]![2]).toBeGreaterThan(0);
    // The convolution's output is added after the attention, not fed into it: (3, 3), in the
    // same window as (2, 2) but out of the 3x3 reach of (1, 1), does not move.
    expect(rows[3]![3]).toBe(0);
    expect(rows[0]![4]).toBe(0); // window (0, 2): out of reach too
  });
});

describe('invalid configurations fail at construction, with the reason', () => {
  test.each<[string, Partial<ScalableViTOptions>, RegExp]>([
    [
      'a per-stage array of the wrong length',
      { heads: [1, 2, 3] },
      /heads has 3 entries, expected 2/,
    ],
    ['windowSize of the wrong length', { windowSize: [2] }, /windowSize has 1 entries, expected 2/],
    ['depth not an array', { depth: 2 as unknown as number[] }, /depth needs to be an array/],
    ['an empty depth', { depth: [] }, /depth needs to be an array/],
    ['zero heads in a stage', { heads: [1, 0] }, /heads of stage 1 must be an integer >= 1, got 0/],
    [
      'a fractional window',
      { windowSize: [1.5, null] },
      /windowSize of stage 0 must be an integer >= 1/,
    ],
    ['dim 0', { dim: 0 }, /dim must be an integer >= 1, got 0/],
    ['dropout above 1', { dropout: 2 }, /dropout must be in \[0, 1\], got 2/],
    [
      'a window that does not divide the feature map',
      { imageSize: 16, windowSize: [3, null] },
      /windowSize 3 of stage 0 does not divide its 4x4 feature map \(image 16x16\)/,
    ],
    [
      'a window that divides the height but not the width',
      { imageSize: [16, 24], windowSize: [4, null] },
      /windowSize 4 of stage 0 does not divide its 4x6 feature map/,
    ],
    [
      'a reduction larger than the feature map',
      { imageSize: 16, reductionFactor: [2, 4] },
      /reductionFactor 4 of stage 1 is larger than its 2x2 feature map/,
    ],
  ])('%s', (_what, change, message) => {
    expect(() => new ScalableViT({ ...tiny, ...change })).toThrow(message);
  });

  test('a valid imageSize is accepted', () => {
    expect(() => new ScalableViT({ ...tiny, imageSize: [16, 24] })).not.toThrow();
  });

  test('without imageSize, the forward pass names the window that does not fit', () => {
    const model = new ScalableViT({ ...tiny, windowSize: [4, null] });
    expect(() => model.forward(randn([1, 3, 16, 24]))).toThrow(
      /height \(4\) or width \(6\) of feature map is not divisible by the window size \(4, 4\)/,
    );
  });

  test('images with the wrong number of channels, and reductions larger than the map', () => {
    const model = new ScalableViT(tiny);
    expect(() => model.forward(randn([1, 1, 16, 16]))).toThrow(
      /expected images \[b, 3, height, width\], got \[1, 1, 16, 16\]/,
    );
    const ssa = new ScalableSelfAttention(8, {
      heads: 1,
      dimKey: 4,
      dimValue: 4,
      reductionFactor: 4,
    });
    expect(() => ssa.forward(randn([1, 8, 2, 8]))).toThrow(
      /the 2x8 feature map is smaller than the reduction factor 4/,
    );
  });

  test('PEG keeps the map size for odd kernels', () => {
    expect(new PEG(4, 5).forward(randn([1, 4, 3, 5])).shape).toEqual([1, 4, 3, 5]);
  });
});

test('training drives the loss down (AdamW, one small batch)', () => {
  manualSeed(5);
  const model = new ScalableViT({ ...tiny, imageSize: 16 });
  const img: Tensor = randn([4, 3, 16, 16]);
  const labels = tensor([0, 1, 2, 1], { dtype: 'int32' });
  const optimizer = new AdamW(model.parameters(), { lr: 1e-2 });
  const losses: number[] = [];
  for (let step = 0; step < 8; step++) {
    const loss = crossEntropy(model.forward(img), labels);
    losses.push(Number(loss.item()));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  expect(losses.every(Number.isFinite)).toBe(true);
  // Measured: 1.107 → 0.115 after 8 steps.
  expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.3);
});
