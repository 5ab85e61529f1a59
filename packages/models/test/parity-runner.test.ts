/**
 * The parity runner itself: allclose semantics, and that it fails when it should (a tampered
 * reference, a network without a driver) — a runner that cannot fail proves nothing.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { gpuAvailability, memory, tensor } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { readSafetensors, writeSafetensors } from '@tensorgrad/nn';
import { learnableMemoryVit } from '@tensorgrad/models';
import {
  compareTensors,
  formatReport,
  parityCommand,
  readManifest,
  registerDriver,
  runCase,
  runParity,
} from '@tensorgrad/models/parity';
import type { ParityCase } from '@tensorgrad/models/parity';
import { PARITY_DIR } from './fixture-dir.js';

const manifest = readManifest(PARITY_DIR);
const vitCase = manifest.cases.find((c) => c.name === 'vit_basic') as ParityCase;

describe('compareTensors', () => {
  const tol = { atol: 1e-3, rtol: 1e-2 };

  test('passes within atol + rtol * |expected| and fails just outside', () => {
    const expected = tensor([0, 100]);
    // allowed: 1e-3 at 0, 1e-3 + 1 at 100
    expect(compareTensors('x', tensor([0.0009, 100.9]), expected, tol).ok).toBe(true);
    const outside = compareTensors('x', tensor([0.0011, 100]), expected, tol);
    expect(outside.ok).toBe(false);
    expect(outside.worstIndex).toBe(0);
    expect(outside.maxAbs).toBeCloseTo(0.0011, 6);
    expect(compareTensors('x', tensor([0, 101.1]), expected, tol).ok).toBe(false);
  });

  test('reports the worst absolute and relative error', () => {
    const c = compareTensors('x', tensor([1.5, 10.5]), tensor([1, 10]), { atol: 1, rtol: 0 });
    expect(c.ok).toBe(true);
    expect(c.maxAbs).toBeCloseTo(0.5, 6);
    expect(c.maxRel).toBeCloseTo(0.5, 6);
    expect(c.worstRatio).toBeCloseTo(0.5, 6);
  });

  test('integers and booleans must match exactly', () => {
    const ids = tensor([[0, 3, 5]], { dtype: 'int32' });
    expect(
      compareTensors('ids', tensor([[0, 3, 5]], { dtype: 'int32' }), ids, { atol: 10, rtol: 10 })
        .ok,
    ).toBe(true);
    expect(
      compareTensors('ids', tensor([[0, 3, 4]], { dtype: 'int32' }), ids, { atol: 10, rtol: 10 })
        .ok,
    ).toBe(false);
    const mask = tensor([1, 0], { dtype: 'int32' }).cast('bool');
    expect(compareTensors('m', tensor([true, false]), mask, tol).ok).toBe(true);
    expect(compareTensors('m', tensor([true, true]), mask, tol).ok).toBe(false);
  });

  test('a float result against an integer reference, a wrong shape or a NaN fails with a reason', () => {
    expect(
      compareTensors('x', tensor([1, 2]), tensor([1, 2], { dtype: 'int32' }), tol).reason,
    ).toMatch(/dtype/);
    expect(compareTensors('x', tensor([1, 2]), tensor([[1, 2]]), tol).reason).toMatch(
      /shape \[2\].*\[1, 2\]/,
    );
    const nan = compareTensors('x', tensor([1, Number.NaN]), tensor([1, 2]), tol);
    expect(nan.ok).toBe(false);
    expect(nan.reason).toMatch(/NaN/);
  });
});

/** A fixture directory holding only `cases` (their files copied unless `files` replaces them). */
function fixtureWith(cases: ParityCase[], files: Record<string, Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-parity-'));
  for (const c of cases) {
    if (files[c.file] !== undefined) writeFileSync(join(dir, c.file), files[c.file]!);
    else copyFileSync(join(PARITY_DIR, c.file), join(dir, c.file));
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, cases }));
  return dir;
}

describe('runCase', () => {
  test.each(['vit_basic', 'adapter_basic', 'ats_vit_sample3'])(
    '%s: frees every tensor of the case when it is done',
    (name) => {
      const parityCase = manifest.cases.find((c) => c.name === name) as ParityCase;
      runCase(PARITY_DIR, parityCase); // first run: lazily created globals (caches) settle
      const before = memory().tensors;
      expect(runCase(PARITY_DIR, parityCase).passed).toBe(true);
      expect(memory().tensors).toBe(before);
    },
  );

  test('a model without a driver fails the case, naming the model', () => {
    const result = runCase(PARITY_DIR, { ...vitCase, model: 'NoSuchNetwork' });
    expect(result.passed).toBe(false);
    expect(result.problems.join('\n')).toMatch(
      /no parity driver is registered for model "NoSuchNetwork"/,
    );
  });

  test('a model whose parameters are frozen where the reference trains them fails, naming them', () => {
    registerDriver({
      model: 'FrozenViT',
      build: (config) => {
        const vit = new learnableMemoryVit.ViT(config as unknown as learnableMemoryVit.ViTOptions);
        learnableMemoryVit.freezeAllLayers(vit);
        return vit;
      },
      run: (model, data) => ({
        'output.logits': (model as learnableMemoryVit.ViT).forward(data.get('input.img')),
      }),
    });
    const result = runCase(PARITY_DIR, { ...vitCase, model: 'FrozenViT' });
    expect(result.passed).toBe(false);
    expect(result.problems).toContain(
      'grad.param.cls_token: the parameter is frozen here but trainable in the reference',
    );
  });

  test('state-dict keys that differ from the reference fail the case, naming the first difference', () => {
    registerDriver({
      model: 'AdapterAsViT',
      build: (config) =>
        new learnableMemoryVit.Adapter({
          vit: new learnableMemoryVit.ViT(config as unknown as learnableMemoryVit.ViTOptions),
        }),
      run: () => ({}),
    });
    const result = runCase(PARITY_DIR, { ...vitCase, model: 'AdapterAsViT' });
    expect(result.passed).toBe(false);
    expect(result.problems[0]).toMatch(
      /^state-dict key #0 is "memory_cls_token" but the reference has "pos_embedding"/,
    );
    expect(result.problems[1]).toMatch(/^error: loadStateDict\(Adapter\).*missing keys/s);
  });

  test('a tampered reference output and gradient are caught, and only those', () => {
    const { tensors } = readSafetensors(
      new Uint8Array(readFileSync(join(PARITY_DIR, vitCase.file))),
    );
    const tampered = new Map<string, Tensor>(tensors);
    // Each shift is a few times the case's tolerance at that element.
    tampered.set('output.logits', (tensors.get('output.logits') as Tensor).add(5e-4));
    tampered.set('grad.param.cls_token', (tensors.get('grad.param.cls_token') as Tensor).mul(1.01));
    const dir = fixtureWith([vitCase], { [vitCase.file]: writeSafetensors(tampered) });

    const report = runParity(dir);
    const [result] = report.results;
    expect(report.failed).toBe(1);
    expect(result?.tensors.filter((t) => !t.ok).map((t) => t.name)).toEqual([
      'output.logits',
      'grad.param.cls_token',
    ]);
    expect(formatReport(report).at(-1)).toBe('0 passed, 1 failed');
  });
});

describe('parityCommand', () => {
  test('prints one line per case and the totals, writes the JSON table, exits 0 when all pass', () => {
    const dir = fixtureWith([vitCase]);
    const lines: string[] = [];
    const json = join(dir, 'report.json');
    expect(parityCommand([dir, '--backend', 'cpu', '--json', json], (l) => lines.push(l))).toBe(0);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^PASS vit_basic +outputs abs \S+ rel \S+ tol \d+% \| aux - \| grads abs/,
    );
    expect(lines[1]).toBe('1 passed, 0 failed');
    const table = JSON.parse(readFileSync(json, 'utf8')) as {
      passed: number;
      results: { name: string; tensors: unknown[] }[];
    };
    expect(table.passed).toBe(1);
    expect(table.results[0]?.tensors).toHaveLength(1 + vitCase.grads.length);
  });

  test('exits 1 when a case fails (here: no driver for its model)', () => {
    const dir = fixtureWith([{ ...vitCase, model: 'NoSuchNetwork' }]);
    const lines: string[] = [];
    expect(parityCommand([dir], (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toBe('0 passed, 1 failed');
  });

  test('exits 2 with the usage on bad arguments', () => {
    const errors: string[] = [];
    const quiet = (): void => {};
    expect(parityCommand([], quiet, (l) => errors.push(l))).toBe(2);
    expect(parityCommand([PARITY_DIR, '--backend', 'tpu'], quiet, (l) => errors.push(l))).toBe(2);
    expect(errors[0]).toMatch(/missing <fixture-dir>\nusage: parity/);
    expect(errors[1]).toMatch(/--backend expects cpu or gpu, got tpu/);
    expect(parityCommand([PARITY_DIR, '--require-gl'], quiet, (l) => errors.push(l))).toBe(2);
    expect(errors[2]).toMatch(/^--require-gl needs --backend gpu\nusage: parity/);
  });

  test('--backend gpu first names the gpu.js mode; --require-gl refuses a mode without GL', () => {
    const gpu = gpuAvailability();
    const dir = fixtureWith([]);
    const lines: string[] = [];
    const errors: string[] = [];
    const status = parityCommand(
      [dir, '--backend', 'gpu', '--require-gl'],
      (l) => lines.push(l),
      (l) => errors.push(l),
    );
    if (!gpu.available) {
      expect(status).toBe(1);
      expect(errors).toEqual([`parity: no gpu backend here: ${gpu.reason}`]);
    } else if (['headlessgl', 'webgl2', 'webgl'].includes(gpu.mode)) {
      expect(status).toBe(0);
      expect(lines).toEqual([
        `backend gpu: gpu.js mode ${gpu.mode} (${gpu.reason})`,
        '0 passed, 0 failed',
      ]);
    } else {
      expect(status).toBe(1);
      expect(lines).toEqual([`backend gpu: gpu.js mode ${gpu.mode} (${gpu.reason})`]);
      expect(errors).toEqual([
        `parity: --require-gl, but the gpu backend runs gpu.js's ${gpu.mode} mode`,
      ]);
    }
  });
});
