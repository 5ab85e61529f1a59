/**
 * Kernel source that walks a line of a flat array `x`: elements `base`, `base + step`, ...,
 * as the row kernels (softmax, standardize) read their rows and matmul packs four elements.
 *
 * Reading `x[i]` costs gpu.js an integer division and modulo by the texture width per
 * element. On textures the walk instead keeps the texel's column and row and steps them, with
 * a carry into the next row, reading with `valueAt` (`gpu-runtime.ts`): one division per
 * line instead of one per element. In webasm, where arrays are typed arrays, it reads `x[i]`.
 *
 * The kernel takes the scalars `width` (the texture's width in texels; any value in webasm),
 * `stepX` and `stepY` (the step split into columns and rows, see {@link walkArgs}).
 */
import type { DeviceArray } from '../gpu-runtime.js';

/** The statements of a walk: where it starts, how an element is read, how it moves on. */
export interface LineWalk {
  /** Statements (re)starting the walk at the flat index expression `base`. */
  start(base: string): string[];
  /** The expression reading the current element. */
  readonly value: string;
  /** Statements moving to the next element. */
  readonly advance: readonly string[];
  /** Scalar parameter names the walk needs, in the order of {@link walkArgs}. */
  readonly scalars: readonly string[];
}

/** A walk over texture coordinates (`textures`) or over flat indices. */
export function lineWalk(textures: boolean): LineWalk {
  const scalars = ['width', 'stepX', 'stepY'];
  if (!textures) {
    return {
      start: (base) => [`walkAt = ${base};`],
      value: 'x[walkAt]',
      advance: ['walkAt = walkAt + stepX + stepY * width;'],
      scalars,
    };
  }
  return {
    start: (base) => [
      `walkRow = Math.floor((${base} + 0.5) / width);`,
      `walkColumn = ${base} - walkRow * width;`,
    ],
    value: 'valueAt(x, walkColumn, walkRow)',
    advance: [
      'walkColumn = walkColumn + stepX;',
      'walkRow = walkRow + stepY;',
      'if (walkColumn >= width) { walkColumn = walkColumn - width; walkRow = walkRow + 1.0; }',
    ],
    scalars,
  };
}

/** Declarations of the walk's state, once at the top of the kernel. */
export const WALK_STATE = ['let walkAt = 0.0;', 'let walkRow = 0.0;', 'let walkColumn = 0.0;'];

/**
 * Values of the walk's scalars for array `x` and a step of `step` elements: at least 0 for a
 * walk over textures (the carry only goes forward); any step for a walk over indices.
 */
export function walkArgs(x: DeviceArray, step: number): number[] {
  // A typed array (webasm) has no texture: any width works, since at = base + step.
  const width = x instanceof Float32Array ? Math.max(1, step) : x.size[0]!;
  const stepY = Math.floor(step / width);
  return [width, step - stepY * width, stepY];
}
