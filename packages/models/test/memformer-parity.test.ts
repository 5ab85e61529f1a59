/**
 * The three Memformer parity cases on cpu, through the package's parity runner: every output,
 * aux and gradient tensor within the case's tolerances, including `grad.output.seg1.mem` (the
 * gradient that crosses from segment 2 back into segment 1's memory), and the state-dict keys
 * exactly the reference's, in order.
 */
import { describe, expect, it } from 'vitest';
import { memformerDriver } from '../src/parity/drivers/memformer.js';
import { readManifest, type ParityCase } from '../src/parity/manifest.js';
import { runCase } from '../src/parity/runner.js';
import { PARITY_DIR as FIXTURES } from './fixture-dir.js';

const CASES = ['memformer_basic', 'memformer_masked', 'memformer_encoder_only'] as const;

function parityCase(name: string): ParityCase {
  const found = readManifest(FIXTURES).cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no parity case ${name} in ${FIXTURES}`);
  return found;
}

describe.each(CASES)('%s', (name) => {
  const c = parityCase(name);

  it('builds a model whose state-dict keys are the reference keys, in order', () => {
    expect(Object.keys(memformerDriver.build(c.tsConfig).stateDict())).toEqual(c.stateDictKeys);
  });

  it('matches every output, aux and grad tensor on cpu', () => {
    const result = runCase(FIXTURES, c, { backend: 'cpu' });
    const { outputs, aux, grads } = result.groups;
    const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;
    console.log(
      `${name}: outputs ${outputs.count} (worst ${outputs.maxAbs.toExponential(2)}, ${percent(outputs.worstRatio)} of tolerance), ` +
        `aux ${aux.count} (${percent(aux.worstRatio)}), grads ${grads.count} (worst ${grads.maxAbs.toExponential(2)}, ` +
        `${percent(grads.worstRatio)} of tolerance, ${grads.worstTensor})`,
    );
    expect(result.problems).toEqual([]);
    expect(result.auxNotProduced).toEqual([]);
    expect(result.tensors.filter((t) => !t.ok).map((t) => t.name)).toEqual([]);
    // Everything the fixture holds was compared, the cross-segment memory gradient included.
    const compared = result.tensors.map((t) => t.name);
    expect(compared).toEqual(
      expect.arrayContaining([...Object.keys(c.outputs), ...Object.keys(c.aux ?? {}), ...c.grads]),
    );
    expect(compared).toContain('grad.output.seg1.mem');
    expect(Math.abs(result.loss! - c.lossValue)).toBeLessThanOrEqual(
      c.atol + c.rtol * Math.abs(c.lossValue),
    );
    expect(result.passed).toBe(true);
  });
});
