/**
 * The shape of a fixture directory's `manifest.json` (see `shared/parity/README.md`). Only the
 * fields the runner reads are typed strictly, so a fixture with extra fields still loads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One term of the scalar loss that the reference back-propagated. */
export type LossTerm =
  /** `sum(output * weight)` over every element. */
  | { kind: 'weighted_sum'; output: string; weight: string }
  /** A scalar the model itself returned (Memformer's decoder loss). */
  | { kind: 'scalar'; output: string };

/** Configuration object as written in the manifest (`tsConfig`): camelCase keys, JSON values. */
export type JsonConfig = { readonly [key: string]: unknown };

/** One parity case: a model, its configuration, and what to compare. */
export interface ParityCase {
  readonly name: string;
  /** safetensors file of the case, relative to the fixture directory. */
  readonly file: string;
  /** Selects the driver: `ViT`, `Adapter`, `ATSViT`, ... */
  readonly model: string;
  /** Constructor kwargs of the Python reference, and the same with camelCase keys. */
  readonly pyConfig: JsonConfig;
  readonly tsConfig: JsonConfig;
  readonly inputs: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
  readonly aux?: Readonly<Record<string, string>>;
  /** How the reference was called, one line per step (human-readable). */
  readonly callSequence: readonly string[];
  readonly lossTerms: readonly LossTerm[];
  /** float32 value of the reference loss. */
  readonly lossValue: number;
  readonly grads: readonly string[];
  /** State-dict keys in PyTorch order (parameters and buffers). */
  readonly stateDictKeys: readonly string[];
  readonly buffers: readonly string[];
  readonly frozenParams: readonly string[];
  /** I32 tensors of the file that hold booleans. */
  readonly booleanTensors: readonly string[];
  /** Tolerance of `output.*` and `aux.*`, then of `grad.*`. */
  readonly atol: number;
  readonly rtol: number;
  readonly gradAtol: number;
  readonly gradRtol: number;
  /** Behaviour of the reference that a port must reproduce. */
  readonly notes?: unknown;
  readonly [field: string]: unknown;
}

/** The whole `manifest.json`. */
export interface ParityManifest {
  readonly format: string;
  readonly comparison: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly cases: readonly ParityCase[];
}

/** Reads `<dir>/manifest.json`. */
export function readManifest(dir: string): ParityManifest {
  const path = join(dir, 'manifest.json');
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { cases?: unknown }).cases)
  ) {
    throw new Error(`readManifest: ${path} has no "cases" array`);
  }
  return parsed as ParityManifest;
}
