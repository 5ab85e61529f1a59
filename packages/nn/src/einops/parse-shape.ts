/**
 * `parseShape`: names the lengths of a tensor's dimensions.
 */
import { EinopsError } from './errors.js';
import { ELLIPSIS, parseExpression } from './parse.js';
import { shapeString } from '@tensorgrad/tensor';

/**
 * Reads a shape into a record of named lengths. `_` skips a dimension, `...` skips any
 * number, `1` and numbers check the length. The result can be passed on as the axis lengths
 * of another einops call.
 *
 * @throws EinopsError when the pattern composes axes or does not fit the shape.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { parseShape } from '@tensorgrad/nn';
 * const x = zeros([2, 3, 5, 7]);
 * if (JSON.stringify(parseShape(x, 'batch _ h w')) !== '{"batch":2,"h":5,"w":7}') throw new Error('named');
 * if (JSON.stringify(parseShape(x, 'batch ...')) !== '{"batch":2}') throw new Error('ellipsis');
 * ```
 */
export function parseShape(
  x: { readonly shape: readonly number[] },
  pattern: string,
): Record<string, number> {
  const shape = x.shape;
  const fail = (why: string): never => {
    throw new EinopsError(
      `parseShape: pattern "${pattern}" on shape ${shapeString(shape)}: ${why}`,
    );
  };
  const parsed = parseExpression(pattern, { allowUnderscore: true });
  if (parsed.composition.some((group) => group !== ELLIPSIS && group.length > 1)) {
    fail('composed axes like (h w) cannot be parsed');
  }
  if (parsed.hasEllipsisParenthesized) fail('"..." cannot be parenthesised');
  const fixed = parsed.composition.length - (parsed.hasEllipsis ? 1 : 0);
  if (parsed.hasEllipsis ? shape.length < fixed : shape.length !== fixed) {
    fail(
      `the pattern names ${parsed.hasEllipsis ? 'at least ' : ''}${fixed} dimensions, the shape has ${shape.length}`,
    );
  }

  const result: Record<string, number> = {};
  let dim = 0;
  for (const group of parsed.composition) {
    if (group === ELLIPSIS) {
      dim += shape.length - fixed;
      continue;
    }
    const length = shape[dim]!;
    const axis = group[0];
    if (axis === undefined) {
      if (length !== 1) fail(`dimension ${dim} has length ${length}, but the pattern says 1`);
    } else if (typeof axis !== 'string') {
      if (length !== axis.length) {
        fail(`dimension ${dim} has length ${length}, but the pattern says ${axis.length}`);
      }
    } else if (axis !== '_') {
      result[axis] = length;
    }
    dim++;
  }
  return result;
}
