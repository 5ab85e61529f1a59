/** `Sequential`: modules applied one after the other. */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';

/** A module that maps one tensor to one tensor: what `Sequential` can chain. */
export interface UnaryModule extends Module {
  /** Map the input to the output. */
  forward(input: Tensor): Tensor;
}

/**
 * Apply its modules in order (as `torch.nn.Sequential`); children are keyed `0`, `1`, ….
 *
 * A `null` entry keeps its index in the numbering (PyTorch's `add_module(str(i), None)`) and is
 * skipped by `forward`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { GELU, Linear, Sequential } from '@tensorgrad/nn';
 * const mlp = new Sequential(new Linear(4, 8), new GELU(), new Linear(8, 2));
 * if (mlp.forward(randn([3, 4])).shape.join() !== '3,2') throw new Error('forward');
 * const keys = Object.keys(mlp.stateDict());
 * if (keys.join() !== '0.weight,0.bias,2.weight,2.bias') throw new Error(`keys ${keys}`);
 * ```
 */
export class Sequential extends Module implements Iterable<UnaryModule | null> {
  readonly #items: (UnaryModule | null)[];

  /** Chain `modules` (a `null` keeps its index). */
  constructor(...modules: (UnaryModule | null)[]) {
    super();
    this.#items = modules;
  }

  /** Number of entries, holes included. */
  get length(): number {
    return this.#items.length;
  }

  /** The entry at `index` (negative counts from the end); throws when out of range. */
  get(index: number): UnaryModule | null {
    const i = index < 0 ? index + this.#items.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#items.length) {
      throw new Error(
        `Sequential.get: index ${index} is out of range for ${this.#items.length} modules`,
      );
    }
    return this.#items[i]!;
  }

  /** Add `module` at the end. */
  append(module: UnaryModule | null): this {
    this.#items.push(module);
    return this;
  }

  /** Iterate over the entries, holes (null) included. */
  [Symbol.iterator](): Iterator<UnaryModule | null> {
    return this.#items[Symbol.iterator]();
  }

  /** Feed `input` through every module in order. */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this.#items) if (module) x = module.forward(x);
    return x;
  }

  protected override ownChildren(): [string, Module][] {
    return this.#items.flatMap((m, i): [string, Module][] => (m === null ? [] : [[String(i), m]]));
  }
}
