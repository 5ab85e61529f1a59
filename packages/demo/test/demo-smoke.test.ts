import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runImageDemo } from '../src/train-images.js';
import { runMemformerDemo } from '../src/train-memformer.js';

const quiet = () => undefined;

test('the image demo trains, evaluates and writes checkpoint, plot and attention map', () => {
  const out = mkdtempSync(join(tmpdir(), 'tg-demo-'));
  const r = runImageDemo({
    model: 'vit',
    steps: 3,
    batchSize: 8,
    lr: 3e-3,
    seed: 0,
    out,
    evalImages: 20,
    log: quiet,
  });
  expect(r.files.map((f) => f.slice(out.length + 1))).toEqual([
    'vit.safetensors',
    'vit-training.png',
    'vit-attention.png',
  ]);
  for (const f of r.files) expect(existsSync(f)).toBe(true);
  expect(r.accuracy).toBeGreaterThanOrEqual(0);
  expect(Number.isFinite(r.finalLoss)).toBe(true);
});

test('the ATS variant writes the kept-patches picture', () => {
  const out = mkdtempSync(join(tmpdir(), 'tg-demo-'));
  const r = runImageDemo({
    model: 'ats',
    steps: 2,
    batchSize: 8,
    lr: 3e-3,
    seed: 0,
    out,
    evalImages: 10,
    log: quiet,
  });
  expect(r.files.some((f) => f.endsWith('ats-kept-patches.png'))).toBe(true);
});

test('the memformer demo trains and measures recall with and without memory', () => {
  const out = mkdtempSync(join(tmpdir(), 'tg-demo-'));
  const r = runMemformerDemo({
    steps: 2,
    batchSize: 8,
    lr: 3e-3,
    seed: 0,
    out,
    evalImages: 16,
    log: quiet,
  });
  expect(r.chance).toBeCloseTo(1 / 8);
  expect(r.withMemory).toBeGreaterThanOrEqual(0);
  expect(r.withoutMemory).toBeLessThanOrEqual(1);
  expect(existsSync(join(out, 'memformer.safetensors'))).toBe(true);
});
