/**
 * Shape arithmetic: sizes, row-major strides, broadcasting and axis normalisation.
 * Every function that can fail takes the op's name so that its error names the op.
 */

/** A shape given as an array or as varargs (`reshape([2, 3])` or `reshape(2, 3)`). */
export type ShapeArgs = readonly number[] | [readonly number[]];

/** Flatten the two spellings of a shape argument into one array. */
export function shapeFromArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args.map((a) => a as number);
}

/**
 * `[2, 3]`, a shape as every error message of every package prints it (PyTorch's style). Also
 * used for other short lists of integers in errors: axes, sizes, pads.
 */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i] as number;
  }
  return strides;
}

/**
 * The most elements one tensor may have, 2^31 - 1, whatever its backend:
 * - int32 is tensorgrad's only integer dtype, so every position in a tensor must be an int32
 *   (argmax, sort and unique indices, gather and scatter indices);
 * - the cpu backend's typed arrays stop at 2^32 elements in Node 20 (V8), at less in some
 *   browsers, and its WebAssembly kernels address a 32-bit memory.
 * The gpu backend has a smaller limit of its own, the largest texture (see `GpuRuntime`).
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/**
 * Throws unless every entry of `shape` is a non-negative integer and the shape has at most
 * {@link MAX_ELEMENTS} elements. Ops call it before allocating, so an impossible size is an
 * error naming the op rather than an allocator's `RangeError`.
 * @example
 * ```ts
 * import { checkShape } from '../../src/shape.js';
 * let message = '';
 * try { checkShape('full', [1e9, 1e9, 1e9]); } catch (e) { message = (e as Error).message; }
 * if (!message.startsWith('full: shape [1000000000, 1000000000, 1000000000] has 1e+27 elements')) throw new Error(message);
 * ```
 */
export function checkShape(op: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(
        `${op}: invalid shape ${shapeString(shape)} (expected non-negative integers)`,
      );
    }
  }
  checkElementCount(op, shape);
}

/** Throws when a shape (of non-negative integers) has more than {@link MAX_ELEMENTS} elements. */
export function checkElementCount(op: string, shape: readonly number[]): void {
  const size = sizeOf(shape);
  if (size > MAX_ELEMENTS) {
    throw new Error(
      `${op}: shape ${shapeString(shape)} has ${size} elements, more than the ${MAX_ELEMENTS} ` +
        '(2^31 - 1) one tensor can hold',
    );
  }
}

/**
 * NumPy/PyTorch broadcasting: shapes are right-aligned and each pair of sizes must be equal
 * or contain a 1.
 * @example
 * ```ts
 * import { broadcastShapes } from '@tensorgrad/tensor';
 * if (broadcastShapes('add', [2, 1], [3]).join() !== '2,3') throw new Error('broadcastShapes');
 * let message = '';
 * try {
 *   broadcastShapes('add', [2], [3]);
 * } catch (err) {
 *   message = (err as Error).message;
 * }
 * if (!message.startsWith('add: shapes [2] and [3] cannot be broadcast')) throw new Error(message);
 * ```
 */
export function broadcastShapes(op: string, ...shapes: (readonly number[])[]): number[] {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const o = ndim - shape.length + i;
      const d = shape[i] as number;
      const cur = out[o] as number;
      if (d === cur || d === 1) continue;
      if (cur === 1) {
        out[o] = d;
        continue;
      }
      throw new Error(
        `${op}: shapes ${shapes.map(shapeString).join(' and ')} cannot be broadcast (${cur} != ${d} at dim ${o - ndim})`,
      );
    }
  }
  checkElementCount(op, out);
  return out;
}

/**
 * Strides that read a tensor of `shape`/`strides` as if it had the larger shape `target`:
 * new leading dims and broadcast (size-1 → n) dims get stride 0.
 * The caller has checked that `shape` broadcasts to `target`.
 * @example
 * ```ts
 * import { broadcastStrides } from '@tensorgrad/tensor';
 * // a [3, 1] tensor read as [2, 3, 4]: the new and the size-1 dims step by 0
 * if (broadcastStrides([3, 1], [1, 1], [2, 3, 4]).join() !== '0,1,0') throw new Error('broadcastStrides');
 * ```
 */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] {
  const lead = target.length - shape.length;
  return target.map((t, i) => {
    if (i < lead) return 0;
    const d = shape[i - lead] as number;
    return d === t ? (strides[i - lead] as number) : 0;
  });
}

/** A possibly negative axis turned into `0 <= axis < ndim`. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  // A 0-d tensor accepts axis 0 and -1, as PyTorch does for reductions over scalars.
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(axis) || axis < -n || axis >= n) {
    throw new Error(
      `${op}: axis ${axis} is out of range for a tensor of ${ndim} dims (expected ${-n} <= axis < ${n})`,
    );
  }
  return axis < 0 ? axis + n : axis;
}

/** Normalise an axis argument (`undefined` = all axes) to sorted, unique, non-negative axes. */
export function normalizeAxes(
  op: string,
  axis: number | readonly number[] | undefined | null,
  ndim: number,
): number[] {
  // null is accepted like undefined for JS callers translating `dim=None`.
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const out = list.map((a) => normalizeAxis(op, a, ndim)).filter((a) => a < ndim);
  const unique = [...new Set(out)].sort((a, b) => a - b);
  if (unique.length !== out.length) throw new Error(`${op}: repeated axis in ${shapeString(list)}`);
  return unique;
}

/** Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
