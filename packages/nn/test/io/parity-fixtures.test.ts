import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSafetensorsFile, readSafetensors } from '../../src/io/index.js';
import { parityDir } from './fixtures.js';

interface ManifestCase {
  name: string;
  file: string;
  bytes: number;
  model: string;
  inputShapes: Record<string, number[]>;
  outputShapes: Record<string, number[]>;
  auxShapes: Record<string, number[]>;
  noise?: Record<string, { shape: number[] }>;
  grads: string[];
  stateDictKeys: string[];
  booleanTensors: string[];
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', parityDir), 'utf8')) as {
  cases: ManifestCase[];
};

describe('parity fixtures load with the manifest shapes', () => {
  it('the manifest lists the ten cases', () => {
    expect(manifest.cases.length).toBe(10);
  });

  for (const entry of manifest.cases) {
    it(entry.name, () => {
      const path = fileURLToPath(new URL(entry.file, parityDir));
      expect(statSync(path).size).toBe(Number(entry.bytes));
      const { tensors, metadata } = loadSafetensorsFile(path);
      expect(metadata.case).toBe(entry.name);
      expect(metadata.model).toBe(entry.model);

      // Every shape the manifest states, plus the shapes implied by the naming scheme.
      const expected = new Map<string, number[]>();
      const named = { ...entry.inputShapes, ...entry.outputShapes, ...entry.auxShapes };
      for (const [name, shape] of Object.entries(named)) expected.set(name, shape);
      for (const [name, { shape }] of Object.entries(entry.noise ?? {})) expected.set(name, shape);
      for (const [name, shape] of Object.entries(entry.outputShapes)) {
        const lossWeight = `loss_weight.${name.slice('output.'.length)}`;
        if (tensors.has(lossWeight)) expected.set(lossWeight, shape);
      }
      for (const grad of entry.grads) {
        const target = grad.startsWith('grad.param.')
          ? `param.${grad.slice('grad.param.'.length)}`
          : grad.slice('grad.'.length);
        const shape = tensors.get(target)?.shape;
        expect(shape, `${grad} has no matching ${target}`).toBeDefined();
        expected.set(grad, [...shape!]);
      }
      for (const [name, shape] of expected) {
        expect(tensors.get(name)?.shape, name).toEqual(shape);
      }

      // Parameters are exactly the state dict, and nothing in the file is unaccounted for.
      const params = [...tensors.keys()]
        .filter((k) => k.startsWith('param.'))
        .map((k) => k.slice('param.'.length));
      expect(new Set(params)).toEqual(new Set(entry.stateDictKeys));
      for (const name of tensors.keys()) {
        expect(
          name.startsWith('param.') || name.startsWith('loss_weight.') || expected.has(name),
          name,
        ).toBe(true);
      }

      for (const [name, t] of tensors) {
        const isInteger =
          entry.booleanTensors.includes(name) ||
          name.endsWith('token_ids') ||
          name.endsWith('sampled_ids') ||
          /input\.seg\d\.(src|tgt)/.test(name);
        expect(t.dtype, name).toBe(isInteger ? 'int32' : 'float32');
      }
      for (const name of entry.booleanTensors) {
        const values = tensors.get(name)!.data();
        expect(
          values.every((v) => v === 0 || v === 1),
          name,
        ).toBe(true);
      }
      for (const t of tensors.values()) t.dispose();
    });
  }

  it('an ArrayBuffer of a file reads the same as the file', () => {
    const first = manifest.cases[0]!;
    const path = fileURLToPath(new URL(first.file, parityDir));
    const buffer = readFileSync(path);
    const fromFile = loadSafetensorsFile(path).tensors;
    const fromBuffer = readSafetensors(
      buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
    ).tensors;
    expect([...fromBuffer.keys()]).toEqual([...fromFile.keys()]);
    for (const [name, t] of fromFile) expect(fromBuffer.get(name)!.data(), name).toEqual(t.data());
  });

  it('a Node Buffer (a pooled Uint8Array whose slice() does not copy) reads the same as the file', () => {
    // Regression: decoding used to assume slice() copies, which Buffer's does not.
    const path = fileURLToPath(new URL(manifest.cases[0]!.file, parityDir));
    const fromFile = loadSafetensorsFile(path).tensors;
    const fromNodeBuffer = readSafetensors(readFileSync(path)).tensors;
    for (const [name, t] of fromFile)
      expect(fromNodeBuffer.get(name)!.data(), name).toEqual(t.data());
    const padded = Buffer.concat([Buffer.alloc(3), readFileSync(path)]).subarray(3);
    expect(padded.byteOffset).toBe(3);
    for (const [name, t] of readSafetensors(padded).tensors)
      expect(t.data(), name).toEqual(fromFile.get(name)!.data());
  });
});
