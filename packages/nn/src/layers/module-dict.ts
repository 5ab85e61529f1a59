/** `ModuleDict`: child modules under string keys. */
import { Module } from '../module/module.js';

/**
 * Modules stored under string keys, in insertion order (as `torch.nn.ModuleDict`). The keys
 * are used verbatim in the state dict (no camelCase mapping: they are data, not member names).
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Linear, ModuleDict } from '@tensorgrad/nn';
 * const heads = new ModuleDict({ cls: new Linear(32, 10), box: new Linear(32, 4) });
 * if (heads.get('cls').forward(randn([1, 32])).shape.join() !== '1,10') throw new Error('cls head');
 * if (!('box.weight' in heads.stateDict())) throw new Error('keys used verbatim');
 * ```
 */
export class ModuleDict<T extends Module = Module> extends Module {
  readonly #items = new Map<string, T>();

  /** Store `modules` (a record or `[key, module]` pairs), in order. */
  constructor(modules: Iterable<[string, T]> | Readonly<Record<string, T>> = {}) {
    super();
    const entries =
      Symbol.iterator in modules
        ? [...(modules as Iterable<[string, T]>)]
        : Object.entries(modules);
    for (const [key, module] of entries) this.set(key, module);
  }

  /** Number of entries. */
  get size(): number {
    return this.#items.size;
  }

  /** The module under `key`; throws when there is none. */
  get(key: string): T {
    const module = this.#items.get(key);
    if (module === undefined) {
      throw new Error(
        `ModuleDict.get: no module under '${key}'; keys are ${[...this.#items.keys()].join(', ') || '(none)'}`,
      );
    }
    return module;
  }

  /** Whether a module is stored under `key`. */
  has(key: string): boolean {
    return this.#items.has(key);
  }

  /** Store `module` under `key` (replacing keeps the key's position, as a Python dict). */
  set(key: string, module: T): this {
    if (key === '' || key.includes('.')) {
      throw new Error(`ModuleDict.set: key '${key}' must be non-empty and contain no '.'`);
    }
    this.#items.set(key, module);
    return this;
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** The modules, in insertion order. */
  values(): T[] {
    return [...this.#items.values()];
  }

  /** `[key, module]` pairs, in insertion order. */
  entries(): [string, T][] {
    return [...this.#items.entries()];
  }

  protected override ownChildren(): [string, Module][] {
    return this.entries();
  }
}
