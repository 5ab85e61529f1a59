/**
 * The shape of a parity fixture directory's `manifest.json` (see `shared/parity/README.md`).
 *
 * Only the fields the runner reads are typed strictly; the rest of each entry is kept as
 * `unknown` so that a fixture generated with extra fields still loads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One term of the scalar loss that the reference back-propagated.
 * @example
 * ```ts
 * import type { LossTerm } from '@tensorgrad/models/parity';
 * const terms: LossTerm[] = [
 *   { kind: 'weighted_sum', output: 'output.logits', weight: 'loss_weight.logits' },
 *   { kind: 'scalar', output: 'output.loss' },
 * ];
 * if (terms.length !== 2) throw new Error('two terms');
 * ```
 */
export type LossTerm =
  /** `sum(output * weight)` over every element. */
  | { kind: 'weighted_sum'; output: string; weight: string }
  /** A scalar the model itself returned (Memformer's decoder loss). */
  | { kind: 'scalar'; output: string };

/**
 * Configuration object as written in the manifest (`tsConfig`): camelCase keys, JSON values.
 * @example
 * ```ts
 * import { CrossViT, type CrossViTOptions } from '@tensorgrad/models';
 * import type { JsonConfig } from '@tensorgrad/models/parity';
 * const tsConfig: JsonConfig = JSON.parse('{"imageSize": 8, "numClasses": 2, "smDim": 8, "lgDim": 8, "smPatchSize": 4, "lgPatchSize": 8, "depth": 1}');
 * if (!(new CrossViT(tsConfig as unknown as CrossViTOptions) instanceof CrossViT)) throw new Error('built');
 * ```
 */
export type JsonConfig = { readonly [key: string]: unknown };

/**
 * One parity case: a model, its configuration, and what to compare.
 * @example
 * ```ts
 * import { runCase, type ParityCase } from '@tensorgrad/models/parity';
 * const parityCase: ParityCase = {
 *   name: 'no_driver', file: 'missing.safetensors', model: 'NoSuchNetwork', pyConfig: {}, tsConfig: {},
 *   inputs: [], outputs: {}, callSequence: [], lossTerms: [], lossValue: 0, grads: [],
 *   stateDictKeys: [], buffers: [], frozenParams: [], booleanTensors: [],
 *   atol: 1e-6, rtol: 1e-5, gradAtol: 1e-6, gradRtol: 1e-5,
 * };
 * const result = runCase('.', parityCase);
 * if (result.passed || !result.problems[0]!.includes('no parity driver')) throw new Error('fails, naming why');
 * ```
 */
export interface ParityCase {
  /** Case name, e.g. `vit_basic`. */
  readonly name: string;
  /** safetensors file of the case, relative to the fixture directory. */
  readonly file: string;
  /** Model name that selects the driver: `ViT`, `Adapter`, `ATSViT`, ... */
  readonly model: string;
  /** Constructor kwargs of the Python reference. */
  readonly pyConfig: JsonConfig;
  /** The same kwargs with camelCase keys: the TypeScript constructor options. */
  readonly tsConfig: JsonConfig;
  /** Input tensor names (`input.img`, ...). */
  readonly inputs: readonly string[];
  /** Output tensor names mapped to a description. */
  readonly outputs: Readonly<Record<string, string>>;
  /** Intermediate tensor names mapped to a description (may be absent). */
  readonly aux?: Readonly<Record<string, string>>;
  /** How the reference was called, one line per step (human-readable). */
  readonly callSequence: readonly string[];
  /** Machine-readable loss. */
  readonly lossTerms: readonly LossTerm[];
  /** float32 value of the reference loss. */
  readonly lossValue: number;
  /** Every `grad.*` tensor name in the file. */
  readonly grads: readonly string[];
  /** State-dict keys in PyTorch order (parameters and buffers). */
  readonly stateDictKeys: readonly string[];
  /** Buffers among `stateDictKeys`. */
  readonly buffers: readonly string[];
  /** Parameters that do not require grad. */
  readonly frozenParams: readonly string[];
  /** I32 tensors of the file that hold booleans (names with their prefix). */
  readonly booleanTensors: readonly string[];
  /** Tolerance of `output.*` and `aux.*`. */
  readonly atol: number;
  readonly rtol: number;
  /** Tolerance of `grad.*`. */
  readonly gradAtol: number;
  readonly gradRtol: number;
  /** Behaviour of the reference that a port must reproduce. */
  readonly notes?: unknown;
  readonly [field: string]: unknown;
}

/**
 * The whole `manifest.json`.
 * @example
 * ```ts
 * import type { ParityManifest } from '@tensorgrad/models/parity';
 * const manifest: ParityManifest = { format: 'safetensors', comparison: 'allclose', reference: { torch: '2.5' }, cases: [] };
 * if (manifest.cases.length !== 0) throw new Error('no cases');
 * ```
 */
export interface ParityManifest {
  readonly format: string;
  readonly comparison: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly cases: readonly ParityCase[];
}

/**
 * Reads `<dir>/manifest.json`.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { readManifest } from '@tensorgrad/models/parity';
 * const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-manifest-'));
 * writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'safetensors', comparison: 'allclose', reference: {}, cases: [{ name: 'vit_basic' }] }));
 * const manifest = readManifest(dir);
 * if (manifest.cases.map((c) => c.name).join() !== 'vit_basic') throw new Error('cases');
 * ```
 */
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
