/** Formatting shared by error messages. */

/**
 * A shape as error messages print it: `[2, 3]`.
 * @example
 * shapeText([2, 3]); // '[2, 3]'
 */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
