/**
 * The two ScalableViT parity cases on cpu, through the package's parity runner: the logits,
 * each stage's transformer output (`aux.stage<i>_out`) and every gradient (input and parameters)
 * within the case's tolerances, and the state-dict keys exactly the reference's, in order.
 */
import { describe, expect, it } from 'vitest';
import { scalableVitDriver } from '../src/parity/drivers/scalable-vit.js';
import { readManifest, type ParityCase } from '../src/parity/manifest.js';
import { runCase } from '../src/parity/runner.js';
import { PARITY_DIR as FIXTURES } from './fixture-dir.js';

const CASES = ['scalable_vit_window_none', 'scalable_vit_rect'] as const;

function parityCase(name: string): ParityCase {
  const found = readManifest(FIXTURES).cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no parity case ${name} in ${FIXTURES}`);
  return found;
}

describe.each(CASES)('%s', (name) => {
  const c = parityCase(name);

  it('builds a model whose state-dict keys are the reference keys, in order', () => {
    const model = scalableVitDriver.build(c.tsConfig);
    expect(Object.keys(model.stateDict())).toEqual(c.stateDictKeys);
    expect(model.namedBuffers().map(([key]) => key)).toEqual(c.buffers);
  });

  it('matches the logits, every stage output and every grad on cpu', () => {
    const result = runCase(FIXTURES, c, { backend: 'cpu' });
    const { outputs, aux, grads } = result.groups;
    const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;
    console.log(
      `${name}: outputs ${outputs.count} (worst ${outputs.maxAbs.toExponential(2)}, ${percent(outputs.worstRatio)} of tolerance), ` +
        `aux ${aux.count} (worst ${aux.maxAbs.toExponential(2)}, ${percent(aux.worstRatio)}), grads ${grads.count} (worst ${grads.maxAbs.toExponential(2)}, ` +
        `${percent(grads.worstRatio)} of tolerance, ${grads.worstTensor})`,
    );
    expect(result.problems).toEqual([]);
    expect(result.auxNotProduced).toEqual([]);
    expect(result.tensors.filter((t) => !t.ok).map((t) => t.name)).toEqual([]);
    // Everything the fixture holds was compared: logits, both stage outputs, every gradient.
    expect(outputs.count).toBe(Object.keys(c.outputs).length);
    expect(aux.count).toBe(Object.keys(c.aux ?? {}).length);
    expect(grads.count).toBe(c.grads.length);
    expect(Math.abs(result.loss! - c.lossValue)).toBeLessThanOrEqual(
      c.atol + c.rtol * Math.abs(c.lossValue),
    );
    expect(result.passed).toBe(true);
  });
});
