/**
 * The illustrations of src/parity/'s internal helpers (not exported, so not `@example`s that
 * test/doc-examples.test.ts runs), and the examples' claims about the real fixtures; the public
 * API's examples run from the TSDoc itself.
 */
import { describe, expect, it } from 'vitest';
import { randn } from '@tensorgrad/autograd';
import { Linear } from '@tensorgrad/nn';
import { ViT } from '../src/learnable-memory-vit.js';
import { getDriver } from '../src/parity/driver.js';
import { registerAllDrivers } from '../src/parity/drivers/index.js';
import { atsVitDriver } from '../src/parity/drivers/ats-vit.js';
import { readFixtureTensors } from '../src/parity/fixture.js';
import { expectModel, recordOutputs } from '../src/parity/hooks.js';
import { readManifest } from '../src/parity/manifest.js';
import { runCase } from '../src/parity/runner.js';
import { PARITY_DIR } from './fixture-dir.js';

describe('src/parity examples', () => {
  it('readManifest', () => {
    const manifest = readManifest(PARITY_DIR);
    expect(manifest.cases.map((c) => c.name).slice(0, 2)).toEqual(['vit_basic', 'adapter_basic']);
  });

  it('readFixtureTensors', () => {
    const manifest = readManifest(PARITY_DIR);
    const tensors = readFixtureTensors(PARITY_DIR, manifest.cases[0]!);
    expect(tensors.get('input.img')?.shape).toEqual([2, 3, 32, 32]);
  });

  it('recordOutputs, expectModel', () => {
    const vit = new ViT({
      imageSize: 16,
      patchSize: 8,
      numClasses: 2,
      dim: 8,
      depth: 1,
      heads: 2,
      dimHead: 4,
      mlpDim: 16,
    });
    const outs = recordOutputs(vit.transformer);
    vit.forward(randn([3, 3, 16, 16]));
    expect(outs[0]?.shape).toEqual([3, 5, 8]);
    expect(expectModel('ViT', vit, ViT)).toBe(vit);
    expect(() => expectModel('ViT', new Linear(1, 1), ViT)).toThrow(
      /ViT driver: expected a ViT, got a Linear/,
    );
  });

  it('registerAllDrivers registers the drivers themselves', () => {
    registerAllDrivers();
    expect(getDriver('ATSViT')).toBe(atsVitDriver);
  });

  it('runCase', () => {
    const manifest = readManifest(PARITY_DIR);
    expect(runCase(PARITY_DIR, manifest.cases[0]!).passed).toBe(true);
  });
});
