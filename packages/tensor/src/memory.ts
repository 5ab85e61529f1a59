/**
 * Deterministic memory management: `tidy` scopes, `keep`, `dispose` and `memory()`.
 *
 * GPU textures are not garbage collected, so every raw tensor created inside `tidy(fn)` is
 * disposed when `fn` returns unless it is reachable from the return value or was `keep`-ed.
 * This module knows tensors only through the small {@link Trackable} interface so that it does
 * not depend on the NDArray class (which depends on it).
 */
import { loadedBackends, getBackend } from './backend/registry.js';

/**
 * Objects that hold raw tensors (autograd tensors, modules) implement `[heldTensors]()` so that
 * `tidy` keeps those tensors alive when the object is returned from the scope.
 * @example
 * ```ts
 * import { NDArray, heldTensors, ones, tidy, zeros } from '@tensorgrad/tensor';
 * class TwoTensors {
 *   constructor(
 *     readonly a: NDArray,
 *     readonly b: NDArray,
 *   ) {}
 *   [heldTensors]() {
 *     return [this.a, this.b];
 *   }
 * }
 * const p = tidy(() => new TwoTensors(ones([2]), zeros([2])));
 * if (p.a.isDisposed || p.b.isDisposed) throw new Error('tidy keeps what the result holds');
 * ```
 */
export const heldTensors: unique symbol = Symbol.for('tensorgrad.heldTensors');

/** What the memory manager needs from a tensor. */
export interface Trackable {
  dispose(): void;
  readonly isDisposed: boolean;
}

/** Objects that expose the tensors they hold to `tidy`. */
export interface HoldsTensors {
  [heldTensors](): readonly Trackable[];
}

/**
 * The raw NDArray class, registered by `tensor.ts` (which imports this module, so it cannot be
 * imported here). An `instanceof` check is much cheaper than adding every tensor to a WeakSet.
 */
let tensorClass: (abstract new (...args: never[]) => Trackable) | null = null;
const kept = new WeakSet<Trackable>();
const scopes: Set<Trackable>[] = [];
let liveTensors = 0;

/**
 * Called by the NDArray constructor: counts the tensor and puts it in the innermost tidy scope.
 * @internal
 */
export function trackTensor(t: Trackable): void {
  liveTensors++;
  scopes[scopes.length - 1]?.add(t);
}

/**
 * Called once by `tensor.ts` to tell `tidy` which objects are raw tensors.
 * @internal
 */
export function registerTensorClass(cls: abstract new (...args: never[]) => Trackable): void {
  tensorClass = cls;
}

/**
 * Called by `NDArray.dispose()` the one time a tensor is disposed.
 * @internal
 */
export function untrackTensor(t: Trackable): void {
  liveTensors--;
  for (const scope of scopes) scope.delete(t);
}

/**
 * Run `fn`; dispose every tensor created during it that is neither reachable from its result
 * nor passed to {@link keep}. Scopes nest: survivors join the enclosing scope.
 * @example
 * ```ts
 * import { memory, tensor, tidy } from '@tensorgrad/tensor';
 * const x = tensor([1, 2]);
 * const before = memory().tensors;
 * const y = tidy(() => x.mul(2).add(1)); // the x.mul(2) intermediate is freed
 * if (String(y.toArray()) !== '3,5' || memory().tensors !== before + 1) throw new Error('tidy');
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Trackable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    for (const t of scope) if (!kept.has(t)) t.dispose();
    throw err;
  }
  scopes.pop();
  const survivors = new Set<Trackable>();
  collectTensors(result, survivors, new Set());
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (survivors.has(t)) parent?.add(t);
    else if (!kept.has(t)) t.dispose();
  }
  return result;
}

/**
 * Exempt `t` from every enclosing (and future) tidy scope; it lives until disposed.
 * @example
 * ```ts
 * import { NDArray, keep, randn, tidy } from '@tensorgrad/tensor';
 * let weights: NDArray | undefined;
 * tidy(() => {
 *   weights = keep(randn([3, 3]));
 * });
 * if (weights === undefined || weights.isDisposed) throw new Error('keep');
 * weights.dispose();
 * ```
 */
export function keep<T extends Trackable>(t: T): T {
  kept.add(t);
  for (const scope of scopes) scope.delete(t);
  return t;
}

/**
 * Dispose every tensor found in `value` (a tensor, array, plain object, Map, or an object
 * implementing `[heldTensors]`).
 */
export function dispose(value: unknown): void {
  const found = new Set<Trackable>();
  collectTensors(value, found, new Set());
  for (const t of found) t.dispose();
}

/** Live counts, used by leak tests: before == after means nothing leaked. */
export interface MemoryStats {
  /** Raw tensors created and not yet disposed. */
  readonly tensors: number;
  /** Buffers (typed arrays or textures) held by all backends in use. */
  readonly buffers: number;
  /** Bytes held by all backends in use. */
  readonly bytes: number;
  /** Name of the current backend. */
  readonly backend: string;
}

/**
 * Live tensor and buffer counts.
 * @example
 * ```ts
 * import { memory, ones, tidy } from '@tensorgrad/tensor';
 * const before = memory().buffers;
 * tidy(() => {
 *   ones([4]).exp().sum(); // nothing returned: everything is freed
 * });
 * if (memory().buffers !== before) throw new Error('leaked a buffer');
 * ```
 */
export function memory(): MemoryStats {
  let buffers = 0;
  let bytes = 0;
  for (const b of loadedBackends()) {
    const m = b.memory();
    buffers += m.buffers;
    bytes += m.bytes;
  }
  return { tensors: liveTensors, buffers, bytes, backend: getBackend().name };
}

function collectTensors(value: unknown, out: Set<Trackable>, seen: Set<unknown>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (tensorClass !== null && value instanceof tensorClass) {
    out.add(value as Trackable);
    return;
  }
  if (heldTensors in value) {
    for (const t of (value as HoldsTensors)[heldTensors]()) collectTensors(t, out, seen);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, out, seen);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, out, seen);
  } else if (
    Object.getPrototypeOf(value) === Object.prototype ||
    Object.getPrototypeOf(value) === null
  ) {
    for (const v of Object.values(value)) collectTensors(v, out, seen);
  }
}
