/**
 * `Module`: the base class of every layer and model, as `torch.nn.Module`.
 *
 * A module finds its parameters and child modules by looking at its own properties, in the
 * order they were first defined (JavaScript keeps string keys in insertion order, as Python's
 * `__setattr__` fills `_parameters` and `_modules`). Note that a class field declaration
 * (`readonly fc1: Linear;`) defines the property when the instance is created, so declared
 * fields count in declaration order: declare them in the order the Python original assigns them.
 * Buffers are declared explicitly with {@link Module.registerBuffer}, since a plain tensor
 * property could be anything.
 *
 * State-dict keys are the members' names passed through {@link stateDictKey} and joined by `.`,
 * which reproduces PyTorch's keys (`transformer.layers.0.1.net.1.weight`).
 */
import { Tensor, noGrad } from '@tensorgrad/autograd';
import { keep, tidy } from '@tensorgrad/autograd';
import {
  type NDArray,
  exposeTensors,
  forwardScope,
  heldTensors,
  sameShape,
  shapeString,
} from '@tensorgrad/tensor';
import type { Trackable } from '@tensorgrad/tensor';
import { Parameter } from './parameter.js';
import { stateDictKey } from './state-dict-key.js';
import { loadSafetensorsFile, readSafetensors, saveSafetensorsFile } from '../io/index.js';

/**
 * A state dict: key → tensor, in PyTorch's order (a module's own parameters, then its own
 * persistent buffers, then each child's entries, recursively).
 */
export type StateDict = Record<string, Tensor>;

/** What {@link Module.loadStateDict} accepts: a record or a Map of tensors. */
export type StateDictLike = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Fail on missing and unexpected keys (default `true`). Shape and dtype mismatches always fail. */
  strict?: boolean;
}

/**
 * The keys that did not match, as PyTorch's `_IncompatibleKeys` (only non-empty when `strict` is false).
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { Linear, type LoadStateDictResult } from '@tensorgrad/nn';
 * const result: LoadStateDictResult = new Linear(2, 3, { bias: false }).loadStateDict(
 *   { weight: zeros([3, 2]), extra: zeros([1]) },
 *   { strict: false },
 * );
 * if (result.unexpectedKeys.join() !== 'extra' || result.missingKeys.length !== 0) throw new Error('keys');
 * ```
 */
export interface LoadStateDictResult {
  /** Keys the model has but the state dict lacks (left unchanged). */
  missingKeys: string[];
  /** Keys of the state dict that the model does not have (ignored). */
  unexpectedKeys: string[];
}

/** Options of {@link Module.registerBuffer}. */
export interface RegisterBufferOptions {
  /** Whether the buffer is part of the state dict (default `true`). */
  persistent?: boolean;
}

/** One own member of a module: its state-dict segment and its value. */
export type Named<T> = [key: string, value: T];

/**
 * A forward hook: called with the module, the arguments of `forward` and its output; a
 * returned value replaces the output (see {@link Module.registerForwardHook}).
 */
export type ForwardHook = (module: Module, args: unknown[], output: Tensor) => Tensor | void;

/**
 * Base class for all layers and models.
 *
 * Subclasses assign {@link Parameter}s and child modules to properties in the constructor and
 * define a `forward(...)` method, which is what callers call.
 *
 * @example
 * ```ts
 * import { randn, type Tensor } from '@tensorgrad/autograd';
 * import { Linear, Module } from '@tensorgrad/nn';
 * class TwoLayer extends Module {
 *   readonly fc1 = new Linear(4, 8);
 *   readonly fc2 = new Linear(8, 2);
 *   forward(x: Tensor): Tensor { return this.fc2.forward(this.fc1.forward(x).relu()); }
 * }
 * const model = new TwoLayer();
 * const keys = Object.keys(model.stateDict());
 * if (keys.join() !== 'fc1.weight,fc1.bias,fc2.weight,fc2.bias') throw new Error(`keys ${keys}`);
 * if (model.forward(randn([3, 4])).shape.join() !== '3,2') throw new Error('forward');
 * ```
 */
export class Module {
  /**
   * Whether the module is in training mode (dropout active); set with {@link train} / {@link eval}.
   */
  training = true;

  /** Member names registered as buffers, with whether they are persistent. */
  readonly #bufferNames = new Map<string, boolean>();

  /**
   * Declare the property `name` as a buffer: a tensor that is saved in the state dict (unless
   * `persistent` is false) but is not a parameter, such as a fixed attention mask.
   * The tensor is stored as `this[name]`, where later assignments replace it.
   * @param name - the member name (camelCase; its state-dict key is {@link stateDictKey}(name)).
   * @param value - the tensor, or null for "no buffer".
   * @example
   * ```ts
   * import { ones, type Tensor } from '@tensorgrad/autograd';
   * import { Module } from '@tensorgrad/nn';
   * class Adapter extends Module {
   *   declare readonly attnMask: Tensor; // typed here, defined by registerBuffer
   *   constructor(mask: Tensor) {
   *     super();
   *     this.registerBuffer('attnMask', mask); // state-dict key 'attn_mask'
   *   }
   * }
   * const adapter = new Adapter(ones([2, 2]));
   * if (Object.keys(adapter.stateDict()).join() !== 'attn_mask') throw new Error('buffer key');
   * if (adapter.attnMask.shape.join() !== '2,2') throw new Error('member');
   * ```
   */
  registerBuffer(name: string, value: Tensor | null, options: RegisterBufferOptions = {}): void {
    const current = this.#properties()[name];
    if (current instanceof Parameter || current instanceof Module) {
      throw new Error(
        `${this.constructor.name}.registerBuffer: '${name}' already holds a ${current.constructor.name}; ` +
          `expected a new name or an existing buffer`,
      );
    }
    this.#bufferNames.set(name, options.persistent ?? true);
    if (value !== null && !(value instanceof Tensor)) {
      throw new Error(
        `${this.constructor.name}.registerBuffer: '${name}' got ${describe(value)}; expected a Tensor or null`,
      );
    }
    this.#properties()[name] = value;
  }

  // ---- own members (overridden by containers, whose children are not properties) ----

  /**
   * This module's own parameters (not its children's), keyed by state-dict segment, in
   * assignment order.
   */
  protected ownParameters(): Named<Parameter>[] {
    const out: Named<Parameter>[] = [];
    for (const [name, value] of this.#scan()) {
      if (value instanceof Parameter && !this.#bufferNames.has(name))
        out.push([stateDictKey(name), value]);
    }
    return out;
  }

  /** This module's own buffers (null ones skipped), with whether each is persistent. */
  protected ownBuffers(): [key: string, value: Tensor, persistent: boolean][] {
    const out: [string, Tensor, boolean][] = [];
    for (const [name, persistent] of this.#bufferNames) {
      const value = this.#properties()[name];
      if (value === null || value === undefined) continue;
      if (!(value instanceof Tensor)) {
        throw new Error(
          `${this.constructor.name}: buffer '${name}' holds ${describe(value)}; expected an autograd Tensor or null`,
        );
      }
      out.push([stateDictKey(name), value, persistent]);
    }
    return out;
  }

  /** This module's direct children keyed by state-dict segment (null entries skipped). */
  protected ownChildren(): Named<Module>[] {
    const out: Named<Module>[] = [];
    for (const [name, value] of this.#scan()) {
      if (value instanceof Module) out.push([stateDictKey(name), value]);
    }
    return out;
  }

  #properties(): Record<string, unknown> {
    return this as unknown as Record<string, unknown>;
  }

  /** Own enumerable properties, rejecting arrays of modules (which PyTorch would not register either). */
  #scan(): [string, unknown][] {
    const entries = Object.entries(this);
    for (const [name, value] of entries) {
      if (
        Array.isArray(value) &&
        value.some((v) => v instanceof Module || v instanceof Parameter)
      ) {
        throw new Error(
          `${this.constructor.name}: property '${name}' is a plain array of modules or parameters, ` +
            `which would not be registered; expected a ModuleList (or ParameterList-like module)`,
        );
      }
    }
    return entries;
  }

  // ---- traversal ----

  /** The direct child modules, each once. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** The direct child modules with their keys, each module once. */
  namedChildren(): Named<Module>[] {
    const seen = new Set<Module>();
    return this.ownChildren().filter(([, m]) => (seen.has(m) ? false : (seen.add(m), true)));
  }

  /**
   * This module and all its descendants in pre-order, keyed by dotted path (`''` for this one);
   * a module reachable by two paths is listed once, under the first.
   */
  namedModules(prefix = ''): Named<Module>[] {
    const out: Named<Module>[] = [];
    const seen = new Set<Module>();
    const visit = (module: Module, path: string): void => {
      if (seen.has(module)) return;
      seen.add(module);
      out.push([path, module]);
      for (const [key, child] of module.ownChildren()) visit(child, join(path, key));
    };
    visit(this, prefix);
    return out;
  }

  /**
   * Every parameter with its dotted name, each parameter once (shared ones under their first name).
   * @param recurse - include descendants' parameters (default true).
   */
  namedParameters(prefix = '', recurse = true): Named<Parameter>[] {
    const out: Named<Parameter>[] = [];
    const seen = new Set<Parameter>();
    const modules: Named<Module>[] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [path, module] of modules) {
      for (const [key, p] of module.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([join(path, key), p]);
      }
    }
    return out;
  }

  /** Every parameter, each once, in state-dict order. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Every buffer (persistent or not) with its dotted name, each once. */
  namedBuffers(prefix = '', recurse = true): Named<Tensor>[] {
    const out: Named<Tensor>[] = [];
    const seen = new Set<Tensor>();
    const modules: Named<Module>[] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [path, module] of modules) {
      for (const [key, b] of module.ownBuffers()) {
        if (seen.has(b)) continue;
        seen.add(b);
        out.push([join(path, key), b]);
      }
    }
    return out;
  }

  /** Every buffer (persistent or not), each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /**
   * Call `fn` on every descendant (children first, then their parent, as PyTorch) and on this module.
   */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- modes and gradients ----

  /** Set training mode on this module and every descendant (affects Dropout). */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Set `requiresGrad` on every parameter (e.g. to freeze a backbone). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Call `hook(module, args, output)` after every `forward` of this module (PyTorch's
   * `register_forward_hook`): the way to look inside a network — capture an attention map, log
   * an intermediate — without changing its code. A hook that returns a value replaces the
   * output. Returns a handle whose `remove()` unregisters the hook.
   *
   * What a hook sees stays readable after backward (the forward's memory rules leave it to the
   * hook's owner, see {@link Module}).
   * @example
   * ```ts
   * import { randn } from '@tensorgrad/autograd';
   * import { Linear, ReLU, Sequential } from '@tensorgrad/nn';
   * const net = new Sequential(new Linear(4, 3), new ReLU());
   * const seen: number[][] = [];
   * const handle = net.get(0)!.registerForwardHook((_m, _args, out) => { seen.push([...out.shape]); });
   * net.forward(randn([2, 4]));
   * handle.remove();
   * net.forward(randn([2, 4]));
   * if (seen.length !== 1 || seen[0]!.join() !== '2,3') throw new Error('one call seen');
   * ```
   */
  registerForwardHook(hook: ForwardHook): { remove(): void } {
    this.#forwardHooks.push(hook);
    return {
      remove: () => {
        const at = this.#forwardHooks.indexOf(hook);
        if (at >= 0) this.#forwardHooks.splice(at, 1);
      },
    };
  }

  readonly #forwardHooks: ForwardHook[] = [];

  constructor() {
    // Modules are called through `forward` directly (there is no `__call__`), so this instance's
    // `forward` (the subclass's method, already on the prototype chain) is wrapped here: not
    // enumerable, so the property scan that registers parameters and children never sees it.
    const forward = (this as unknown as { forward?: unknown }).forward;
    if (typeof forward !== 'function') return;
    Object.defineProperty(this, 'forward', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: (...args: unknown[]) => this.#call(forward as (...a: unknown[]) => unknown, args),
    });
  }

  /**
   * One call of `forward`, as PyTorch's `__call__`: the forward hooks run on its output, and the
   * tensors it created are sorted by `forwardScope`: what the caller can reach (the output, this
   * module's own properties, what a hook saw) is the caller's; activations saved for backward
   * are handed to the graph, which frees them as soon as backward has used them; the rest is
   * freed on return. Without this a training loop that never awaits would keep every step's
   * activations until the garbage collector ran, and gpu textures until the event loop turned.
   */
  #call(forward: (...a: unknown[]) => unknown, args: unknown[]): unknown {
    const own = () => Object.values(this).filter((v) => !(v instanceof Module));
    return forwardScope(() => {
      let out = forward.apply(this, args);
      if (this.#forwardHooks.length === 0) return out;
      for (const h of [...this.#forwardHooks]) {
        exposeTensors([args, out]);
        const replaced = h(this, args, out as Tensor);
        if (replaced !== undefined) out = replaced;
      }
      return out;
    }, own);
  }

  /** Clear the gradient of every parameter. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  /**
   * Convert every floating-point parameter and buffer to `dtype`, or move every parameter and
   * buffer to a backend, in place (the Tensor objects stay the same; gradients are dropped).
   */
  to(target: 'float32' | 'float64' | 'cpu' | 'gpu'): this {
    const isDtype = target === 'float32' || target === 'float64';
    for (const t of [...this.parameters(), ...this.buffers()]) {
      if (isDtype && !t.isFloatingPoint) continue;
      const next = keep(t.value.to(target));
      if (next === t.value) continue;
      t.zeroGrad();
      t.value.dispose();
      // `assign` keeps the dtype, so a conversion swaps the value itself (the field is public for this).
      t.value = next;
    }
    return this;
  }

  // ---- state dict ----

  /** (key, tensor) for every state-dict entry, without de-duplication, in PyTorch's order. */
  #stateEntries(prefix: string): Named<Tensor>[] {
    const out: Named<Tensor>[] = [];
    for (const [key, p] of this.ownParameters()) out.push([join(prefix, key), p]);
    for (const [key, b, persistent] of this.ownBuffers())
      if (persistent) out.push([join(prefix, key), b]);
    for (const [key, child] of this.ownChildren())
      out.push(...child.#stateEntries(join(prefix, key)));
    return out;
  }

  /**
   * Parameters and persistent buffers by PyTorch key, in PyTorch's order. The values are the
   * modules' own numbers (detached views, no copy, as PyTorch's): an optimizer step or
   * `loadStateDict` writes into the same memory, so they show the current numbers (`clone()`
   * them for a snapshot); do not dispose them.
   * Tied parameters appear under every key that reaches them, as in PyTorch.
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    // Detached views of the module's own numbers (no copy), as PyTorch's state_dict.
    for (const [key, t] of this.#stateEntries('')) out[key] = t.detach();
    return out;
  }

  /**
   * Copy the tensors of `stateDict` into the parameters and persistent buffers, all or nothing.
   *
   * Every problem — missing keys, unexpected keys (both only when `strict`), shape and dtype
   * mismatches — is collected and reported in one error, and the model is left untouched.
   * An int32 tensor holding only 0/1 loads into a bool buffer (safetensors files written from
   * PyTorch store booleans that way).
   * @example
   * ```ts
   * import { Linear } from '@tensorgrad/nn';
   * const model = new Linear(2, 3);
   * const other = new Linear(2, 3);
   * model.loadStateDict(other.stateDict());
   * if ([...model.weight.data()].join() !== [...other.weight.data()].join()) throw new Error('copied');
   * const { missingKeys } = model.loadStateDict({ weight: other.weight }, { strict: false });
   * if (missingKeys.join() !== 'bias') throw new Error(`missing ${missingKeys}`);
   * ```
   */
  loadStateDict(stateDict: StateDictLike, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const source = toMap(this.constructor.name, stateDict);
    const expected = this.#stateEntries('');
    const missingKeys: string[] = [];
    const mismatches: string[] = [];
    const updates: { target: Tensor; value: NDArray }[] = [];
    for (const [key, target] of expected) {
      const value = source.get(key);
      if (value === undefined) {
        missingKeys.push(key);
        continue;
      }
      if (!sameShape(value.shape, target.shape)) {
        mismatches.push(
          `shape mismatch for ${key}: ${shapeString(value.shape)} in the state dict, ` +
            `${shapeString(target.shape)} in the model`,
        );
      } else if (value.dtype !== target.dtype && !isBooleanInt(value, target)) {
        mismatches.push(
          `dtype mismatch for ${key}: ${value.dtype} in the state dict, ${target.dtype} in the model`,
        );
      } else {
        updates.push({ target, value });
      }
    }
    const expectedKeys = new Set(expected.map(([k]) => k));
    const unexpectedKeys = [...source.keys()].filter((k) => !expectedKeys.has(k));

    const problems: string[] = [];
    if (strict && missingKeys.length > 0)
      problems.push(`missing keys (${missingKeys.length}): ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys (${unexpectedKeys.length}): ${unexpectedKeys.join(', ')}`);
    }
    problems.push(...mismatches);
    if (problems.length > 0) {
      throw new Error(
        `loadStateDict(${this.constructor.name}): the state dict does not fit the model, nothing was loaded ` +
          `(${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`,
      );
    }

    // Copy every value before assigning any, so that a failure while copying leaves the model as it was.
    const copies = updates.map(({ target, value }) =>
      keep(value.dtype === target.dtype ? value.clone() : value.cast(target.dtype)),
    );
    noGrad(() => updates.forEach(({ target }, i) => target.assign(copies[i]!)));
    for (const copy of copies) copy.dispose();
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Load a safetensors file (a path, in Node) or its bytes into the model through
   * {@link loadStateDict}: same keys, same checks, all or nothing.
   * @example
   * ```ts
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * import { Linear } from '@tensorgrad/nn';
   * const path = join(tmpdir(), `tensorgrad-load-example-${process.pid}.safetensors`);
   * const trained = new Linear(2, 3);
   * trained.saveSafetensors(path);
   * const model = new Linear(2, 3);
   * model.loadSafetensors(path); // or bytes: new Uint8Array(await (await fetch(url)).arrayBuffer())
   * if ([...model.bias!.data()].join() !== [...trained.bias!.data()].join()) throw new Error('loaded');
   * ```
   */
  loadSafetensors(
    pathOrBytes: string | Uint8Array | ArrayBuffer,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const { tensors } =
      typeof pathOrBytes === 'string'
        ? loadSafetensorsFile(pathOrBytes)
        : readSafetensors(pathOrBytes);
    try {
      return this.loadStateDict(tensors, options);
    } finally {
      // loadStateDict copies what it loads, so the decoded tensors are no longer needed.
      for (const t of tensors.values()) t.dispose();
    }
  }

  /** Write the state dict to a safetensors file (Node), with optional string metadata. */
  saveSafetensors(path: string, metadata?: Record<string, string>): void {
    saveSafetensorsFile(path, this.stateDict(), metadata);
  }

  /** Lets `tidy` keep a returned module's parameters and buffers alive. */
  [heldTensors](): readonly Trackable[] {
    return [...this.parameters(), ...this.buffers()].map((t) => t.value);
  }
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function toMap(owner: string, stateDict: StateDictLike): Map<string, NDArray> {
  if (stateDict === null || typeof stateDict !== 'object') {
    throw new Error(
      `loadStateDict(${owner}): expected a record or a Map of tensors, got ${describe(stateDict)}`,
    );
  }
  const entries: [string, unknown][] =
    stateDict instanceof Map ? [...stateDict.entries()] : Object.entries(stateDict);
  const wrong = entries.filter(([, v]) => !(v instanceof Tensor));
  if (wrong.length > 0) {
    const [key, value] = wrong[0] as [string, unknown];
    throw new Error(
      `loadStateDict(${owner}): entry '${key}' is ${describe(value)}, expected a Tensor ` +
        `(build one with tensor(values)); nothing was loaded`,
    );
  }
  return new Map(entries.map(([k, v]) => [k, (v as Tensor).value]));
}

/** An int32 0/1 tensor headed for a bool tensor (how PyTorch booleans are stored in safetensors). */
function isBooleanInt(value: NDArray, target: Tensor): boolean {
  if (value.dtype !== 'int32' || target.dtype !== 'bool') return false;
  return tidy(() => Boolean(value.eq(0).logicalOr(value.eq(1)).all().item()));
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value === null ? 'null' : `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}
