/**
 * How the parity runner reaches a network: one {@link Driver} per manifest `model` name. The
 * runner does what is the same for every network; a driver builds its model from the case's
 * `tsConfig` and replays the case's `callSequence`. To add a network, write
 * `drivers/<network>.ts` and list it in `drivers/index.ts`.
 */
import type { Tensor } from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import type { JsonConfig, ParityCase } from './manifest.js';

/** The tensors of one case, by full fixture name (`input.img`, `noise.gumbel.0`, ...). */
export interface CaseData {
  /**
   * The tensor `name` (throws, naming the case, when missing). Inputs with a `grad.input.*`
   * entry require grad; booleans listed in `booleanTensors` are `bool`.
   */
  get(name: string): Tensor;
  /** Whether the file holds a tensor called `name`. */
  has(name: string): boolean;
  /** Every tensor name starting with `prefix`, in file order. */
  names(prefix?: string): string[];
}

/**
 * What a driver's `run` returns, by full fixture name: `output.<name>` (compared, and used by the
 * loss) and `aux.<name>` (intermediates, compared when present). A case's `grad.output.<name>` is
 * the gradient with respect to `output.<name>`.
 */
export type DriverOutputs = Record<string, Tensor>;

/** Builds one kind of network and replays a case's call sequence on it (see {@link runCase}). */
export interface Driver {
  /** The manifest `model` name this driver handles (`ViT`, `Adapter`, `ATSViT`, ...). */
  readonly model: string;
  /** The model of the case's `tsConfig`; the runner overwrites every parameter from the fixture. */
  build(config: JsonConfig): Module;
  /** Replays `parityCase.callSequence` on `model` (already loaded) and returns what it produced. */
  run(model: Module, data: CaseData, parityCase: ParityCase): DriverOutputs;
}

const registry = new Map<string, Driver>();

/** Makes `driver` available to the runner; a second driver for the same model is an error. */
export function registerDriver(driver: Driver): void {
  if (registry.has(driver.model)) {
    throw new Error(`registerDriver: a driver for model "${driver.model}" is already registered`);
  }
  registry.set(driver.model, driver);
}

/** The driver registered for `model`, or `undefined` (the runner then fails the case). */
export function getDriver(model: string): Driver | undefined {
  return registry.get(model);
}

/** Names of every registered model, in registration order. */
export function registeredModels(): string[] {
  return [...registry.keys()];
}
