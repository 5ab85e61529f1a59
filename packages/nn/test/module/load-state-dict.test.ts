import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ones, zeros } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { Linear, Module, Sequential, writeSafetensors } from '@tensorgrad/nn';
import { tensor } from '@tensorgrad/autograd';
import { numbers } from '../helpers.js';

class Masked extends Module {
  readonly proj = new Linear(2, 3);
  constructor() {
    super();
    this.registerBuffer('mask', zeros([2], { dtype: 'bool' }));
  }
}

function snapshot(m: Module): Record<string, number[]> {
  return Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, numbers(v)]));
}

describe('loadStateDict', () => {
  it('copies every tensor (no aliasing) and round-trips', () => {
    const a = new Sequential(new Linear(2, 3), new Linear(3, 1));
    const b = new Sequential(new Linear(2, 3), new Linear(3, 1));
    const result = b.loadStateDict(a.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(b.stateDict()['0.weight']).not.toBe(a.stateDict()['0.weight']);
    // The Parameter objects are kept (optimisers hold them); only their values change.
    const weight = b.get(0)!.parameters()[0];
    b.loadStateDict(new Sequential(new Linear(2, 3), new Linear(3, 1)).stateDict());
    expect(b.get(0)!.parameters()[0]).toBe(weight);
  });

  it('reports missing, unexpected, shape and dtype problems together and changes nothing', () => {
    const model = new Masked();
    const before = snapshot(model);
    const bad: Record<string, Tensor> = {
      'proj.weight': zeros([3, 5]), // shape mismatch
      mask: tensor([0.5, 1]), // dtype mismatch: float32 into bool
      extra: zeros([1]), // unexpected
      // proj.bias missing
    };
    let message = '';
    try {
      model.loadStateDict(bad);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^loadStateDict\(Masked\): the state dict does not fit the model, nothing was loaded \(4 problems\)/,
    );
    expect(message).toContain('missing keys (1): proj.bias');
    expect(message).toContain('unexpected keys (1): extra');
    expect(message).toContain(
      'shape mismatch for proj.weight: [3, 5] in the state dict, [3, 2] in the model',
    );
    expect(message).toContain(
      'dtype mismatch for mask: float32 in the state dict, bool in the model',
    );
    expect(snapshot(model)).toEqual(before);
  });

  it('fails all or nothing: a single bad entry leaves even the good ones unloaded', () => {
    const model = new Masked();
    const before = snapshot(model);
    const sd = { ...new Masked().stateDict(), 'proj.bias': zeros([4]) };
    expect(() => model.loadStateDict(sd)).toThrow(/1 problem\)/);
    expect(snapshot(model)).toEqual(before);
  });

  it('with strict: false, returns missing and unexpected keys and loads the rest', () => {
    const model = new Masked();
    const result = model.loadStateDict(
      { 'proj.bias': ones([3]), other: ones([1]) },
      { strict: false },
    );
    // Own buffers come before children's entries, as in PyTorch's state_dict order.
    expect(result).toEqual({ missingKeys: ['mask', 'proj.weight'], unexpectedKeys: ['other'] });
    expect(numbers(model.proj.bias!)).toEqual([1, 1, 1]);
    // Shape mismatches fail even when not strict.
    expect(() => model.loadStateDict({ 'proj.bias': ones([2]) }, { strict: false })).toThrow(
      /shape mismatch/,
    );
  });

  it('loads int32 0/1 into a bool buffer (how PyTorch booleans are stored) but not other integers', () => {
    const model = new Masked();
    const sd = { ...model.stateDict(), mask: tensor([1, 0], { dtype: 'int32' }) };
    model.loadStateDict(sd);
    expect(model.stateDict()['mask']!.dtype).toBe('bool');
    expect(model.stateDict()['mask']!.toArray()).toEqual([true, false]);
    expect(() => model.loadStateDict({ ...sd, mask: tensor([2, 0], { dtype: 'int32' }) })).toThrow(
      /dtype mismatch for mask: int32/,
    );
  });

  it('saves and loads safetensors files and bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-nn-'));
    try {
      const a = new Masked();
      const path = join(dir, 'masked.safetensors');
      a.saveSafetensors(path);
      const b = new Masked();
      b.loadSafetensors(path);
      expect(snapshot(b)).toEqual(snapshot(a));

      const c = new Masked();
      c.loadSafetensors(writeSafetensors(a.stateDict()));
      expect(snapshot(c)).toEqual(snapshot(a));

      expect(() => new Linear(2, 2).loadSafetensors(path)).toThrow(
        /missing keys \(2\): weight, bias/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an entry that is not a Tensor is named, with how to build one, and nothing loads', () => {
    const model = new Masked();
    const before = snapshot(model);
    const sd = { ...new Masked().stateDict(), 'proj.weight': [[1, 2]] } as unknown as Record<
      string,
      Tensor
    >;
    expect(() => model.loadStateDict(sd)).toThrow(
      /loadStateDict\(Masked\): entry 'proj.weight' is an array, expected a Tensor \(build one with tensor\(values\)\)/,
    );
    expect(snapshot(model)).toEqual(before);
  });
});
