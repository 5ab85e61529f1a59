/** `ModuleList`: an indexed list of child modules. */
import { Module } from '../module/module.js';

/**
 * A list of modules registered as children `0`, `1`, … (as `torch.nn.ModuleList`).
 *
 * Entries may be `null`: such a hole keeps its index, so later entries keep PyTorch's numbering
 * (a list `[a, null, b]` has keys `0.*` and `2.*`).
 * @example
 * const blocks = new ModuleList([new Linear(4, 4), null, new Linear(4, 4)]);
 * Object.keys(blocks.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
 */
export class ModuleList<T extends Module = Module> extends Module implements Iterable<T | null> {
  readonly #items: (T | null)[];

  constructor(modules: Iterable<T | null> = []) {
    super();
    this.#items = [...modules];
  }

  /** Number of entries, holes included. */
  get length(): number {
    return this.#items.length;
  }

  /**
   * The entry at `index` (negative counts from the end); throws when out of range.
   * @example
   * blocks.get(-1);
   */
  get(index: number): T | null {
    const i = index < 0 ? index + this.#items.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#items.length) {
      throw new Error(
        `ModuleList.get: index ${index} is out of range for a list of ${this.#items.length}`,
      );
    }
    return this.#items[i]!;
  }

  /**
   * Add `module` at the end.
   * @example
   * layers.append(new Linear(4, 4));
   */
  append(module: T | null): this {
    this.#items.push(module);
    return this;
  }

  /**
   * Add every module of `modules` at the end.
   * @example
   * layers.extend([a, b]);
   */
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
