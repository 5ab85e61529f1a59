#!/usr/bin/env node
// Regenerates public/shapes-vit.safetensors, the checkpoint the page classifies with: the demo's
// ViT trained by the demo's own code (`runImageDemo` from @tensorgrad/demo) with the defaults of
// `npm run demo`, on the cpu backend. The run is seeded, so the same Node writes the same bytes;
// the script prints their sha256 to compare. `npm run checkpoint -w @tensorgrad/web` builds the
// demo first.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setBackend } from '@tensorgrad/autograd';
import { runImageDemo } from '@tensorgrad/demo/train-images';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(packageDir, 'public', 'shapes-vit.safetensors');

/** `npm run demo`'s defaults for the vit (packages/demo/src/cli.ts). */
const RUN = { model: 'vit', steps: 300, batchSize: 32, lr: 3e-3, seed: 0, evalImages: 600 };

// The cpu backend sums in a fixed order; the gpu's float32 rounding would change the bytes.
setBackend('cpu');
const out = mkdtempSync(join(tmpdir(), 'tensorgrad-checkpoint-'));
try {
  const result = runImageDemo({ ...RUN, out, log: (line) => console.log(line) });
  mkdirSync(dirname(target), { recursive: true }); // public/ is not in the repository
  copyFileSync(join(out, `${RUN.model}.safetensors`), target);
  const bytes = readFileSync(target);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  console.log(
    `held-out accuracy ${(100 * result.accuracy).toFixed(1)}% after ${result.seconds.toFixed(1)} s`,
  );
  console.log(`wrote ${target}: ${bytes.length.toLocaleString('en')} bytes, sha256 ${sha256}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
