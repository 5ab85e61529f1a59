import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setBackend } from '@tensorgrad/autograd';
import { makeShapes, SHAPE_CLASSES } from '@tensorgrad/demo/shapes';
import { writeSafetensors } from '@tensorgrad/nn';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../src/backend-choice.js';
import { CHECKPOINT_FILE, modelFromCheckpoint } from '../src/checkpoint.js';
import { accuracy, argmaxRows, classify } from '../src/inference.js';
import { SAMPLES, drawSamples } from '../src/samples.js';

// The trained checkpoint is not kept in the repository: train it as `npm run checkpoint` does
// (the demo's seeded run, byte-identical each time; about a minute) when this checkout lacks it.
const checkpointPath = fileURLToPath(new URL(`../public/${CHECKPOINT_FILE}`, import.meta.url));
if (!existsSync(checkpointPath)) {
  const script = fileURLToPath(new URL('../scripts/checkpoint.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`scripts/checkpoint.mjs failed:\n${run.stderr}`);
}
const checkpointBytes = readFileSync(checkpointPath);

beforeAll(() => setBackend('cpu'));

describe('the shipped checkpoint', () => {
  it('is small and rebuilds the demo ViT with its class names', () => {
    expect(checkpointBytes.byteLength).toBeLessThan(1024 * 1024);
    const checkpoint = modelFromCheckpoint(checkpointBytes);
    expect(checkpoint.classes).toEqual([...SHAPE_CLASSES]);
    expect(checkpoint.options).toMatchObject({ imageSize: 32, patchSize: 8, numClasses: 6 });
    expect(checkpoint.parameterCount).toBe(67_446);
    expect(checkpoint.heldOutAccuracy).toBeGreaterThan(0.9);
    expect(checkpoint.model.training).toBe(false);
  });

  it("classifies the page's images right on the cpu", () => {
    const checkpoint = modelFromCheckpoint(checkpointBytes);
    const batch = drawSamples(32);
    const result = classify('cpu', checkpoint, batch);
    expect(result.logits).toHaveLength(SAMPLES.count);
    for (const row of result.logits) expect(row).toHaveLength(SHAPE_CLASSES.length);
    for (const row of result.probabilities) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(result.predictions).toEqual(argmaxRows(result.logits));
    // A randomly initialised network would get about 1 in 6 right.
    expect(accuracy(result.predictions, batch.labels)).toBeGreaterThanOrEqual(22 / 24);
    expect(result.ms).toBeGreaterThan(0);
  });
});

describe('checkpoint errors', () => {
  // A real state dict with the metadata replaced, so that only the metadata is wrong.
  const { tensors, metadata } = (() => {
    const checkpoint = modelFromCheckpoint(checkpointBytes);
    return {
      tensors: checkpoint.model.stateDict(),
      metadata: {
        model: 'vit',
        config: JSON.stringify(checkpoint.options),
        classes: JSON.stringify(checkpoint.classes),
      },
    };
  })();
  const withMetadata = (changes: Record<string, string | undefined>) => {
    const entries = Object.entries({ ...metadata, ...changes }).filter(([, v]) => v !== undefined);
    return writeSafetensors(tensors, Object.fromEntries(entries) as Record<string, string>);
  };

  it('loads the re-written file', () => {
    expect(modelFromCheckpoint(withMetadata({})).classes).toEqual([...SHAPE_CLASSES]);
  });

  it('names a checkpoint of another model', () => {
    expect(() => modelFromCheckpoint(withMetadata({ model: 'ats' }))).toThrow(
      /checkpoint: expected the demo's vit \(metadata model "vit"\), got "ats"; regenerate it with/,
    );
  });

  it('names missing or broken metadata', () => {
    expect(() => modelFromCheckpoint(withMetadata({ config: undefined }))).toThrow(
      'checkpoint: metadata "config" is missing',
    );
    expect(() => modelFromCheckpoint(withMetadata({ classes: '[oops' }))).toThrow(
      'checkpoint: metadata "classes" is not JSON',
    );
    expect(() => modelFromCheckpoint(withMetadata({ classes: '["a","b"]' }))).toThrow(
      'checkpoint: metadata "classes" should list 6 class names, got ["a","b"]',
    );
  });

  it("passes on loadStateDict's error for weights of another size", () => {
    const bigger = JSON.stringify({ ...JSON.parse(metadata.config), dim: 64 });
    expect(() => modelFromCheckpoint(withMetadata({ config: bigger }))).toThrow(
      /loadStateDict\(ViT\): the state dict does not fit the model, nothing was loaded/,
    );
  });
});

describe('samples', () => {
  it("are the demo's makeShapes images from the page's seed", () => {
    const batch = drawSamples(32);
    const again = makeShapes(SAMPLES.count, 32, SAMPLES.seed);
    expect(batch.n).toBe(24);
    expect(Array.from(batch.labels)).toEqual(Array.from(again.labels));
    expect(batch.images.every((v, i) => v === again.images[i])).toBe(true);
    // Not one class only: the page should show most of them.
    expect(new Set(batch.labels).size).toBeGreaterThanOrEqual(5);
  });
});

describe('chooseBackend', () => {
  const probe =
    (available: boolean, mode: string, reason = 'why') =>
    () => ({
      available,
      mode,
      reason,
    });

  it('takes the gpu when gpu.js runs on WebGL', () => {
    expect(chooseBackend(null, probe(true, 'webgl2'))).toEqual({ backend: 'gpu', mode: 'webgl2' });
    expect(chooseBackend('auto', probe(true, 'webgl'))).toEqual({ backend: 'gpu', mode: 'webgl' });
  });

  it('falls back to the cpu and says why', () => {
    expect(chooseBackend(null, probe(true, 'webasm'))).toEqual({
      backend: 'cpu',
      fallback:
        'no WebGL for the gpu backend (gpu.js offers only its webasm mode here, which runs on the cpu)',
    });
    expect(chooseBackend(null, probe(false, 'none', 'gpu.js is not loaded'))).toEqual({
      backend: 'cpu',
      fallback: 'no WebGL for the gpu backend (gpu.js is not loaded)',
    });
  });

  it('runs on the cpu when asked, without asking gpu.js', () => {
    const never = () => {
      throw new Error('probed');
    };
    expect(chooseBackend('cpu', never)).toEqual({ backend: 'cpu' });
  });

  it('rejects an unknown ?backend=', () => {
    expect(() => chooseBackend('cuda', probe(true, 'webgl2'))).toThrow(
      '?backend=cuda: expected cpu or auto (the default: gpu if it can)',
    );
  });
});

describe('helpers', () => {
  it('argmaxRows picks the first largest entry of each row', () => {
    expect(
      argmaxRows([
        [0.1, 0.9, 0.3],
        [-1, -2, -0.5],
        [2, 2, 1],
      ]),
    ).toEqual([1, 2, 0]);
  });

  it('accuracy counts equal entries', () => {
    expect(accuracy([0, 1, 2, 3], [0, 1, 0, 3])).toBe(0.75);
    expect(accuracy([], [])).toBe(0);
  });
});
