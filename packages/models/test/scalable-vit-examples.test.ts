/** The `@example`s of src/scalable-vit.ts, src/scalable-vit/ and its parity driver, run as written. */
import { describe, expect, it } from 'vitest';
import { randn } from '@tensorgrad/autograd';
import {
  ChanLayerNorm,
  Downsample,
  FeedForward,
  InteractiveWindowedSelfAttention,
  PEG,
  ScalableSelfAttention,
  ScalableViT,
  Transformer,
  castPerStage,
  featureMapSizes,
} from '../src/scalable-vit.js';
import { checkInteger } from '../src/scalable-vit/per-stage.js';
import { getDriver, registerDriver } from '../src/parity/driver.js';
import { scalableVitDriver } from '../src/parity/drivers/scalable-vit.js';

describe('src/scalable-vit examples', () => {
  it('ChanLayerNorm', () => {
    const norm = new ChanLayerNorm(16);
    expect(norm.forward(randn([2, 16, 8, 8])).shape).toEqual([2, 16, 8, 8]);
  });

  it('FeedForward', () => {
    const ff = new FeedForward(16, 2);
    expect(ff.forward(randn([2, 16, 8, 8])).shape).toEqual([2, 16, 8, 8]);
    expect(Object.keys(ff.stateDict())).toEqual([
      'net.0.g',
      'net.0.b',
      'net.1.weight',
      'net.1.bias',
      'net.4.weight',
      'net.4.bias',
    ]);
  });

  it('PEG', () => {
    const peg = new PEG(16);
    expect(peg.forward(randn([2, 16, 8, 8])).shape).toEqual([2, 16, 8, 8]);
  });

  it('Downsample', () => {
    const down = new Downsample(16, 32);
    expect(down.forward(randn([2, 16, 8, 12])).shape).toEqual([2, 32, 4, 6]);
  });

  it('ScalableSelfAttention', () => {
    const ssa = new ScalableSelfAttention(16, {
      heads: 2,
      dimKey: 8,
      dimValue: 8,
      reductionFactor: 2,
    });
    expect(ssa.forward(randn([2, 16, 8, 12])).shape).toEqual([2, 16, 8, 12]);
  });

  it('InteractiveWindowedSelfAttention', () => {
    const iwsa = new InteractiveWindowedSelfAttention(16, {
      windowSize: 4,
      heads: 2,
      dimKey: 8,
      dimValue: 8,
    });
    expect(iwsa.forward(randn([2, 16, 8, 12])).shape).toEqual([2, 16, 8, 12]);
  });

  it('Transformer', () => {
    const stage = new Transformer(16, 2, { heads: 2, ssaReductionFactor: 2, iwsaWindowSize: 4 });
    expect(stage.forward(randn([1, 16, 8, 8])).shape).toEqual([1, 16, 8, 8]);
    expect(Object.keys(stage.stateDict()).some((k) => k.startsWith('layers.1.2.'))).toBe(false);
  });

  it('castPerStage', () => {
    expect(castPerStage('heads', 2, 3)).toEqual([2, 2, 2]);
    expect(castPerStage('heads', [1, 2], 2)).toEqual([1, 2]);
    expect(() => castPerStage('heads', [1, 2], 3)).toThrow(
      'ScalableViT: heads has 2 entries, expected 3 (one per stage, as depth has) or a single value',
    );
  });

  it('checkInteger', () => {
    expect(checkInteger('dim', 16, 1)).toBe(16);
    expect(() => checkInteger('heads', 0, 1, 1)).toThrow(
      'ScalableViT: heads of stage 1 must be an integer >= 1, got 0',
    );
  });

  it('featureMapSizes', () => {
    expect(featureMapSizes([32, 48], 2)).toEqual([
      [8, 12],
      [4, 6],
    ]);
  });

  it('ScalableViT and stages()', () => {
    const model = new ScalableViT({
      numClasses: 10,
      dim: 16,
      depth: [2, 1],
      heads: 2,
      reductionFactor: [2, 1],
      windowSize: [4, null],
      ssaDimKey: 8,
      ssaDimValue: 8,
      iwsaDimKey: 8,
      iwsaDimValue: 8,
    });
    expect(model.forward(randn([2, 3, 32, 48])).shape).toEqual([2, 10]);
    expect(model.stages().map(([t]) => t.norm.constructor.name)).toEqual([
      'ChanLayerNorm',
      'Identity',
    ]);
  });

  it('scalableVitDriver', () => {
    if (getDriver('ScalableViT') === undefined) registerDriver(scalableVitDriver);
    expect(getDriver('ScalableViT')?.model).toBe('ScalableViT');
  });
});
