/**
 * `Rearrange`, `Reduce` and `Repeat` as modules, for use inside `Sequential` and friends
 * (einops.layers.torch.Rearrange / Reduce). They hold no parameters.
 */
import type { Tensor } from '@tensorgrad/autograd';
import { Module } from '../module/module.js';
import { EinopsError } from './errors.js';
import { rearrange, reduce, repeat } from './rearrange.js';
import { checkPattern, type AxesLengths, type RecipeKind } from './recipe.js';
import type { ReductionFn, ReductionName } from './tensor-like.js';

function checked(layer: string, pattern: string, kind: RecipeKind, axesLengths: AxesLengths): void {
  try {
    checkPattern(pattern, kind, Object.keys(axesLengths).sort());
  } catch (error) {
    if (error instanceof EinopsError) {
      throw new EinopsError(`${layer}("${pattern}"): ${error.message}`);
    }
    throw error;
  }
}

/**
 * {@link rearrange} as a layer. The pattern is checked when the layer is built.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Rearrange } from '@tensorgrad/nn';
 * const toPatches = new Rearrange('b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: 4, p2: 4 });
 * const patches = toPatches.forward(randn([2, 3, 8, 8])); // [2, 3, 8, 8] → [2, 4, 48]
 * if (patches.shape.join() !== '2,4,48') throw new Error(`shape ${patches.shape}`);
 * ```
 */
export class Rearrange extends Module {
  /** Create the layer; a bad pattern throws an {@link EinopsError} here. */
  constructor(
    readonly pattern: string,
    readonly axesLengths: AxesLengths = {},
  ) {
    super();
    checked('Rearrange', pattern, 'rearrange', axesLengths);
  }

  /** Applies the pattern. */
  forward(input: Tensor): Tensor {
    return rearrange(input, this.pattern, this.axesLengths);
  }
}

/**
 * {@link reduce} as a layer. The pattern is checked when the layer is built.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Reduce } from '@tensorgrad/nn';
 * const pool = new Reduce('b c (h 2) (w 2) -> b c h w', 'max');
 * if (pool.forward(randn([2, 3, 8, 8])).shape.join() !== '2,3,4,4') throw new Error('[2, 3, 8, 8] → [2, 3, 4, 4]');
 * ```
 */
export class Reduce extends Module {
  /** Create the layer with a named or custom reduction; a bad pattern throws here. */
  constructor(
    readonly pattern: string,
    readonly reduction: ReductionName | ReductionFn<Tensor>,
    readonly axesLengths: AxesLengths = {},
  ) {
    super();
    checked('Reduce', pattern, 'reduce', axesLengths);
  }

  /** Applies the pattern. */
  forward(input: Tensor): Tensor {
    return reduce(input, this.pattern, this.reduction, this.axesLengths);
  }
}

/**
 * {@link repeat} as a layer. The pattern is checked when the layer is built.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Repeat } from '@tensorgrad/nn';
 * const y = new Repeat('b n -> b n c', { c: 3 }).forward(randn([2, 5]));
 * if (y.shape.join() !== '2,5,3') throw new Error('[2, 5] → [2, 5, 3]');
 * ```
 */
export class Repeat extends Module {
  /** Create the layer; a bad pattern throws here. */
  constructor(
    readonly pattern: string,
    readonly axesLengths: AxesLengths = {},
  ) {
    super();
    checked('Repeat', pattern, 'repeat', axesLengths);
  }

  /** Applies the pattern. */
  forward(input: Tensor): Tensor {
    return repeat(input, this.pattern, this.axesLengths);
  }
}
