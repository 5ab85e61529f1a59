/**
 * `EinMix`: a linear layer described by einops patterns (einops.layers.torch.EinMix).
 */
import type { Tensor } from '@tensorgrad/autograd';
import { empty } from '@tensorgrad/autograd';
import { uniform_ } from '../init/init.js';
import type { ParameterOptions } from '../layers/linear.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { einsum } from './einsum.js';
import { EinopsError } from './errors.js';
import { type Axis, axisLabel, ELLIPSIS, parseExpression, type ParsedExpression } from './parse.js';
import { rearrange } from './rearrange.js';
import type { AxesLengths } from './recipe.js';

/** Options of {@link EinMix}. */
export interface EinMixOptions extends ParameterOptions {
  /** Axes the bias depends on (a subset of the output's), e.g. `'c_out'`; no bias when omitted. */
  biasShape?: string;
}

/** Everything an EinMix layer needs to know, worked out from its arguments. */
interface EinMixPlan {
  readonly weightShape: number[];
  /** One entry per elementary output axis, 1 where the bias does not vary; null for no bias. */
  readonly biasShape: number[] | null;
  /** Product of the weight axes that are summed over (not in the output). */
  readonly fanIn: number;
  readonly einsumPattern: string;
  /** Splits composed input axes before the einsum. */
  readonly preReshape: { pattern: string; lengths: AxesLengths } | undefined;
  /** Composes output axes after the einsum. */
  readonly postReshape: string | undefined;
}

/** The elementary axes of an expression, in order, with `...` kept as `...`. */
function elementaryNames(expression: ParsedExpression): string[] {
  return expression.composition.flatMap((group) =>
    group === ELLIPSIS ? ['...'] : group.map((axis: Axis) => axisLabel(axis)),
  );
}

const isComposed = (expression: ParsedExpression): boolean =>
  expression.composition.some((group) => group !== ELLIPSIS && group.length !== 1);

/** Checks EinMix's arguments with einops' rules and derives the layer's shapes and patterns. */
function planEinMix(
  pattern: string,
  weightShape: string,
  axesLengths: AxesLengths,
  biasShape: string | undefined,
): EinMixPlan {
  const fail = (why: string): never => {
    throw new EinopsError(`EinMix("${pattern}", "${weightShape}"): ${why}`);
  };
  const sides = pattern.split('->');
  if (sides.length !== 2) fail('the pattern must contain "->" exactly once');
  const [leftText, rightText] = sides as [string, string];
  const left = parseExpression(leftText);
  const right = parseExpression(rightText);
  const weight = parseExpression(weightShape);
  const list = (axes: readonly Axis[]): string => axes.map(axisLabel).join(', ');
  const inInputOrWeight = (a: Axis): boolean =>
    left.identifiers.has(a) || weight.identifiers.has(a);

  const unknownOut = [...right.identifiers].filter((a) => !inInputOrWeight(a));
  if (unknownOut.length > 0) {
    fail(`output axes ${list(unknownOut)} are in neither the input nor the weight`);
  }
  if (weight.hasEllipsis) {
    fail('"..." is not allowed in the weight shape, which must be fully specified');
  }
  if (left.hasEllipsis !== right.hasEllipsis) fail('"..." must appear on both sides or on neither');
  if (left.hasEllipsisParenthesized) fail('"..." may not be parenthesised on the left side');
  if ([left, right, weight].some((e) => e.hasNonUnitaryAnonymousAxes)) {
    fail('numbered axes are not allowed in EinMix');
  }
  if (/[()]/.test(weightShape)) fail('parentheses are not allowed in the weight shape');

  const weightAxes = weight.composition.map((group) => (group as readonly string[])[0]!);
  const unsized = weightAxes.filter((a) => axesLengths[a] === undefined);
  if (unsized.length > 0) fail(`give the lengths of the weight axes ${list(unsized)}`);
  const unused = Object.keys(axesLengths).filter((a) => !inInputOrWeight(a));
  if (unused.length > 0) {
    fail(`axis lengths given for ${list(unused)}, which the pattern does not use`);
  }
  const redundant = weightAxes.filter((a) => !left.identifiers.has(a) && !right.identifiers.has(a));
  if (redundant.length > 0) {
    fail(`weight axes ${list(redundant)} are in neither the input nor the output`);
  }

  const leftNames = elementaryNames(left);
  const rightNames = elementaryNames(right);
  let biasShapeNumbers: number[] | null = null;
  if (biasShape !== undefined) {
    const bias = parseExpression(biasShape);
    const outside = [...bias.identifiers].filter((a) => !right.identifiers.has(a));
    if (outside.length > 0) fail(`bias axes ${list(outside)} are not in the output`);
    const unsizedBias = [...bias.identifiers].filter(
      (a) => typeof a !== 'string' || axesLengths[a] === undefined,
    );
    if (unsizedBias.length > 0) fail(`give the lengths of the bias axes ${list(unsizedBias)}`);
    // Shaped like the einsum's result (elementary output axes), so that the bias broadcasts
    // against it before the output axes are composed.
    biasShapeNumbers = rightNames.map((a) => (bias.identifiers.has(a) ? axesLengths[a]! : 1));
  }

  return {
    weightShape: weightAxes.map((a) => axesLengths[a]!),
    biasShape: biasShapeNumbers,
    fanIn: weightAxes
      .filter((a) => !right.identifiers.has(a))
      .reduce((p, a) => p * axesLengths[a]!, 1),
    einsumPattern: `${leftNames.join(' ')}, ${weightAxes.join(' ')} -> ${rightNames.join(' ')}`,
    preReshape: isComposed(left)
      ? {
          pattern: `${leftText} -> ${leftNames.join(' ')}`,
          lengths: Object.fromEntries(
            Object.entries(axesLengths).filter(([name]) => leftNames.includes(name)),
          ),
        }
      : undefined,
    postReshape:
      isComposed(right) || right.hasEllipsisParenthesized
        ? `${rightNames.join(' ')} -> ${rightText}`
        : undefined,
  };
}

/**
 * A learned linear map written as an einsum: `pattern` says how the input becomes the output,
 * `weightShape` names the weight's axes (each needs a length in `axesLengths`). Input and output
 * may compose axes, e.g. `'b (h w) c -> b (w h) c_out'`; these are rearranged around the einsum.
 *
 * Initialised as einops: weight U(±√(3 / fanIn)), bias U(±√(1 / fanIn)), where fanIn is the
 * product of the weight axes that are not in the output.
 *
 * @throws EinopsError for axes that are unknown, unsized, unused or redundant.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { EinMix } from '@tensorgrad/nn';
 * const mix = new EinMix('b t c_in -> b t c_out', 'c_in c_out', { c_in: 4, c_out: 6 }, { biasShape: 'c_out' });
 * if (mix.forward(randn([2, 5, 4])).shape.join() !== '2,5,6') throw new Error('[2, 5, 4] → [2, 5, 6]');
 * if (mix.weight.shape.join() !== '4,6') throw new Error('weight [4, 6]');
 * if (mix.einsumPattern !== 'b t c_in, c_in c_out -> b t c_out') throw new Error(mix.einsumPattern);
 * ```
 */
export class EinMix extends Module {
  /** Shaped as `weightShape` says. */
  readonly weight: Parameter;
  /**
   * Shaped as the output's elementary axes, 1 where the bias does not vary; null without `biasShape`.
   */
  readonly bias: Parameter | null;
  /** The einsum the layer runs, e.g. `b t c_in, c_in c_out -> b t c_out`. */
  readonly einsumPattern: string;
  readonly #preReshape: EinMixPlan['preReshape'];
  readonly #postReshape: EinMixPlan['postReshape'];

  /** Create the layer; unknown, unsized, unused or redundant axes throw an {@link EinopsError}. */
  constructor(
    readonly pattern: string,
    readonly weightShape: string,
    readonly axesLengths: AxesLengths = {},
    options: EinMixOptions = {},
  ) {
    super();
    const plan = planEinMix(pattern, weightShape, axesLengths, options.biasShape);
    const dtype = options.dtype ?? 'float32';
    const generator = options.generator;
    this.weight = new Parameter(empty(plan.weightShape, { dtype }));
    const weightBound = Math.sqrt(3 / plan.fanIn);
    uniform_(this.weight, -weightBound, weightBound, { generator });
    if (plan.biasShape === null) {
      this.bias = null;
    } else {
      this.bias = new Parameter(empty(plan.biasShape, { dtype }));
      const biasBound = Math.sqrt(1 / plan.fanIn);
      uniform_(this.bias, -biasBound, biasBound, { generator });
    }
    this.einsumPattern = plan.einsumPattern;
    this.#preReshape = plan.preReshape;
    this.#postReshape = plan.postReshape;
  }

  /** Applies the mix. */
  forward(input: Tensor): Tensor {
    let x = input;
    if (this.#preReshape !== undefined) {
      x = rearrange(x, this.#preReshape.pattern, this.#preReshape.lengths);
    }
    let y = einsum(x, this.weight as Tensor, this.einsumPattern);
    if (this.bias !== null) y = y.add(this.bias);
    if (this.#postReshape !== undefined) y = rearrange(y, this.#postReshape);
    return y;
  }
}
