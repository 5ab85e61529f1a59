/**
 * Checkpoints: a whole training state — model, optimiser, scheduler, step, random generator and
 * any JSON extras — in ONE safetensors file, so that a stopped run resumes exactly where it was.
 *
 * Layout: every tensor is a safetensors entry (`model.<state-dict key>`,
 * `optimizer.state.<parameter index>.<entry>`); everything else is JSON in the `__metadata__`
 * entry `checkpoint` (beside `format: 'tensorgrad-checkpoint'`): the step, the extras, the
 * optimiser's numbers and parameter groups, the scheduler's position and the generator's bytes.
 * The file stays a valid safetensors file, readable by any safetensors reader.
 *
 * Loading is all or nothing: every part is checked before any is changed.
 */
import { Generator, Tensor } from '@tensorgrad/autograd';
import type { Module } from '../module/module.js';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import type { Scheduler, SchedulerStateDict } from '../optim/lr-scheduler.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import { loadSafetensorsFile, saveSafetensorsFile } from './safetensors-file.js';

/** What a checkpoint needs from an optimiser (every {@link Optimizer} has it). */
export interface CheckpointOptimizer {
  stateDict(): OptimizerStateDict;
  validateStateDict(stateDict: unknown): void;
  loadStateDict(stateDict: OptimizerStateDict): void;
}

/** The objects whose state a checkpoint restores; each is optional. */
export interface CheckpointTargets {
  model?: Module;
  optimizer?: CheckpointOptimizer;
  scheduler?: Scheduler;
  /** The generator whose stream resumes (e.g. the one the dropout layers draw from). */
  generator?: Generator;
}

/** What {@link saveCheckpoint} saves: the objects, plus the step and JSON extras. */
export interface CheckpointContents extends CheckpointTargets {
  /** The training step (or epoch) reached; returned by {@link loadCheckpoint}. */
  step?: number;
  /**
   * Anything else to keep, as JSON data (numbers, strings, booleans, null, arrays, plain
   * objects): a config, the best loss so far. NaN, Infinity and class instances (a Tensor, a
   * Map) are refused rather than silently changed by JSON.
   */
  extra?: unknown;
}

/** What {@link loadCheckpoint} returns besides restoring the objects. */
export interface LoadedCheckpoint {
  /** The saved step, or undefined when none was saved. */
  step: number | undefined;
  /** The saved extras, or undefined. */
  extra: unknown;
}

/** The JSON kept in the `__metadata__` entry `checkpoint`. */
interface CheckpointJson {
  version: 1;
  step?: number;
  extra?: unknown;
  model?: true;
  optimizer?: {
    /** The numbers of each parameter's state; its tensors are file entries. */
    state: Record<string, Record<string, number>>;
    /** The names of each parameter's tensor entries. */
    tensors: Record<string, string[]>;
    paramGroups: OptimizerStateDict['paramGroups'];
  };
  scheduler?: SchedulerStateDict;
  generator?: number[];
}

const FORMAT = 'tensorgrad-checkpoint';
const MODEL_PREFIX = 'model.';
const OPTIMIZER_PREFIX = 'optimizer.state.';

/**
 * The checkpoint as safetensors bytes (for a browser: keep them in IndexedDB, or download them).
 * @example
 * ```ts
 * import { Generator, randn } from '@tensorgrad/autograd';
 * import { Adam, Linear, StepLR, checkpointFromBytes, checkpointToBytes } from '@tensorgrad/nn';
 * const model = new Linear(3, 1);
 * const optimizer = new Adam(model.parameters());
 * const scheduler = new StepLR(optimizer, 10);
 * model.forward(randn([4, 3])).sum().backward();
 * optimizer.step();
 * scheduler.step();
 * const bytes = checkpointToBytes({ model, optimizer, scheduler, step: 1, generator: new Generator(0), extra: { note: 'warm-up' } });
 * const model2 = new Linear(3, 1);
 * const optimizer2 = new Adam(model2.parameters());
 * const { step, extra } = checkpointFromBytes(bytes, { model: model2, optimizer: optimizer2, scheduler: new StepLR(optimizer2, 10) });
 * if (step !== 1 || (extra as { note: string }).note !== 'warm-up') throw new Error('step and extra');
 * if (String(model2.weight.data()) !== String(model.weight.data())) throw new Error('weights');
 * ```
 */
export function checkpointToBytes(contents: CheckpointContents): Uint8Array {
  const { tensors, metadata } = encode(contents);
  return writeSafetensors(tensors, metadata);
}

/** The tensors and the metadata of a checkpoint. */
function encode(contents: CheckpointContents): {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
} {
  const { model, optimizer, scheduler, generator, step, extra } = contents;
  const json: CheckpointJson = { version: 1 };
  const tensors = new Map<string, Tensor>();
  if (step !== undefined) {
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      throw new Error(`checkpoint: step must be a finite number, got ${String(step)}`);
    }
    json.step = step;
  }
  if (extra !== undefined) {
    checkJsonData(extra, 'extra');
    json.extra = extra;
  }
  if (model !== undefined) {
    json.model = true;
    for (const [key, t] of Object.entries(model.stateDict())) tensors.set(MODEL_PREFIX + key, t);
  }
  if (optimizer !== undefined) {
    const { state, paramGroups } = optimizer.stateDict();
    const numbers: Record<string, Record<string, number>> = {};
    const tensorNames: Record<string, string[]> = {};
    for (const [index, entries] of Object.entries(state)) {
      numbers[index] = {};
      tensorNames[index] = [];
      for (const [field, value] of Object.entries(entries)) {
        if (value instanceof Tensor) {
          tensors.set(`${OPTIMIZER_PREFIX}${index}.${field}`, value);
          tensorNames[index].push(field);
        } else {
          checkJsonData(value, `optimizer state entry '${field}' of parameter ${index}`);
          numbers[index][field] = value;
        }
      }
    }
    checkJsonData(paramGroups, 'optimizer paramGroups');
    json.optimizer = { state: numbers, tensors: tensorNames, paramGroups };
  }
  if (scheduler !== undefined) {
    const state = scheduler.stateDict();
    checkJsonData(state, 'scheduler state');
    json.scheduler = state;
  }
  if (generator !== undefined) json.generator = [...generator.getState()];
  return { tensors, metadata: { format: FORMAT, checkpoint: JSON.stringify(json) } };
}

/**
 * Restore the objects in `targets` from checkpoint bytes, and return the saved step and extras.
 * Every part is checked before any object changes: a model whose keys or shapes differ, an
 * optimiser of another layout, a scheduler state that does not fit, a part the file does not
 * hold — each throws and leaves every target as it was. Parts of the file that no target asks
 * for are ignored.
 */
export function checkpointFromBytes(
  bytes: Uint8Array | ArrayBuffer,
  targets: CheckpointTargets = {},
): LoadedCheckpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  try {
    return restore(tensors, metadata, targets);
  } finally {
    // Every target copies what it loads.
    for (const t of tensors.values()) t.dispose();
  }
}

/**
 * Save a checkpoint to a file (Node); see {@link checkpointToBytes} for what it holds. The file
 * is written to a temporary name and renamed, so a crash never leaves half a checkpoint.
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Generator, randn } from '@tensorgrad/autograd';
 * import { Adam, Dropout, Linear, Sequential, loadCheckpoint, saveCheckpoint } from '@tensorgrad/nn';
 * const generator = new Generator(0);
 * const model = new Sequential(new Linear(3, 8), new Dropout(0.1, { generator }), new Linear(8, 1));
 * const optimizer = new Adam(model.parameters());
 * const path = join(tmpdir(), `tensorgrad-checkpoint-example-${process.pid}.safetensors`);
 * saveCheckpoint(path, { model, optimizer, generator, step: 100 });
 * // later, in a fresh process: build the same objects, then
 * const { step } = loadCheckpoint(path, { model, optimizer, generator });
 * if (step !== 100) throw new Error(`step ${step}`);
 * model.forward(randn([2, 3]));
 * ```
 */
export function saveCheckpoint(path: string, contents: CheckpointContents): void {
  const { tensors, metadata } = encode(contents);
  saveSafetensorsFile(path, tensors, metadata);
}

/** Restore `targets` from a checkpoint file (Node); see {@link checkpointFromBytes}. */
export function loadCheckpoint(path: string, targets: CheckpointTargets = {}): LoadedCheckpoint {
  const { tensors, metadata } = loadSafetensorsFile(path);
  try {
    return restore(tensors, metadata, targets);
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message} (in ${path})`;
    throw error;
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

/** Check every part against its target, then restore them all (see {@link checkpointFromBytes}). */
function restore(
  tensors: ReadonlyMap<string, Tensor>,
  metadata: Readonly<Record<string, string>>,
  targets: CheckpointTargets,
): LoadedCheckpoint {
  const json = parseJson(metadata);
  const { model, optimizer, scheduler, generator } = targets;
  const missing = (['model', 'optimizer', 'scheduler', 'generator'] as const).filter(
    (part) => targets[part] !== undefined && json[part] === undefined,
  );
  if (missing.length > 0) {
    throw new Error(
      `checkpoint: the file holds no ${missing.join(', ')} state (it was saved without ` +
        `${missing.map((m) => `\`${m}\``).join(', ')}); nothing was loaded`,
    );
  }

  // 1. Check what can be checked without changing anything.
  const modelEntries = new Map<string, Tensor>();
  const optimizerTensors = new Map<string, Tensor>();
  for (const [name, t] of tensors) {
    if (name.startsWith(MODEL_PREFIX)) modelEntries.set(name.slice(MODEL_PREFIX.length), t);
    else if (name.startsWith(OPTIMIZER_PREFIX)) optimizerTensors.set(name, t);
    else throw new Error(`checkpoint: unexpected tensor "${name}" in the checkpoint`);
  }
  const optimizerState = json.optimizer && optimizerStateDict(json.optimizer, optimizerTensors);
  if (optimizer !== undefined) optimizer.validateStateDict(optimizerState);
  const generatorState = generator && generatorBytes(json.generator);
  // A throwaway generator checks the bytes.
  if (generatorState !== undefined) new Generator().setState(generatorState);

  // 2. Apply. The scheduler's and the model's loads check their input and are all or nothing;
  // the scheduler goes first because its old position can be put back should the model refuse.
  const schedulerBefore = scheduler?.stateDict();
  scheduler?.loadStateDict(json.scheduler!);
  try {
    model?.loadStateDict(modelEntries);
  } catch (error) {
    if (schedulerBefore !== undefined) scheduler!.loadStateDict(schedulerBefore);
    throw error;
  }
  optimizer?.loadStateDict(optimizerState!);
  if (generatorState !== undefined) generator!.setState(generatorState);
  return { step: json.step, extra: json.extra };
}

/** The generator bytes of the JSON (an array of bytes). */
function generatorBytes(saved: unknown): Uint8Array {
  if (!Array.isArray(saved) || !saved.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new Error('checkpoint: the generator state is not an array of bytes; nothing was loaded');
  }
  return Uint8Array.from(saved as number[]);
}

/** The checkpoint JSON of the metadata, with its format checked. */
function parseJson(metadata: Readonly<Record<string, string>>): CheckpointJson {
  const text = metadata['checkpoint'];
  if (metadata['format'] !== FORMAT || text === undefined) {
    throw new Error(
      `checkpoint: not a checkpoint (its safetensors metadata has format ${JSON.stringify(metadata['format'])}, ` +
        `expected "${FORMAT}"); to load plain model weights, use model.loadSafetensors`,
    );
  }
  let json: CheckpointJson;
  try {
    json = JSON.parse(text) as CheckpointJson;
  } catch (error) {
    throw new Error(`checkpoint: its JSON metadata does not parse: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || json.version !== 1) {
    throw new Error(`checkpoint: version ${String(json?.version)}, expected 1`);
  }
  return json;
}

/** The optimiser state dict: the JSON numbers and groups, with the tensors put back. */
function optimizerStateDict(
  saved: NonNullable<CheckpointJson['optimizer']>,
  tensors: ReadonlyMap<string, Tensor>,
): OptimizerStateDict {
  const state: Record<number, ParamState> = {};
  for (const [index, numbers] of Object.entries(saved.state)) {
    const entries: ParamState = { ...numbers };
    for (const field of saved.tensors[index] ?? []) {
      const t = tensors.get(`${OPTIMIZER_PREFIX}${index}.${field}`);
      if (t === undefined) {
        throw new Error(
          `checkpoint: the tensor of optimizer state entry '${field}' of parameter ${index} is missing from the file`,
        );
      }
      entries[field] = t;
    }
    state[Number(index)] = entries;
  }
  return { state, paramGroups: saved.paramGroups };
}

/**
 * Throws unless `value` survives `JSON.stringify` unchanged: null, booleans, strings, finite
 * numbers, and arrays and plain objects of them. `where` names the value in the error.
 */
function checkJsonData(value: unknown, where: string): void {
  const refuse = (what: string, fix = ''): never => {
    throw new Error(`checkpoint: ${where} is ${what}, which JSON cannot store${fix}`);
  };
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(String(value));
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v === undefined) refuse(`undefined at [${i}]`);
      checkJsonData(v, `${where}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (value instanceof Tensor) {
      refuse(
        'a Tensor',
        ' in the JSON part; keep tensors in a Module (a buffer) and save it as `model`',
      );
    }
    if (proto !== Object.prototype && proto !== null) refuse(`a ${value.constructor.name}`);
    for (const [key, v] of Object.entries(value)) {
      if (v !== undefined) checkJsonData(v, `${where}.${key}`);
    }
    return;
  }
  refuse(`a ${typeof value}`);
}
