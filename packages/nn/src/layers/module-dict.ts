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

  /**
   * Store `modules` (a record or `[key, module]` pairs), in order.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const d = new ModuleDict([['b', new Linear(1, 1)], ['a', new Linear(1, 1)]]);
   * if (d.keys().join() !== 'b,a') throw new Error('pairs keep their order');
   * ```
   */
  constructor(modules: Iterable<[string, T]> | Readonly<Record<string, T>> = {}) {
    super();
    const entries =
      Symbol.iterator in modules
        ? [...(modules as Iterable<[string, T]>)]
        : Object.entries(modules);
    for (const [key, module] of entries) this.set(key, module);
  }

  /**
   * Number of entries.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * if (new ModuleDict({ a: new Linear(1, 1) }).size !== 1) throw new Error('one entry');
   * ```
   */
  get size(): number {
    return this.#items.size;
  }

  /**
   * The module under `key`; throws when there is none.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const heads = new ModuleDict({ cls: new Linear(32, 10) });
   * if (heads.get('cls').outFeatures !== 10) throw new Error('cls');
   * ```
   */
  get(key: string): T {
    const module = this.#items.get(key);
    if (module === undefined) {
      throw new Error(
        `ModuleDict.get: no module under '${key}'; keys are ${[...this.#items.keys()].join(', ') || '(none)'}`,
      );
    }
    return module;
  }

  /**
   * Whether a module is stored under `key`.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const heads = new ModuleDict({ cls: new Linear(32, 10) });
   * if (!heads.has('cls') || heads.has('box')) throw new Error('has');
   * ```
   */
  has(key: string): boolean {
    return this.#items.has(key);
  }

  /**
   * Store `module` under `key` (replacing keeps the key's position, as a Python dict).
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const heads = new ModuleDict({ cls: new Linear(32, 10) });
   * heads.set('extra', new Linear(32, 1));
   * if (heads.keys().join() !== 'cls,extra') throw new Error('appended');
   * ```
   */
  set(key: string, module: T): this {
    if (key === '' || key.includes('.')) {
      throw new Error(`ModuleDict.set: key '${key}' must be non-empty and contain no '.'`);
    }
    this.#items.set(key, module);
    return this;
  }

  /**
   * The keys, in insertion order.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const d = new ModuleDict({ b: new Linear(1, 1), a: new Linear(1, 1) });
   * if (d.keys().join() !== 'b,a') throw new Error('insertion order');
   * ```
   */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /**
   * The modules, in insertion order.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const d = new ModuleDict({ a: new Linear(1, 2), b: new Linear(1, 3) });
   * if (d.values().map((m) => m.outFeatures).join() !== '2,3') throw new Error('values');
   * ```
   */
  values(): T[] {
    return [...this.#items.values()];
  }

  /**
   * `[key, module]` pairs, in insertion order.
   * @example
   * ```ts
   * import { Linear, ModuleDict } from '@tensorgrad/nn';
   * const d = new ModuleDict({ a: new Linear(1, 2) });
   * const [[key, layer]] = d.entries() as [[string, Linear]];
   * if (key !== 'a' || layer.outFeatures !== 2) throw new Error('entries');
   * ```
   */
  entries(): [string, T][] {
    return [...this.#items.entries()];
  }

  protected override ownChildren(): [string, Module][] {
    return this.entries();
  }
}
