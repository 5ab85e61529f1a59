/** The `@example`s of src/parity/, run as written (fixture paths point at the real fixtures). */
import { describe, expect, it } from 'vitest';
import { randn } from '@tensorgrad/autograd';
import { Linear } from '@tensorgrad/nn';
import { tensor } from '@tensorgrad/tensor';
import { ViT } from '../src/learnable-memory-vit.js';
import { parseParityArguments } from '../src/parity/command.js';
import { compareTensors } from '../src/parity/compare.js';
import { getDriver, registerDriver, registeredModels } from '../src/parity/driver.js';
import { registerAllDrivers } from '../src/parity/drivers/index.js';
import { atsVitDriver } from '../src/parity/drivers/ats-vit.js';
import { readFixtureTensors } from '../src/parity/fixture.js';
import { expectModel, recordOutputs } from '../src/parity/hooks.js';
import { readManifest } from '../src/parity/manifest.js';
import { gpuTolerance, runCase } from '../src/parity/runner.js';
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

  it('compareTensors', () => {
    const ok = compareTensors('output.y', tensor([1, 2.00001]), tensor([1, 2]), {
      atol: 1e-4,
      rtol: 0,
    }).ok;
    expect(ok).toBe(true);
  });

  it('registerDriver, getDriver, registeredModels, registerAllDrivers', () => {
    registerDriver({
      model: 'Linear',
      build: (config) => new Linear(config.inFeatures as number, config.outFeatures as number),
      run: (model, data) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
    });
    expect(() => registerDriver({ ...atsVitDriver, model: 'Linear' })).toThrow(
      /a driver for model "Linear" is already registered/,
    );
    registerAllDrivers();
    expect(getDriver('ViT')?.model).toBe('ViT');
    expect(getDriver('ATSViT')).toBe(atsVitDriver);
    expect(getDriver('NoSuchNetwork')).toBeUndefined();
    expect(registeredModels()).toEqual(
      expect.arrayContaining(['Linear', 'ViT', 'Adapter', 'ATSViT']),
    );
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

  it('gpuTolerance', () => {
    expect(gpuTolerance({ atol: 1e-6, rtol: 1e-4 }, 'outputs')).toEqual({ atol: 1e-5, rtol: 1e-3 });
    expect(gpuTolerance({ atol: 5e-6, rtol: 1e-3 }, 'grads')).toEqual({ atol: 5e-5, rtol: 1e-2 });
  });

  it('runCase', () => {
    const manifest = readManifest(PARITY_DIR);
    expect(runCase(PARITY_DIR, manifest.cases[0]!).passed).toBe(true);
  });

  it('parseParityArguments', () => {
    expect(parseParityArguments(['shared/parity', '--backend', 'gpu'])).toEqual({
      dir: 'shared/parity',
      backend: 'gpu',
    });
    expect(parseParityArguments(['d', '--json', 'out.json'])).toEqual({
      dir: 'd',
      backend: 'cpu',
      json: 'out.json',
    });
    expect(() => parseParityArguments(['a', 'b'])).toThrow(/unexpected argument b/);
  });
});
