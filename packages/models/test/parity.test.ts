/**
 * Every parity case of the shipped fixtures, on cpu, through the same runner as
 * `npm run parity`. A case whose network has no driver yet fails (it is not skipped).
 */
import { describe, expect, test } from 'vitest';
import { formatCase, readManifest, runCase } from '@tensorgrad/models/parity';
import { PARITY_DIR } from './fixture-dir.js';

const manifest = readManifest(PARITY_DIR);

describe('parity (cpu)', () => {
  test.each(manifest.cases.map((c) => [c.name, c] as const))('%s', (_name, parityCase) => {
    const result = runCase(PARITY_DIR, parityCase, { backend: 'cpu' });
    const failures = result.tensors
      .filter((t) => !t.ok)
      .map(
        (t) =>
          `${t.name}: max abs ${t.maxAbs}, worst/allowed ${t.worstRatio}${t.reason ? ` (${t.reason})` : ''}`,
      );
    expect({ problems: result.problems, failures }, formatCase(result)).toEqual({
      problems: [],
      failures: [],
    });
    expect(result.passed).toBe(true);
    // Every output is compared; the loss agrees with the reference's float32 value.
    expect(result.groups.outputs.count).toBe(Object.keys(parityCase.outputs).length);
    expect(result.groups.grads.count).toBe(parityCase.grads.length);
    expect(result.loss).toBeCloseTo(parityCase.lossValue, 4);
  });
});
