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

/** The tensors of one case, by their full fixture name (`input.img`, `noise.gumbel.0`, ...). */
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
 */
export type DriverOutputs = Record<string, Tensor>;

/** Builds one kind of network and replays a case's call sequence on it. */
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
 * registerDriver({
 *   model: 'Linear',
 *   build: (config) => new Linear(config.inFeatures as number, config.outFeatures as number),
 *   run: (model, data) => ({ 'output.y': (model as Linear).forward(data.get('input.x')) }),
 * });
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
 * registerAllDrivers();
 * getDriver('ViT')?.model; // 'ViT'
 * getDriver('NoSuchNetwork'); // undefined
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
 * registerAllDrivers();
 * registeredModels(); // ['ViT', 'Adapter', 'ATSViT', ...]
 * ```
 */
export function registeredModels(): string[] {
  return [...registry.keys()];
}
