/**
 * Deterministic memory management: `tidy` scopes, `keep`, `dispose` and `memory()`.
 *
 * GPU textures are not garbage collected, so every raw tensor created inside `tidy(fn)` is
 * disposed when `fn` returns unless it is reachable from the return value or was `keep`-ed.
 * This module knows tensors only through the small {@link Trackable} interface so that it does
 * not depend on the NDArray class (which depends on it).
 */
import { loadedBackends, getBackend } from './backend/registry.js';
import { refuseAsyncFunction, refusePromiseResult } from './sync-scope.js';

const TIDY_ENDING = 'the tensors it made are freed';

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

/**
 * Objects that wrap raw tensors user code can read (autograd's `Tensor`: its value and its
 * gradient) implement `[visibleTensors]()`. Unlike `[heldTensors]`, it leaves out what only a
 * later backward reads (the arrays its graph saved): that is how {@link forwardScope} tells the
 * graph's memory from the caller's.
 */
export const visibleTensors: unique symbol = Symbol.for('tensorgrad.visibleTensors');

/** What the memory manager needs from a tensor. */
export interface Trackable {
  dispose(): void;
  readonly isDisposed: boolean;
  /**
   * Called by {@link forwardScope} on a tensor its caller cannot reach: true when backward still
   * needs it (the tensor is then freed by the graph, once the last node that saved it has run),
   * false when the scope should free it now.
   */
  handToGraph?(): boolean;
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
 * The garbage-collection backstop of the count: a tensor nobody disposed leaves `memory().tensors`
 * when the collector finds it unreachable. (Its memory is the backends' business: each one
 * finalizes its own data, see `Storage`.) The held value is nothing, so the registry keeps
 * nothing alive.
 */
const collectedTensors = new FinalizationRegistry<undefined>(() => {
  liveTensors--;
});

/**
 * Called by the NDArray constructor: counts the tensor and puts it in the innermost tidy scope.
 * @internal
 */
export function trackTensor(t: Trackable): void {
  liveTensors++;
  collectedTensors.register(t, undefined, t);
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
  collectedTensors.unregister(t);
  for (const scope of scopes) scope.delete(t);
}

/**
 * Run `fn`; dispose every tensor created during it that is neither reachable from its result
 * nor passed to {@link keep}. Scopes nest: survivors join the enclosing scope. `fn` must be
 * synchronous: an async function, or one that returns a promise, is refused with an error,
 * because the scope would end at its first `await` (call `tidy` inside the async function).
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
  refuseAsyncFunction('tidy', fn, TIDY_ENDING);
  const result = runScope(fn, (scope, value) => {
    const survivors = new Set<Trackable>();
    collectTensors(value, survivors, new Set(), false);
    const parent = scopes[scopes.length - 1];
    for (const t of scope) {
      if (survivors.has(t)) parent?.add(t);
      else if (!kept.has(t)) t.dispose();
    }
  });
  // A promise holds no tensor tidy can see, so everything made so far was freed above.
  refusePromiseResult('tidy', result, TIDY_ENDING);
  return result;
}

/**
 * Runs `fn` (a module's `forward`) and sorts the tensors it created by who can still use them,
 * so that a training loop frees its activations without `tidy` and without waiting for the
 * garbage collector (which on the gpu frees textures only when the event loop turns):
 *
 * - reachable from its result or from what `owner()` returns once `fn` is done (the module's
 *   own properties), or seen by user code (see {@link exposeTensors}): the caller's; they join
 *   the enclosing scope;
 * - saved by the graph for backward: handed to the graph, which frees each one when the last
 *   node that saved it has run its backward (without `retainGraph`); they join the enclosing
 *   scope, so that an enclosing `tidy` still frees them;
 * - anything else: freed now.
 *
 * This is what PyTorch's reference counting does for a module's intermediates. What a forward
 * stores elsewhere (a closure, a global) is not seen: such code needs `keep`, as with `tidy`.
 * `fn` must be synchronous. If it throws, everything it created is freed, as `tidy` does.
 * @example
 * ```ts
 * import { forwardScope, memory, ones } from '@tensorgrad/tensor';
 * const x = ones([3]);
 * const before = memory().tensors;
 * const y = forwardScope(() => x.exp().add(1)); // no graph: exp's result is freed now
 * if (memory().tensors !== before + 1 || y.isDisposed) throw new Error('forwardScope');
 * ```
 */
export function forwardScope<T>(fn: () => T, owner: () => unknown = () => null): T {
  return runScope(fn, (scope, value) => {
    const visible = new Set<Trackable>();
    collectTensors(value, visible, new Set(), true);
    // What the module keeps on itself is as visible to user code as what a hook saw: no
    // enclosing forwardScope may hand it to the graph either.
    exposeTensors(owner());
    const parent = scopes[scopes.length - 1];
    for (const t of scope) {
      if (visible.has(t) || exposed.has(t) || kept.has(t) || t.handToGraph?.() === true) {
        if (!kept.has(t)) parent?.add(t);
      } else {
        t.dispose();
      }
    }
  });
}

/**
 * Marks the tensors found in `value` as seen by user code (a forward hook's arguments and
 * output): a {@link forwardScope} leaves them to their reader, as before it (the garbage
 * collector, `tidy` or `dispose` ends them).
 */
export function exposeTensors(value: unknown): void {
  const found = new Set<Trackable>();
  collectTensors(value, found, new Set(), true);
  for (const t of found) exposed.add(t);
}

const exposed = new WeakSet<Trackable>();

/**
 * Runs `fn` in a new innermost scope (the tensors created meanwhile are recorded in it), then
 * hands the scope and the result to `end`. If `fn` throws, everything it created that was not
 * kept is freed.
 */
function runScope<T>(fn: () => T, end: (scope: Set<Trackable>, result: T) => void): T {
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
  end(scope, result);
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
  collectTensors(value, found, new Set(), false);
  for (const t of found) t.dispose();
}

/**
 * What is alive: tensors and backend memory neither disposed nor found unreachable by the
 * garbage collector. Before == after means nothing leaked.
 */
export interface MemoryStats {
  /** Raw tensors neither disposed nor collected. */
  readonly tensors: number;
  /** Buffers (typed arrays or textures) held by all backends in use. */
  readonly buffers: number;
  /** Bytes held by all backends in use. */
  readonly bytes: number;
  /** Name of the current backend. */
  readonly backend: string;
}

/**
 * Live tensor and buffer counts. Disposal (`dispose()`, the end of a `tidy`) shows at once. A
 * tensor that merely became unreachable leaves the counts (and, on the gpu, its texture is
 * deleted) only once the garbage collector has found it and the event loop has run the
 * finalizers, so the counts can lag behind what is reachable: in a loop that never awaits they
 * grow until it does. {@link settleMemory} waits for that point.
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

/**
 * {@link memory} once what is unreachable has been released: runs the garbage collector when
 * the host exposes one (`node --expose-gc`; the test configurations of this repository pass
 * it), then returns to the event loop so that the finalizers of collected tensors run (they
 * free gpu textures, which the collector cannot see). Without an exposed collector it only
 * yields, which releases what earlier collections found. For tests, and for long loops on the
 * gpu that never await otherwise.
 * @example
 * ```ts
 * import { settleMemory, tensor } from '@tensorgrad/tensor';
 * const before = await settleMemory();
 * for (let i = 0; i < 10; i++) tensor([1, 2, 3]).mul(2); // never disposed, soon unreachable
 * const after = await settleMemory();
 * const collects = typeof (globalThis as { gc?: unknown }).gc === 'function';
 * if (collects && after.tensors !== before.tensors) throw new Error('collected tensors are counted');
 * ```
 */
export async function settleMemory(): Promise<MemoryStats> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Finalizers run as tasks of their own, after the current one: a timer lets them through (a
  // resolved promise would not). V8 may clean up one registry per task (the tensor count and
  // each backend have one), so this goes round until a round changes nothing.
  let previous = memory();
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    gc?.();
    await nextTask();
    const now = memory();
    if (round >= 2 && sameStats(now, previous)) return now;
    previous = now;
  }
  return previous;
}

/** At most this many collect-and-yield rounds: a few registries, and a finalizer may free more. */
const SETTLE_ROUNDS = 10;

function sameStats(a: MemoryStats, b: MemoryStats): boolean {
  return a.tensors === b.tensors && a.buffers === b.buffers && a.bytes === b.bytes;
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function collectTensors(
  value: unknown,
  out: Set<Trackable>,
  seen: Set<unknown>,
  visibleOnly: boolean,
): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (tensorClass !== null && value instanceof tensorClass) {
    out.add(value as Trackable);
    return;
  }
  if (visibleOnly && visibleTensors in value) {
    const visible = (value as { [visibleTensors](): readonly Trackable[] })[visibleTensors]();
    for (const t of visible) collectTensors(t, out, seen, visibleOnly);
    return;
  }
  if (heldTensors in value) {
    for (const t of (value as HoldsTensors)[heldTensors]())
      collectTensors(t, out, seen, visibleOnly);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, out, seen, visibleOnly);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, out, seen, visibleOnly);
  } else if (
    Object.getPrototypeOf(value) === Object.prototype ||
    Object.getPrototypeOf(value) === null
  ) {
    for (const v of Object.values(value)) collectTensors(v, out, seen, visibleOnly);
  }
}
