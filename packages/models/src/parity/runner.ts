/**
 * The parity runner: replays every case of a fixture directory on the TypeScript port and
 * compares its outputs and gradients with PyTorch's. A case that goes wrong in any way (no
 * driver, a constructor error, a missing gradient) fails with a reason; nothing is skipped.
 */
import { Tensor, dispose, tidy, zeros } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import { backendInfo, setBackend } from '@tensorgrad/autograd';
import { compareTensors } from './compare.js';
import type { TensorComparison, Tolerance } from './compare.js';
import type { CaseData, Driver, DriverOutputs } from './driver.js';
import { getDriver } from './driver.js';
import { registerAllDrivers } from './drivers/index.js';
import { readFixtureTensors } from './fixture.js';
import { readManifest } from './manifest.js';
import type { ParityCase } from './manifest.js';

/** Backend a parity run computes on. */
export type ParityBackend = 'cpu' | 'gpu';

/** Options of {@link runCase} and {@link runParity} (`backend` default `cpu`). */
export interface ParityOptions {
  readonly backend?: ParityBackend;
}

/** The three groups of compared tensors, each with its own tolerance. */
export type ComparisonGroup = 'outputs' | 'aux' | 'grads';

/** Worst errors over one group of tensors of a case. */
export interface GroupSummary {
  readonly count: number;
  readonly failed: number;
  /** Largest absolute error (0 when `count` is 0). */
  readonly maxAbs: number;
  /** Largest relative error, over non-zero reference elements. */
  readonly maxRel: number;
  /** Largest error / allowed error (at most 1 when every tensor passes), and its tensor. */
  readonly worstRatio: number;
  readonly worstTensor?: string;
  readonly tolerance: Tolerance;
}

/** Everything known about one case after it ran. */
export interface CaseResult {
  readonly name: string;
  readonly model: string;
  /** True when there are no problems and every compared tensor is within tolerance. */
  readonly passed: boolean;
  /** Reasons the case failed besides tolerance (no driver, an exception, key mismatch, ...). */
  readonly problems: readonly string[];
  readonly groups: Readonly<Record<ComparisonGroup, GroupSummary>>;
  readonly tensors: readonly (TensorComparison & { readonly group: ComparisonGroup })[];
  /** `aux.*` references that the driver did not produce (reported, not failed). */
  readonly auxNotProduced: readonly string[];
  /** The loss the port computed (absent when the case did not get that far). */
  readonly loss?: number;
  /** The reference's float32 loss (`lossValue`). */
  readonly expectedLoss: number;
  /** Wall-clock seconds of the case, loading included. */
  readonly seconds: number;
}

/** Result of a whole fixture directory: one result per manifest case, in order. */
export interface ParityReport {
  readonly dir: string;
  readonly backend: ParityBackend;
  readonly results: readonly CaseResult[];
  readonly passed: number;
  readonly failed: number;
}

/**
 * Tolerances on the gpu backend: `atol` times 10 (at least 1e-5), `rtol` at least 1e-3 for
 * outputs and 1e-2 for gradients. gpu.js computes in float32 textures with the device's own
 * `exp`, `log` and summation order, while the case tolerances come from PyTorch's float32 noise
 * (~1e-6). Measured (2026-11-23, gpu.js headless `webasm` mode, no WebGL device): every ViT /
 * Adapter / ATS-ViT / Memformer case stays within 8 % of the *cpu* tolerances, so these leave
 * room for real GPUs' less exact transcendentals. Integer tensors must still match exactly.
 */
export function gpuTolerance(tolerance: Tolerance, group: ComparisonGroup): Tolerance {
  return {
    atol: Math.max(tolerance.atol * 10, 1e-5),
    rtol: Math.max(tolerance.rtol, group === 'grads' ? 1e-2 : 1e-3),
  };
}

function toleranceOf(
  parityCase: ParityCase,
  group: ComparisonGroup,
  backend: ParityBackend,
): Tolerance {
  const cpu =
    group === 'grads'
      ? { atol: parityCase.gradAtol, rtol: parityCase.gradRtol }
      : { atol: parityCase.atol, rtol: parityCase.rtol };
  return backend === 'gpu' ? gpuTolerance(cpu, group) : cpu;
}

/** The tensors of one case file, handed to a driver as autograd tensors. */
class FixtureData implements CaseData {
  private readonly cache = new Map<string, Tensor>();

  // `handedOut` collects every autograd tensor handed to the driver, so the runner can free it.
  constructor(
    private readonly caseName: string,
    private readonly raw: Map<string, Tensor>,
    private readonly differentiable: ReadonlySet<string>,
    private readonly handedOut: Tensor[],
  ) {}

  get(name: string): Tensor {
    // One autograd tensor per name, so that two calls on the same input accumulate into one grad.
    let t = this.cache.get(name);
    if (t === undefined) {
      const value = this.raw.get(name);
      if (value === undefined)
        throw new Error(`parity ${this.caseName}: the fixture has no tensor "${name}"`);
      t = this.differentiable.has(name) ? value.detach().requiresGrad_() : value;
      this.cache.set(name, t);
      this.handedOut.push(t);
    }
    return t;
  }

  has(name: string): boolean {
    return this.raw.has(name);
  }

  names(prefix = ''): string[] {
    return [...this.raw.keys()].filter((n) => n.startsWith(prefix));
  }

  /** The reference tensor `name` as stored (raw); throws, naming the case, when it is missing. */
  expected(name: string): Tensor {
    const value = this.raw.get(name);
    if (value === undefined)
      throw new Error(`parity ${this.caseName}: the fixture has no tensor "${name}"`);
    return value;
  }
}

function summarise(
  comparisons: readonly (TensorComparison & { group: ComparisonGroup })[],
  group: ComparisonGroup,
  tolerance: Tolerance,
): GroupSummary {
  const mine = comparisons.filter((c) => c.group === group);
  let worst: TensorComparison | undefined;
  for (const c of mine) if (worst === undefined || !(c.worstRatio <= worst.worstRatio)) worst = c;
  return {
    count: mine.length,
    failed: mine.filter((c) => !c.ok).length,
    maxAbs: mine.reduce((m, c) => (Number.isNaN(c.maxAbs) ? Number.NaN : Math.max(m, c.maxAbs)), 0),
    maxRel: mine.reduce((m, c) => (Number.isNaN(c.maxRel) ? Number.NaN : Math.max(m, c.maxRel)), 0),
    worstRatio: worst?.worstRatio ?? 0,
    worstTensor: worst?.name,
    tolerance,
  };
}

function firstKeyDifference(
  actual: readonly string[],
  expected: readonly string[],
): string | undefined {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      return `state-dict key #${i} is "${actual[i] ?? '(none)'}" but the reference has "${expected[i] ?? '(none)'}" (${actual.length} keys vs ${expected.length})`;
    }
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a case accumulates while it runs. */
interface CaseRecord {
  readonly problems: string[];
  readonly comparisons: (TensorComparison & { group: ComparisonGroup })[];
  readonly auxNotProduced: string[];
  /** Tensors that outlive `tidy` on purpose (loaded parameters, gradients), freed at the end. */
  readonly owned: unknown[];
}

/** Builds the model, checks its state-dict keys (order included) and loads `param.*` strictly. */
function buildAndLoad(
  driver: Driver,
  parityCase: ParityCase,
  data: FixtureData,
  record: CaseRecord,
): Module {
  const model = driver.build(parityCase.tsConfig);
  record.owned.push(model.parameters(), model.buffers());
  model.eval();
  const keyProblem = firstKeyDifference(Object.keys(model.stateDict()), parityCase.stateDictKeys);
  if (keyProblem !== undefined) record.problems.push(keyProblem);

  const stateDict: Record<string, Tensor> = {};
  for (const name of data.names('param.'))
    stateDict[name.slice('param.'.length)] = data.expected(name);
  model.loadStateDict(stateDict, { strict: true });
  return model;
}

/** The scalar the reference back-propagated, from the case's `lossTerms`. */
function formLoss(parityCase: ParityCase, outputs: DriverOutputs, data: FixtureData): Tensor {
  let loss: Tensor | undefined;
  for (const term of parityCase.lossTerms) {
    const out = outputs[term.output];
    if (out === undefined)
      throw new Error(`the driver returned no ${term.output}, which the loss needs`);
    const summand = term.kind === 'weighted_sum' ? out.mul(data.get(term.weight)).sum() : out;
    loss = loss === undefined ? summand : loss.add(summand);
  }
  if (loss === undefined) throw new Error('the case has no loss terms');
  return loss;
}

/** The computed gradient that `grad.<name>` holds the reference of (null: none reached it). */
function gradientFor(
  name: string,
  params: ReadonlyMap<string, Tensor>,
  outputs: DriverOutputs,
  data: FixtureData,
  problems: string[],
): Tensor | null | undefined {
  if (name.startsWith('grad.param.')) {
    const p = params.get(name.slice('grad.param.'.length));
    if (p === undefined) {
      problems.push(`${name}: the model has no such parameter`);
      return undefined;
    }
    if (!p.requiresGrad)
      problems.push(`${name}: the parameter is frozen here but trainable in the reference`);
    return p.grad;
  }
  if (name.startsWith('grad.input.')) return data.get(name.slice('grad.'.length)).grad;
  if (name.startsWith('grad.output.')) return outputs[name.slice('grad.'.length)]?.grad ?? null;
  problems.push(
    `${name}: unknown kind of gradient (expected grad.param.*, grad.input.* or grad.output.*)`,
  );
  return undefined;
}

/** Builds, loads, runs and differentiates one case; the loss, or undefined without a driver. */
function replayCase(
  dir: string,
  parityCase: ParityCase,
  backend: ParityBackend,
  record: CaseRecord,
): number | undefined {
  const { problems, owned } = record;
  const driver = getDriver(parityCase.model);
  if (driver === undefined) {
    problems.push(`no parity driver is registered for model "${parityCase.model}"`);
    return undefined;
  }
  const raw = readFixtureTensors(dir, parityCase);
  const differentiable = new Set(
    parityCase.grads.filter((g) => g.startsWith('grad.input.')).map((g) => g.slice('grad.'.length)),
  );
  const handedOut: Tensor[] = [];
  const data = new FixtureData(parityCase.name, raw, differentiable, handedOut);
  owned.push(raw, handedOut);

  const model = buildAndLoad(driver, parityCase, data, record);
  const outputs = driver.run(model, data, parityCase);
  owned.push(outputs);

  // Gradients w.r.t. intermediates (`grad.output.<name>`) are those of the returned `output.<name>`.
  for (const g of parityCase.grads.filter((n) => n.startsWith('grad.output.'))) {
    const t = outputs[g.slice('grad.'.length)];
    if (t === undefined) problems.push(`${g}: the driver returned no ${g.slice('grad.'.length)}`);
    else t.retainGrad();
  }

  const loss = formLoss(parityCase, outputs, data);
  loss.backward();

  const compare = (group: ComparisonGroup, name: string, actual: Tensor): void => {
    const tolerance = toleranceOf(parityCase, group, backend);
    record.comparisons.push({
      ...compareTensors(name, actual, data.expected(name), tolerance),
      group,
    });
  };

  for (const name of Object.keys(parityCase.outputs)) {
    const t = outputs[name];
    if (t === undefined) problems.push(`${name}: not produced by the driver`);
    else compare('outputs', name, t);
  }
  for (const name of Object.keys(parityCase.aux ?? {})) {
    const t = outputs[name];
    if (t === undefined) record.auxNotProduced.push(name);
    else compare('aux', name, t);
  }

  const params = new Map<string, Tensor>(model.namedParameters());
  const referenceGrads = new Set(parityCase.grads);
  for (const [key, p] of params) {
    if (p.requiresGrad && !referenceGrads.has(`grad.param.${key}`)) {
      problems.push(`parameter ${key} requires grad here but is frozen in the reference`);
    }
  }
  for (const name of parityCase.grads) {
    const actual = gradientFor(name, params, outputs, data, problems);
    if (actual === undefined) continue;
    // PyTorch leaves `.grad` at None when no path reaches a tensor; the fixtures store zeros then.
    compare('grads', name, actual ?? zeros(data.expected(name).shape));
  }
  return loss.item();
}

/**
 * Runs one case: builds the model through its {@link Driver}, checks its state-dict keys (order
 * included), loads `param.*` strictly, replays the call sequence, back-propagates the loss from
 * `lossTerms` once, and compares every `output.*`, `aux.*` and `grad.*` with the reference.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { tensor } from '@tensorgrad/autograd';
 * import { Linear, saveSafetensorsFile } from '@tensorgrad/nn';
 * import { registerDriver, runCase, type ParityCase } from '@tensorgrad/models/parity';
 * // A one-layer network, and what PyTorch computed for it: y = x Wᵀ + b, loss = sum(y · 1).
 * registerDriver({
 *   model: 'RunCaseExampleLinear',
 *   build: () => new Linear(2, 1),
 *   run: (model, data) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
 * });
 * const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-parity-'));
 * saveSafetensorsFile(join(dir, 'linear.safetensors'), {
 *   'param.weight': tensor([[1, 2]]), 'param.bias': tensor([0.5]),
 *   'input.x': tensor([[1, 1]]), 'output.y': tensor([[3.5]]), 'loss_weight.y': tensor([[1]]),
 *   'grad.param.weight': tensor([[1, 1]]), 'grad.param.bias': tensor([1]),
 * });
 * const linearCase: ParityCase = {
 *   name: 'linear_basic', file: 'linear.safetensors', model: 'RunCaseExampleLinear',
 *   pyConfig: {}, tsConfig: {}, inputs: ['input.x'], outputs: { 'output.y': 'logits' },
 *   callSequence: ['y = model(x)'],
 *   lossTerms: [{ kind: 'weighted_sum', output: 'output.y', weight: 'loss_weight.y' }], lossValue: 3.5,
 *   grads: ['grad.param.weight', 'grad.param.bias'], stateDictKeys: ['weight', 'bias'],
 *   buffers: [], frozenParams: [], booleanTensors: [], atol: 1e-6, rtol: 1e-5, gradAtol: 1e-6, gradRtol: 1e-5,
 * };
 * const result = runCase(dir, linearCase);
 * if (!result.passed) throw new Error(result.problems.join('; ')); // every output and grad within tolerance
 * if (result.loss !== 3.5 || result.tensors.length !== 3) throw new Error('one output and two gradients compared');
 * ```
 */
export function runCase(
  dir: string,
  parityCase: ParityCase,
  options: ParityOptions = {},
): CaseResult {
  const backend = options.backend ?? 'cpu';
  registerAllDrivers();
  // Switch only when needed (a gpu backend is costly to set up) and switch back afterwards.
  const previousBackend = backendInfo().name;
  if (previousBackend !== backend) setBackend(backend);
  const start = performance.now();
  const record: CaseRecord = { problems: [], comparisons: [], auxNotProduced: [], owned: [] };
  const { problems, comparisons, auxNotProduced } = record;
  let loss: number | undefined;
  try {
    // Every tensor of the case (model, fixture, graph) is freed when the case is done: `tidy`
    // frees what the case creates, except what is kept on purpose (parameters loaded by
    // loadStateDict, gradients), which is freed explicitly.
    loss = tidy(() => replayCase(dir, parityCase, backend, record));
  } catch (error) {
    problems.push(`error: ${errorMessage(error)}`);
  } finally {
    dispose(record.owned);
    if (previousBackend !== backend) setBackend(previousBackend === 'gpu' ? 'gpu' : 'cpu');
  }
  const groups = {
    outputs: summarise(comparisons, 'outputs', toleranceOf(parityCase, 'outputs', backend)),
    aux: summarise(comparisons, 'aux', toleranceOf(parityCase, 'aux', backend)),
    grads: summarise(comparisons, 'grads', toleranceOf(parityCase, 'grads', backend)),
  };
  return {
    name: parityCase.name,
    model: parityCase.model,
    passed: problems.length === 0 && comparisons.every((c) => c.ok),
    problems,
    groups,
    tensors: comparisons,
    auxNotProduced,
    loss,
    expectedLoss: parityCase.lossValue,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Runs every case of `<dir>/manifest.json`. */
export function runParity(dir: string, options: ParityOptions = {}): ParityReport {
  const manifest = readManifest(dir);
  const results = manifest.cases.map((c) => runCase(dir, c, options));
  const passed = results.filter((r) => r.passed).length;
  return {
    dir,
    backend: options.backend ?? 'cpu',
    results,
    passed,
    failed: results.length - passed,
  };
}
