/** `ParameterList`: an indexed list of parameters. */
import { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';

/**
 * A list of parameters registered under the keys `0`, `1`, … (as `torch.nn.ParameterList`), for
 * a number of weights known only at run time. A tensor that is not yet a {@link Parameter} is
 * wrapped in one (sharing its numbers), as PyTorch does.
 *
 * The entries are stored as the module's own properties `'0'`, `'1'`, … — what PyTorch's
 * `setattr(self, str(i), param)` does — so every traversal (`parameters()`, `stateDict()`,
 * `to()`, `functionalCall`) sees them like any other parameter.
 * @example
 * ```ts
 * import { randn, type Tensor } from '@tensorgrad/autograd';
 * import { Module, ParameterList } from '@tensorgrad/nn';
 * class Chain extends Module {
 *   readonly weights = new ParameterList([randn([4, 4]), randn([4, 2])]);
 *   forward(x: Tensor): Tensor {
 *     for (const w of this.weights) x = x.matmul(w);
 *     return x;
 *   }
 * }
 * const chain = new Chain();
 * if (Object.keys(chain.stateDict()).join() !== 'weights.0,weights.1') throw new Error('keys');
 * if (chain.forward(randn([3, 4])).shape.join() !== '3,2') throw new Error('forward');
 * ```
 */
export class ParameterList extends Module implements Iterable<Tensor> {
  #length = 0;

  /** Register `values` as parameters `0`, `1`, …. */
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }

  /** Number of parameters. */
  get length(): number {
    return this.#length;
  }

  /**
   * The parameter at `index` (negative counts from the end); throws when out of range. Inside
   * `functionalCall` this is the replacement tensor.
   */
  get(index: number): Tensor {
    return this.#slots()[this.#key('get', index)] as Tensor;
  }

  /** Replace the parameter at `index` (a plain tensor is wrapped in a {@link Parameter}). */
  set(index: number, value: Tensor): this {
    this.#slots()[this.#key('set', index)] = asParameter('set', value);
    return this;
  }

  /** Add `value` at the end (a plain tensor is wrapped in a {@link Parameter}). */
  append(value: Tensor): this {
    // Enumerable own property, so the module's property scan registers it under its index.
    Object.defineProperty(this, String(this.#length), {
      value: asParameter('append', value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    this.#length += 1;
    return this;
  }

  /** Add every tensor of `values` at the end. */
  extend(values: Iterable<Tensor>): this {
    for (const value of values) this.append(value);
    return this;
  }

  /** Iterate over the parameters in index order. */
  *[Symbol.iterator](): Iterator<Tensor> {
    for (let i = 0; i < this.#length; i++) yield this.get(i);
  }

  #slots(): Record<string, unknown> {
    return this as unknown as Record<string, unknown>;
  }

  #key(method: string, index: number): string {
    const i = index < 0 ? index + this.#length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.#length) {
      throw new Error(
        `ParameterList.${method}: index ${index} is out of range for a list of ${this.#length}`,
      );
    }
    return String(i);
  }
}

function asParameter(method: string, value: unknown): Parameter {
  if (value instanceof Parameter) return value;
  if (value instanceof Tensor) return new Parameter(value);
  const got =
    value === null ? 'null' : typeof value === 'object' ? value.constructor.name : typeof value;
  throw new Error(`ParameterList.${method}: expected a Tensor or Parameter, got ${got}`);
}
