/**
 * Users meet one tensor type: every public package exports the same `Tensor` class and no other
 * tensor class, everything the library returns is that class, and it is accepted everywhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as autograd from '@tensorgrad/autograd';
import { Tensor, manualSeed, randn, tensor } from '@tensorgrad/autograd';
import * as nn from '@tensorgrad/nn';
import {
  Adam,
  Linear,
  loadSafetensorsFile,
  rearrange,
  readSafetensors,
  saveSafetensorsFile,
  writeSafetensors,
} from '@tensorgrad/nn';
import * as models from '@tensorgrad/models';
import { LearnableMemoryViT } from '@tensorgrad/models';

/** Every class exported by a module namespace (namespaces nested one level are searched too). */
function exportedClasses(ns: Record<string, unknown>): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [name, value] of Object.entries(ns)) {
    if (typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value)))
      found.set(name, value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [inner, v] of Object.entries(value as Record<string, unknown>))
        if (typeof v === 'function') found.set(`${name}.${inner}`, v);
  }
  return found;
}

describe('one Tensor', () => {
  test('the public packages export one tensor class, the same object everywhere', () => {
    for (const [pkg, ns] of [
      ['autograd', autograd],
      ['nn', nn],
      ['models', models],
    ] as const) {
      const classes = exportedClasses(ns as unknown as Record<string, unknown>);
      // Any class that looks like a tensor (has shape and dtype on its prototype) must be Tensor.
      const tensorLike = [...classes].filter(([, c]) => {
        const proto = (c as { prototype?: object }).prototype;
        if (proto === undefined) return false;
        const has = (k: string) => Object.getOwnPropertyDescriptor(proto, k) !== undefined;
        return has('shape') && has('dtype') && has('reshape');
      });
      for (const [name, c] of tensorLike)
        expect(
          c === Tensor || (c as { prototype: object }).prototype instanceof Tensor,
          `${pkg}.${name}`,
        ).toBe(true);
      expect(
        [...classes.keys()].some((n) => /NDArray/.test(n)),
        pkg,
      ).toBe(false);
    }
  });

  test('state dicts, safetensors, einops and models return Tensor, and take it back', () => {
    manualSeed(0);
    const layer = new Linear(4, 3);
    const sd = layer.stateDict();
    for (const t of Object.values(sd)) expect(t).toBeInstanceOf(Tensor);

    const { tensors } = readSafetensors(writeSafetensors(sd));
    for (const t of tensors.values()) expect(t).toBeInstanceOf(Tensor);
    const other = new Linear(4, 3);
    other.loadStateDict(tensors);
    expect(other.weight.toArray()).toEqual(layer.weight.toArray());

    const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-one-tensor-'));
    try {
      saveSafetensorsFile(join(dir, 'w.safetensors'), sd);
      const loaded = loadSafetensorsFile(join(dir, 'w.safetensors'));
      for (const t of loaded.tensors.values()) expect(t).toBeInstanceOf(Tensor);
      // A tensor read from a file goes straight into a model.
      const x = loaded.tensors.get('weight') as Tensor; // [3, 4]
      expect(layer.forward(x.mT.mT).shape).toEqual([3, 3]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const x = randn([2, 4]);
    const y = rearrange(layer.forward(x), 'b c -> c b');
    expect(y).toBeInstanceOf(Tensor);
    const opt = new Adam(layer.parameters());
    y.sum().backward();
    opt.step();
    for (const s of Object.values(opt.stateDict().state[0] ?? {}))
      if (typeof s !== 'number') expect(s).toBeInstanceOf(Tensor);

    const vit = new LearnableMemoryViT({
      imageSize: 8,
      patchSize: 4,
      numClasses: 3,
      dim: 8,
      depth: 1,
      heads: 2,
      mlpDim: 8,
      dimHead: 4,
    });
    const logits = vit.forward(tensor(new Float32Array(2 * 3 * 8 * 8), { shape: [2, 3, 8, 8] }));
    expect(logits).toBeInstanceOf(Tensor);
    // What one model returns is accepted by another module.
    expect(new Linear(3, 2).forward(logits).shape).toEqual([2, 2]);
  });
});
