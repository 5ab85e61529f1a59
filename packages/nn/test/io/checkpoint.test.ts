/**
 * Checkpoints: a run stopped, saved, loaded into fresh objects and resumed gives the same losses,
 * bit for bit, as a run that never stopped; loading is checked and all or nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, memory, randint, randn, tensor, tidy } from '@tensorgrad/autograd';
import {
  Adam,
  CosineAnnealingLR,
  Dropout,
  F,
  Linear,
  LinearLR,
  ReLU,
  Sequential,
  SequentialLR,
  checkpointFromBytes,
  checkpointToBytes,
  loadCheckpoint,
  readSafetensors,
  saveCheckpoint,
  writeSafetensors,
} from '@tensorgrad/nn';

const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A fixed data set: 32 points in 4-D, 3 classes.
const data = randn([32, 4], { generator: new Generator(100) });
const labels = randint(0, 3, [32], { generator: new Generator(101), dtype: 'int32' });

/** A training run's objects: an MLP with dropout drawing from `generator`, Adam, warm-up then cosine. */
function setup(seed: number) {
  const init = new Generator(seed);
  const generator = new Generator(seed + 1);
  const model = new Sequential(
    new Linear(4, 16, { generator: init }),
    new ReLU(),
    new Dropout(0.3, { generator }),
    new Linear(16, 3, { generator: init }),
  );
  const optimizer = new Adam(model.parameters(), { lr: 0.05, weightDecay: 1e-3 });
  const scheduler = new SequentialLR(
    optimizer,
    [
      new LinearLR(optimizer, { startFactor: 0.2, totalIters: 3 }),
      new CosineAnnealingLR(optimizer, 10),
    ],
    [3],
  );
  return { model, optimizer, scheduler, generator };
}

type Run = ReturnType<typeof setup>;

/** One step: a minibatch drawn from the generator, dropout, Adam, the scheduler. Returns the loss. */
function trainStep({ model, optimizer, scheduler, generator }: Run): number {
  const loss = tidy(() => {
    const batch = randint(0, 32, [8], { generator, dtype: 'int32' });
    const l = F.crossEntropy(
      model.forward(data.indexSelect(0, batch)),
      labels.indexSelect(0, batch),
    );
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    return l.item();
  });
  scheduler.step();
  return loss;
}

/** float32 bit patterns, so that the comparison is exact (and NaN-safe). */
function bits(values: number[] | Float32Array): number[] {
  return [...new Uint32Array(Float32Array.from(values).buffer)];
}

function parameterBits(run: Run): number[][] {
  return run.model.parameters().map((p) => bits(p.data() as Float32Array));
}

describe('checkpoints', () => {
  const steps = 6;
  const uninterrupted = setup(0);
  const reference = Array.from({ length: 2 * steps }, () => trainStep(uninterrupted));

  for (const via of ['file', 'bytes'] as const) {
    it(`resumes bit-identically from a checkpoint (${via})`, () => {
      const first = setup(0);
      const before = Array.from({ length: steps }, () => trainStep(first));
      expect(bits(before)).toEqual(bits(reference.slice(0, steps)));
      const path = join(dir, `run-${via}.safetensors`);
      const contents = {
        ...first,
        step: steps,
        extra: { bestLoss: Math.min(...before), tags: ['mlp'] },
      };
      const bytes = via === 'bytes' ? checkpointToBytes(contents) : undefined;
      if (via === 'file') saveCheckpoint(path, contents);

      // Fresh objects, built differently (other seeds): everything must come from the checkpoint.
      const second = setup(7);
      const targets = {
        model: second.model,
        optimizer: second.optimizer,
        scheduler: second.scheduler,
        generator: second.generator,
      };
      const loaded = bytes ? checkpointFromBytes(bytes, targets) : loadCheckpoint(path, targets);
      expect(loaded.step).toBe(steps);
      expect(loaded.extra).toEqual({ bestLoss: Math.min(...before), tags: ['mlp'] });
      expect(second.optimizer.paramGroups[0]!.lr).toBe(first.optimizer.paramGroups[0]!.lr);

      const after = Array.from({ length: steps }, () => trainStep(second));
      expect(bits(after)).toEqual(bits(reference.slice(steps)));
      expect(parameterBits(second)).toEqual(parameterBits(uninterrupted));
      expect(second.scheduler.getLastLr()).toEqual(uninterrupted.scheduler.getLastLr());
    });
  }

  it('is one safetensors file: tensors as entries, the rest as JSON metadata', () => {
    const run = setup(0);
    trainStep(run);
    const { tensors, metadata } = readSafetensors(checkpointToBytes({ ...run, step: 1 }));
    expect([...tensors.keys()].sort()).toEqual(
      [
        'model.0.bias',
        'model.0.weight',
        'model.3.bias',
        'model.3.weight',
        ...[0, 1, 2, 3].flatMap((i) => [
          `optimizer.state.${i}.expAvg`,
          `optimizer.state.${i}.expAvgSq`,
        ]),
      ].sort(),
    );
    expect(metadata['format']).toBe('tensorgrad-checkpoint');
    const json = JSON.parse(metadata['checkpoint']!);
    expect(json.step).toBe(1);
    expect(json.optimizer.state['0']).toEqual({ step: 1 });
    expect(json.optimizer.paramGroups[0].params).toEqual([0, 1, 2, 3]);
    expect(json.scheduler.lastEpoch).toBe(1);
    expect(json.generator).toHaveLength(40);
  });

  it('checks everything before changing anything', () => {
    const saved = setup(0);
    trainStep(saved);
    const bytes = checkpointToBytes(saved);
    // A model with another hidden size: the model refuses after the scheduler was loaded, which
    // must be undone; the optimiser of that model refuses first anyway — so use a matching optimiser.
    const other = setup(3);
    const wrongModel = new Sequential(
      new Linear(4, 16),
      new ReLU(),
      new Dropout(0.3),
      new Linear(16, 2),
    );
    const schedulerBefore = other.scheduler.stateDict();
    const generatorBefore = other.generator.getState();
    const optimizerBefore = other.optimizer.paramGroups[0]!.lr;
    expect(() =>
      checkpointFromBytes(bytes, {
        model: wrongModel,
        scheduler: other.scheduler,
        generator: other.generator,
        optimizer: other.optimizer,
      }),
    ).toThrow(
      /loadStateDict\(Sequential\): .*shape mismatch for 3\.weight: \[3, 16\] in the state dict, \[2, 16\] in the model/s,
    );
    expect(other.scheduler.stateDict()).toEqual(schedulerBefore);
    expect(other.generator.getState()).toEqual(generatorBefore);
    expect(other.optimizer.paramGroups[0]!.lr).toBe(optimizerBefore);
    expect(other.optimizer.stateDict().state).toEqual({});

    // An optimiser over other parameters is refused before anything loads.
    const weightsBefore = bits(other.model.parameters()[0]!.data() as Float32Array);
    const smaller = new Adam([other.model.parameters()[0]!]);
    expect(() => checkpointFromBytes(bytes, { model: other.model, optimizer: smaller })).toThrow(
      'group 0 has 4 parameters in the state dict, 1 in the optimiser',
    );
    expect(bits(other.model.parameters()[0]!.data() as Float32Array)).toEqual(weightsBefore);
  });

  it('names a part the file does not hold, and refuses files that are not checkpoints', () => {
    const run = setup(0);
    const modelOnly = checkpointToBytes({ model: run.model });
    expect(() =>
      checkpointFromBytes(modelOnly, { model: run.model, optimizer: run.optimizer }),
    ).toThrow(
      'checkpoint: the file holds no optimizer state (it was saved without `optimizer`); nothing was loaded',
    );
    const weights = writeSafetensors(run.model.stateDict());
    expect(() => checkpointFromBytes(weights, { model: run.model })).toThrow(
      'checkpoint: not a checkpoint (its safetensors metadata has format undefined, expected "tensorgrad-checkpoint"); to load plain model weights, use model.loadSafetensors',
    );
    // Parts nobody asks for are ignored.
    expect(checkpointFromBytes(checkpointToBytes({ ...run, step: 3 })).step).toBe(3);
  });

  it('refuses extras that JSON would change', () => {
    expect(() => checkpointToBytes({ extra: { best: NaN } })).toThrow(
      'checkpoint: extra.best is NaN, which JSON cannot store',
    );
    expect(() => checkpointToBytes({ extra: { ema: tensor([1]) } })).toThrow(
      'checkpoint: extra.ema is a Tensor, which JSON cannot store in the JSON part; keep tensors in a Module (a buffer) and save it as `model`',
    );
    expect(() => checkpointToBytes({ extra: [new Map()] })).toThrow(
      'checkpoint: extra[0] is a Map',
    );
    expect(() => checkpointToBytes({ step: Infinity })).toThrow(
      'checkpoint: step must be a finite number, got Infinity',
    );
    expect(
      checkpointFromBytes(checkpointToBytes({ extra: { a: [1, 'b', null, true] } })).extra,
    ).toEqual({
      a: [1, 'b', null, true],
    });
  });

  it('frees the tensors it read', () => {
    const run = setup(0);
    trainStep(run);
    const bytes = checkpointToBytes(run);
    checkpointFromBytes(bytes, run); // warm-up: the optimiser state exists from here on
    const before = memory();
    checkpointFromBytes(bytes, run);
    const after = memory();
    expect(after.tensors).toBe(before.tensors);
    expect(after.buffers).toBe(before.buffers);
  });
});
