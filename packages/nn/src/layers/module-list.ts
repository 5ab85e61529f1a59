/** `ModuleList`: an indexed list of child modules. */
import { Module } from '../module/module.js';

/**
 * A list of modules registered as children `0`, `1`, … (as `torch.nn.ModuleList`).
 *
 * Entries may be `null`: such a hole keeps its index, so later entries keep PyTorch's numbering
 * (a list `[a, null, b]` has keys `0.*` and `2.*`).
 * @example
 * ```ts
 * import { Linear, ModuleList } from '@tensorgrad/nn';
 * const blocks = new ModuleList([new Linear(4, 4), null, new Linear(4, 4)]);
 * const keys = Object.keys(blocks.stateDict());
 * if (keys.join() !== '0.weight,0.bias,2.weight,2.bias') throw new Error(`keys ${keys}`);
 * ```
 */
export class ModuleList<T extends Module = Module> extends Module implements Iterable<T | null> {
  readonly #items: (T | null)[];

  /** Register `modules` as children `0`, `1`, … (holes included). */
  constructor(modules: Iterable<T | null> = []) {
    super();
    this.#items = [...modules];
  }

  /** Number of entries, holes included. */
  get length(): number {
    return this.#items.length;
  }

  /** The entry at `index` (negative counts from the end); throws when out of range. */
  get(index: number): T | null {
    const i = index < 0 ? index + this.#items.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#items.length) {
      throw new Error(
        `ModuleList.get: index ${index} is out of range for a list of ${this.#items.length}`,
      );
    }
    return this.#items[i]!;
  }

  /** Add `module` at the end. */
  append(module: T | null): this {
    this.#items.push(module);
    return this;
  }

  /** Add every module of `modules` at the end. */
  extend(modules: Iterable<T | null>): this {
    this.#items.push(...modules);
    return this;
  }

  /** Iterate over the entries, holes (null) included. */
  [Symbol.iterator](): Iterator<T | null> {
    return this.#items[Symbol.iterator]();
  }

  protected override ownChildren(): [string, Module][] {
    return this.#items.flatMap((m, i): [string, Module][] => (m === null ? [] : [[String(i), m]]));
  }
}
