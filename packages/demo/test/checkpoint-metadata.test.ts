/**
 * The image demo's checkpoint describes itself: its metadata holds the model's constructor
 * options and class names, enough to rebuild the network from the file alone (the browser page
 * in packages/web does exactly that).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATSViT, CrossViT, LearnableMemoryViT } from '@tensorgrad/models';
import { loadSafetensorsFile } from '@tensorgrad/nn';
import { expect, test } from 'vitest';
import { SHAPE_CLASSES } from '../src/data/shapes.js';
import { IMAGE_MODEL_OPTIONS, runImageDemo, type ImageModelName } from '../src/train-images.js';

const CONSTRUCTORS = { vit: LearnableMemoryViT, ats: ATSViT, crossvit: CrossViT };

test.each(['vit', 'ats', 'crossvit'] as ImageModelName[])(
  'the %s checkpoint rebuilds from its metadata',
  (model) => {
    const out = mkdtempSync(join(tmpdir(), 'tg-demo-metadata-'));
    const r = runImageDemo({
      model,
      steps: 1,
      batchSize: 4,
      lr: 3e-3,
      seed: 0,
      out,
      evalImages: 6,
      log: () => undefined,
    });
    const { tensors, metadata } = loadSafetensorsFile(join(out, `${model}.safetensors`));
    expect(metadata).toEqual({
      model,
      config: JSON.stringify(IMAGE_MODEL_OPTIONS[model]),
      classes: JSON.stringify(SHAPE_CLASSES),
      steps: '1',
      seed: '0',
      heldOutAccuracy: String(r.accuracy),
    });
    // Strict loading: every key, shape and dtype of the rebuilt network is in the file.
    const rebuilt = new CONSTRUCTORS[model](JSON.parse(metadata['config']!));
    expect(() => rebuilt.loadStateDict(tensors)).not.toThrow();
  },
);
