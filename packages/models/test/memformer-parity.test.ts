/**
 * The three Memformer parity cases on cpu: every output, aux and gradient tensor (including
 * `grad.output.seg1.mem`, the gradient that crosses from segment 2 back into segment 1's memory)
 * within the case's tolerances, and the state-dict keys exactly the reference's, in order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parityCase, runMemformerCase, type ParityRun } from './memformer-fixtures.js';

const CASES = ['memformer_basic', 'memformer_masked', 'memformer_encoder_only'] as const;

describe.each(CASES)('%s', (name) => {
  const c = parityCase(name);
  let run: ParityRun;
  beforeAll(() => {
    run = runMemformerCase(name);
  });

  it('has exactly the reference state-dict keys, in order', () => {
    expect(run.stateDictKeys).toEqual(c.stateDictKeys);
  });

  it('reproduces the loss', () => {
    expect(Math.abs(run.loss - c.lossValue)).toBeLessThanOrEqual(1e-4 * Math.abs(c.lossValue) + c.atol);
  });

  it('compares every output, aux and grad tensor of the fixture', () => {
    const expectedNames = [...Object.keys(c.outputs), ...Object.keys(c.aux ?? {}), ...c.grads].sort();
    expect(run.comparisons.map((r) => r.name).sort()).toEqual(expectedNames);
    expect(c.grads).toContain('grad.output.seg1.mem');
  });

  it('matches every tensor within tolerance', () => {
    const failures = run.comparisons.filter((r) => !r.ok).map((r) => `${r.name}: ${r.reason ?? `maxAbs ${r.maxAbs.toExponential(2)}, ratio ${r.worstRatio.toFixed(2)}`}`);
    const worst = (prefix: string) =>
      run.comparisons.filter((r) => r.name.startsWith(prefix)).reduce((a, r) => (r.worstRatio > a.worstRatio ? r : a));
    for (const prefix of ['output.', 'grad.']) {
      const w = worst(prefix);
      console.log(`${name} worst ${prefix}* ${w.name}: maxAbs ${w.maxAbs.toExponential(2)}, tolerance used ${(100 * w.worstRatio).toFixed(1)}%`);
    }
    expect(failures).toEqual([]);
  });
});
