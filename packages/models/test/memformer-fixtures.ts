/**
 * Test helper: runs one Memformer parity case straight from `shared/parity` (fixture files are
 * read in place, never copied) and compares every output, aux and grad tensor.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor, fromRaw } from '@tensorgrad/autograd';
import { readSafetensors } from '@tensorgrad/nn';
import type { Tensor as RawTensor } from '@tensorgrad/tensor';
import { compareTensors, type TensorComparison } from '../src/parity/compare.js';
import type { CaseData } from '../src/parity/driver.js';
import { readManifest, type ParityCase } from '../src/parity/manifest.js';
import { memformerDriver } from '../src/parity/drivers/memformer.js';
import type { Memformer } from '../src/memformer.js';

/** The shared fixture directory. */
export const FIXTURES = new URL('../../../../shared/parity/', import.meta.url);

/** The manifest entry of `name`. */
export function parityCase(name: string): ParityCase {
  const found = readManifest(fileURLToPath(FIXTURES)).cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no parity case ${name}`);
  return found;
}

/** Every raw tensor of a case's file, by fixture name. */
export function caseTensors(c: ParityCase): Map<string, RawTensor> {
  return readSafetensors(readFileSync(new URL(c.file, FIXTURES))).tensors;
}

/** A {@link CaseData} over a case's tensors (booleans as `bool`, nothing requires grad). */
export function caseData(c: ParityCase, tensors: Map<string, RawTensor>): CaseData {
  return {
    get(name) {
      const raw = tensors.get(name);
      if (raw === undefined) throw new Error(`${c.name}: no tensor ${name}`);
      return fromRaw(c.booleanTensors.includes(name) ? raw.cast('bool') : raw);
    },
    has: (name) => tensors.has(name),
    names: (prefix = '') => [...tensors.keys()].filter((k) => k.startsWith(prefix)),
  };
}

/** Everything a parity run produced. */
export interface ParityRun {
  /** One comparison per `output.*`, `aux.*` and `grad.*` tensor of the case. */
  comparisons: TensorComparison[];
  /** The loss this port computed. */
  loss: number;
  /** The loss keys of the model's state dict, in order. */
  stateDictKeys: string[];
}

/**
 * Builds the model, loads `param.*`, replays the call sequence through the driver, forms the
 * loss from `lossTerms`, back-propagates, and compares.
 */
export function runMemformerCase(name: string): ParityRun {
  const c = parityCase(name);
  const tensors = caseTensors(c);
  const model = memformerDriver.build(c.tsConfig) as Memformer;
  const stateDictKeys = Object.keys(model.stateDict());
  const params: Record<string, RawTensor> = {};
  for (const [key, t] of tensors) if (key.startsWith('param.')) params[key.slice('param.'.length)] = t;
  model.loadStateDict(params);

  const data = caseData(c, tensors);
  const outputs = memformerDriver.run(model, data, c);
  outputs['output.seg1.mem']!.retainGrad();

  let loss: Tensor | undefined;
  for (const term of c.lossTerms) {
    const out = outputs[term.output];
    if (out === undefined) throw new Error(`${name}: the driver returned no ${term.output}`);
    const value = term.kind === 'scalar' ? out : out.mul(data.get(term.weight)).sum();
    loss = loss === undefined ? value : loss.add(value);
  }
  if (loss === undefined) throw new Error(`${name}: empty loss`);
  loss.backward();

  const comparisons: TensorComparison[] = [];
  const valueTolerance = { atol: c.atol, rtol: c.rtol };
  const gradTolerance = { atol: c.gradAtol, rtol: c.gradRtol };
  for (const key of [...Object.keys(c.outputs), ...Object.keys(c.aux ?? {})]) {
    const actual = outputs[key];
    const expected = tensors.get(key)!;
    if (actual === undefined) comparisons.push({ name: key, ok: false, maxAbs: NaN, maxRel: NaN, worstRatio: Infinity, worstIndex: -1, reason: 'not produced' });
    else comparisons.push(compareTensors(key, actual.value, expected, valueTolerance));
  }
  const paramsByKey = new Map(model.namedParameters());
  for (const gradName of c.grads) {
    const expected = tensors.get(gradName)!;
    let actual: Tensor | null | undefined;
    if (gradName.startsWith('grad.param.')) actual = paramsByKey.get(gradName.slice('grad.param.'.length))?.grad;
    else actual = outputs[gradName.replace(/^grad\./, '')]?.grad;
    if (actual === null || actual === undefined) {
      comparisons.push({ name: gradName, ok: false, maxAbs: NaN, maxRel: NaN, worstRatio: Infinity, worstIndex: -1, reason: 'no gradient' });
    } else {
      comparisons.push(compareTensors(gradName, actual.value, expected, gradTolerance));
    }
  }
  return { comparisons, loss: loss.item() as number, stateDictKeys };
}
