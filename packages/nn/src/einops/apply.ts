/**
 * Running a recipe on a tensor, with einops-style error context.
 */
import { EinopsError } from './errors.js';
import { getRecipe, planFor, type AxesLengths, type RecipeKind } from './recipe.js';
import type { EinopsTensor, ReductionFn, ReductionName } from './tensor-like.js';
import { shapeString } from '@tensorgrad/tensor';

const REDUCTIONS: readonly ReductionName[] = ['sum', 'mean', 'max', 'min', 'prod'];

/**
 * Applies `pattern` to `x`: the shared engine of rearrange, reduce and repeat.
 * @param operation `rearrange`, `repeat`, a reduction name or a custom reduction function.
 * For example, `applyPattern(zeros([2, 3]), 'a b -> b a', 'rearrange', {}).shape` gives [3, 2].
 */
export function applyPattern<T extends EinopsTensor<T>>(
  x: T,
  pattern: string,
  operation: 'rearrange' | 'repeat' | ReductionName | ReductionFn<T>,
  axesLengths: AxesLengths,
): T {
  const name =
    operation === 'rearrange' || operation === 'repeat'
      ? operation
      : `reduce(${typeof operation === 'function' ? 'custom' : operation})`;
  try {
    if (
      typeof operation === 'string' &&
      operation !== 'rearrange' &&
      operation !== 'repeat' &&
      !REDUCTIONS.includes(operation)
    ) {
      throw new EinopsError(
        `unknown reduction "${String(operation)}"; expected one of ${REDUCTIONS.join(', ')} or a function`,
      );
    }
    const kind: RecipeKind =
      operation === 'rearrange' || operation === 'repeat' ? operation : 'reduce';
    const recipe = getRecipe(pattern, kind, Object.keys(axesLengths).sort(), x.shape.length);
    const plan = planFor(recipe, x.shape, axesLengths);

    let y = x;
    if (plan.initShape !== undefined) y = y.reshape(plan.initShape);
    if (plan.permutation !== undefined) y = y.permute(plan.permutation);
    if (plan.reducedAxes.length > 0) {
      y =
        typeof operation === 'function'
          ? operation(y, plan.reducedAxes)
          : reduceBy(y, operation as ReductionName, plan.reducedAxes);
    }
    if (plan.added !== undefined) {
      y = y.reshape(plan.added.unitShape).expand(plan.added.expandedShape);
    }
    if (plan.finalShape !== undefined) y = y.reshape(plan.finalShape);
    return y;
  } catch (error) {
    if (!(error instanceof EinopsError)) throw error;
    const lengths =
      Object.keys(axesLengths).length === 0 ? '' : ` with ${JSON.stringify(axesLengths)}`;
    throw new EinopsError(
      `${name}: pattern "${pattern}" on input of shape ${shapeString(x.shape)}${lengths}: ${error.message}`,
    );
  }
}

function reduceBy<T extends EinopsTensor<T>>(x: T, reduction: ReductionName, axes: number[]): T {
  switch (reduction) {
    case 'sum':
      return x.sum(axes);
    case 'mean':
      return x.mean(axes);
    case 'max':
      return x.max(axes);
    case 'min':
      return x.min(axes);
    case 'prod':
      return x.prod(axes);
  }
}
