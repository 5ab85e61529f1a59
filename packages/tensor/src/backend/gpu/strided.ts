/**
 * Strided addressing inside kernels.
 *
 * Every kernel has a flat 1-D output and finds its element from `this.thread.x`: it unravels
 * the thread index into coordinates of the output shape and forms each input's address as
 * `offset + Σ coord[d] * stride[d]`. Shapes, strides and offsets are passed as float scalars,
 * so one compiled kernel serves every size of a given rank. Float index math is exact for
 * integers below 2^24; the backend hands larger tensors to the cpu (see `handoff.ts`).
 */

/** Highest rank a kernel is generated for (after {@link coalesce}); higher ranks go to cpu. */
export const MAX_RANK = 6;

/** The strides and offset of one input, as {@link coalesce} consumes and produces them. */
export interface Strided {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A shape shared by several inputs, with each input's strides over it. */
export interface Coalesced {
  readonly shape: number[];
  readonly inputs: { strides: number[]; offset: number }[];
}

/**
 * Drop size-1 dims and merge neighbouring dims that every input walks contiguously
 * (`stride[d] == stride[d + 1] * shape[d + 1]`). A contiguous tensor of any rank becomes rank 1,
 * so most elementwise calls reuse one rank-1 kernel and do no division per element.
 * The result has rank >= 1 (a scalar becomes shape [1] with stride 0).
 */
export function coalesce(shape: readonly number[], inputs: readonly Strided[]): Coalesced {
  const dims: number[] = [];
  const strides: number[][] = inputs.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    const mergeable =
      last >= 0 && inputs.every((x, i) => strides[i]![last] === x.strides[d]! * size);
    if (mergeable) {
      dims[last]! *= size;
      inputs.forEach((x, i) => (strides[i]![last] = x.strides[d]!));
    } else {
      dims.push(size);
      inputs.forEach((x, i) => strides[i]!.push(x.strides[d]!));
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    strides.forEach((s) => s.push(0));
  }
  return {
    shape: dims,
    inputs: inputs.map((x, i) => ({ strides: strides[i]!, offset: x.offset })),
  };
}

/** Scalar parameter names of a view called `name` of rank `rank`: offset then strides. */
export function viewParams(name: string, rank: number): string[] {
  return [`${name}Off`, ...range(rank).map((d) => `${name}S${d}`)];
}

/** Argument values matching {@link viewParams}. */
export function viewArgs(x: Strided): number[] {
  return [x.offset, ...x.strides];
}

/**
 * Parameter names of the sizes an unravel of rank `rank` needs: dims 1..rank-1 (the outermost
 * coordinate is what remains, so its size is never read).
 */
export function shapeParams(name: string, rank: number): string[] {
  return range(rank)
    .slice(1)
    .map((d) => `${name}${d}`);
}

/** Argument values matching {@link shapeParams}. */
export function shapeArgs(shape: readonly number[]): number[] {
  return shape.slice(1);
}

/**
 * Statements that split the flat index `flat` into coordinates `${coord}0 .. ${coord}{rank-1}`
 * of a row-major shape whose sizes are the parameters `${size}1 ..`. The `+ 0.5` keeps
 * `floor` on the right integer when the float division lands a hair below it.
 */
export function unravel(flat: string, rank: number, size: string, coord: string): string[] {
  const lines = [`let ${coord}Rest = ${flat};`];
  for (let d = rank - 1; d >= 1; d--) {
    const n = `${size}${d}`;
    lines.push(`const ${coord}Q${d} = Math.floor((${coord}Rest + 0.5) / ${n});`);
    lines.push(`const ${coord}${d} = ${coord}Rest - ${coord}Q${d} * ${n};`);
    lines.push(`${coord}Rest = ${coord}Q${d};`);
  }
  lines.push(`const ${coord}0 = ${coord}Rest;`);
  return lines;
}

/** The address expression `${view}Off + ${coord}0 * ${view}S0 + ...`. */
export function address(view: string, coord: string, rank: number): string {
  return [`${view}Off`, stridedSum(view, coord, rank)].join(' + ');
}

/**
 * `${coord}0 * ${view}S0 + ...` over the dims in `dims` (default: all of `0 .. rank-1`);
 * `0.0` when there are none.
 */
export function stridedSum(view: string, coord: string, rank: number, dims = range(rank)): string {
  const terms = dims.filter((d) => d < rank).map((d) => `${coord}${d} * ${view}S${d}`);
  return terms.length === 0 ? '0.0' : terms.join(' + ');
}

/** Element count of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** `[0, 1, ..., n - 1]`. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
