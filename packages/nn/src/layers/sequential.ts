/** `Sequential`: modules applied one after the other. */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';

/**
 * A module that maps one tensor to one tensor: what `Sequential` can chain.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Linear, Sequential, type UnaryModule } from '@tensorgrad/nn';
 * const stage: UnaryModule = new Linear(3, 3);
 * if (new Sequential(stage, stage).forward(randn([1, 3])).shape.join() !== '1,3') throw new Error('chained');
 * ```
 */
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

  /**
   * Chain `modules` (a `null` keeps its index).
   * @example
   * ```ts
   * import { Linear, ReLU, Sequential } from '@tensorgrad/nn';
   * const net = new Sequential(new Linear(2, 2), null, new ReLU());
   * if (net.namedChildren().map(([k]) => k).join() !== '0,2') throw new Error('the hole keeps index 1');
   * ```
   */
  constructor(...modules: (UnaryModule | null)[]) {
    super();
    this.#items = modules;
  }

  /**
   * Number of entries, holes included.
   * @example
   * ```ts
   * import { ReLU, Sequential } from '@tensorgrad/nn';
   * if (new Sequential(new ReLU(), null).length !== 2) throw new Error('holes count');
   * ```
   */
  get length(): number {
    return this.#items.length;
  }

  /**
   * The entry at `index` (negative counts from the end); throws when out of range.
   * @example
   * ```ts
   * import { Linear, ReLU, Sequential } from '@tensorgrad/nn';
   * const mlp = new Sequential(new Linear(2, 2), new ReLU());
   * if (!(mlp.get(0) instanceof Linear) || !(mlp.get(-1) instanceof ReLU)) throw new Error('get');
   * ```
   */
  get(index: number): UnaryModule | null {
    const i = index < 0 ? index + this.#items.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#items.length) {
      throw new Error(
        `Sequential.get: index ${index} is out of range for ${this.#items.length} modules`,
      );
    }
    return this.#items[i]!;
  }

  /**
   * Add `module` at the end.
   * @example
   * ```ts
   * import { Dropout, Linear, Sequential } from '@tensorgrad/nn';
   * const mlp = new Sequential(new Linear(2, 2));
   * mlp.append(new Dropout(0.1));
   * if (mlp.length !== 2) throw new Error('appended');
   * ```
   */
  append(module: UnaryModule | null): this {
    this.#items.push(module);
    return this;
  }

  /**
   * Iterate over the entries, holes (null) included.
   * @example
   * ```ts
   * import { Linear, ReLU, Sequential } from '@tensorgrad/nn';
   * const names = [...new Sequential(new Linear(2, 2), new ReLU())].map((m) => m?.constructor.name);
   * if (names.join() !== 'Linear,ReLU') throw new Error(`got ${names}`);
   * ```
   */
  [Symbol.iterator](): Iterator<UnaryModule | null> {
    return this.#items[Symbol.iterator]();
  }

  /**
   * Feed `input` through every module in order.
   * @example
   * ```ts
   * import { tensor } from '@tensorgrad/autograd';
   * import { ReLU, Sequential } from '@tensorgrad/nn';
   * const y = new Sequential(new ReLU(), null).forward(tensor([-1, 1]));
   * if ([...y.data()].join() !== '0,1') throw new Error('null entries are skipped');
   * ```
   */
  forward(input: Tensor): Tensor {
    let x = input;
    for (const module of this.#items) if (module) x = module.forward(x);
    return x;
  }

  protected override ownChildren(): [string, Module][] {
    return this.#items.flatMap((m, i): [string, Module][] => (m === null ? [] : [[String(i), m]]));
  }
}
