/** Formatting shared by error messages. */

/**
 * A shape as error messages print it: `shapeText([2, 3])` is `'[2, 3]'`.
 */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
