/**
 * How the parity runner reaches a network: one {@link Driver} per manifest `model` name.
 *
 * The runner does everything that is the same for every network (reading the fixture, loading
 * `param.*` strictly, making float inputs require grad, forming the loss from `lossTerms`,
 * back-propagating, comparing). A driver only knows the two things that differ: how to build its
 * model from the case's `tsConfig`, and how to replay the case's `callSequence`.
 *
 * Adding a network: write `drivers/<network>.ts` exporting a `Driver`, and add it to the list in
 * `drivers/index.ts`.
 */
import type { Tensor } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import type { JsonConfig, ParityCase } from './manifest.js';

/**
 * The tensors of one case, by their full fixture name (`input.img`, `noise.gumbel.0`, ...).
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { tensor } from '@tensorgrad/autograd';
 * import { Linear, saveSafetensorsFile } from '@tensorgrad/nn';
 * import { registerDriver, runCase, type CaseData, type ParityCase } from '@tensorgrad/models/parity';
 * const seen: string[] = [];
 * registerDriver({
 *   model: 'CaseDataExample',
 *   build: () => new Linear(1, 1, { bias: false }),
 *   run: (model, data: CaseData) => {
 *     seen.push(...data.names('input.'), String(data.has('input.nothing')));
 *     return { 'output.y': (model as Linear).forward(data.get('input.x')) };
 *   },
 * });
 * const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-parity-'));
 * saveSafetensorsFile(join(dir, 'case.safetensors'), {
 *   'param.weight': tensor([[2]]), 'input.x': tensor([[3]]), 'output.y': tensor([[6]]),
 *   'loss.w': tensor([[1]]), 'grad.param.weight': tensor([[3]]),
 * });
 * const parityCase: ParityCase = {
 *   name: 'case_data', file: 'case.safetensors', model: 'CaseDataExample', pyConfig: {}, tsConfig: {},
 *   inputs: ['input.x'], outputs: { 'output.y': 'y' }, callSequence: ['y = model(x)'],
 *   lossTerms: [{ kind: 'weighted_sum', output: 'output.y', weight: 'loss.w' }], lossValue: 6,
 *   grads: ['grad.param.weight'], stateDictKeys: ['weight'], buffers: [], frozenParams: [],
 *   booleanTensors: [], atol: 1e-6, rtol: 1e-5, gradAtol: 1e-6, gradRtol: 1e-5,
 * };
 * if (!runCase(dir, parityCase).passed || seen.join() !== 'input.x,false') throw new Error(`saw ${seen}`);
 * ```
 */
export interface CaseData {
  /**
   * The tensor called `name`. Inputs with a `grad.input.*` entry are leaves that require grad
   * (so the runner can read their gradient); booleans listed in `booleanTensors` are `bool`.
   * Throws, naming the case, when the file has no such tensor.
   */
  get(name: string): Tensor;
  /** Whether the file holds a tensor called `name`. */
  has(name: string): boolean;
  /** Every tensor name starting with `prefix`, in file order. */
  names(prefix?: string): string[];
}

/**
 * What a driver's `run` returns: every tensor it produced, by full fixture name.
 *
 * Keys are `output.<name>` (each of the case's outputs, compared and used by the loss) and
 * `aux.<name>` (intermediates, compared when present; a driver may leave some out). A case's
 * `grad.output.<name>` is the gradient with respect to the tensor returned as `output.<name>`;
 * the runner retains it before the backward pass.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * import type { DriverOutputs } from '@tensorgrad/models/parity';
 * const outputs: DriverOutputs = { 'output.logits': tensor([[0.1, 0.9]]), 'aux.tokens': tensor([[1, 2]]) };
 * if (Object.keys(outputs).some((k) => !/^(output|aux)\./.test(k))) throw new Error('output.* and aux.* keys');
 * ```
 */
export type DriverOutputs = Record<string, Tensor>;

/**
 * Builds one kind of network and replays a case's call sequence on it.
 * @example
 * ```ts
 * import { Linear } from '@tensorgrad/nn';
 * import { getDriver, registerDriver, type Driver } from '@tensorgrad/models/parity';
 * const linearDriver: Driver = {
 *   model: 'DriverExampleLinear',
 *   build: (config) => new Linear(config['inFeatures'] as number, config['outFeatures'] as number),
 *   run: (model, data) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
 * };
 * registerDriver(linearDriver);
 * if (getDriver('DriverExampleLinear') !== linearDriver) throw new Error('registered');
 * ```
 */
export interface Driver {
  /** The manifest `model` name this driver handles (`ViT`, `Adapter`, `ATSViT`, ...). */
  readonly model: string;
  /**
   * Builds the model from the case's `tsConfig`, in eval mode. Parameter values do not matter:
   * the runner overwrites every one of them from the fixture.
   */
  build(config: JsonConfig): Module;
  /** Replays `parityCase.callSequence` on `model` (already loaded) and returns what it produced. */
  run(model: Module, data: CaseData, parityCase: ParityCase): DriverOutputs;
}

const registry = new Map<string, Driver>();

/**
 * Makes `driver` available to the runner under `driver.model`. Registering a second driver for
 * the same model is an error (two files claiming one network is always a mistake).
 *
 * @example
 * ```ts
 * import { Linear } from '@tensorgrad/nn';
 * import { registerDriver, registeredModels } from '@tensorgrad/models/parity';
 * const driver = {
 *   model: 'RegisterExampleLinear',
 *   build: (config: { readonly [key: string]: unknown }) => new Linear(config['inFeatures'] as number, config['outFeatures'] as number),
 *   run: (model: unknown, data: { get(name: string): import('@tensorgrad/autograd').Tensor }) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
 * };
 * registerDriver(driver);
 * if (!registeredModels().includes('RegisterExampleLinear')) throw new Error('registered');
 * let again: unknown;
 * try { registerDriver(driver); } catch (e) { again = e; }
 * if (!(again instanceof Error) || !again.message.includes('already registered')) throw new Error('a second one is refused');
 * ```
 */
export function registerDriver(driver: Driver): void {
  if (registry.has(driver.model)) {
    throw new Error(`registerDriver: a driver for model "${driver.model}" is already registered`);
  }
  registry.set(driver.model, driver);
}

/**
 * The driver registered for `model`, or `undefined` (the runner then reports the case as
 * failed, never as skipped).
 *
 * @example
 * ```ts
 * import { getDriver, registerAllDrivers } from '@tensorgrad/models/parity';
 * registerAllDrivers();
 * if (getDriver('ViT')?.model !== 'ViT') throw new Error('ViT driver');
 * if (getDriver('NoSuchNetwork') !== undefined) throw new Error('unknown model');
 * ```
 */
export function getDriver(model: string): Driver | undefined {
  return registry.get(model);
}

/**
 * Names of every registered model, in registration order.
 *
 * @example
 * ```ts
 * import { registerAllDrivers, registeredModels } from '@tensorgrad/models/parity';
 * registerAllDrivers();
 * const models = registeredModels();
 * for (const name of ['ViT', 'Adapter', 'ATSViT', 'Memformer', 'CrossViT', 'ScalableViT']) {
 *   if (!models.includes(name)) throw new Error(`${name} missing from ${models}`);
 * }
 * ```
 */
export function registeredModels(): string[] {
  return [...registry.keys()];
}
