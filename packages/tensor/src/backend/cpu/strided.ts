/**
 * The one strided iteration every cpu kernel shares.
 *
 * An n-d loop over a shape is split into *rows* (the last dimension) and an odometer over the
 * other ("outer") dimensions. Kernels write their inner loop once per row with plain index
 * arithmetic (`i += stride`), so the per-element work is a load, the op and a store; the
 * odometer only runs once per row.
 *
 * Before iterating, dimensions are simplified for all operands at once: size-1 dimensions are
 * dropped and neighbouring dimensions are merged when every operand steps through them as one
 * (`stride[d] == stride[d + 1] * shape[d + 1]`). A contiguous tensor therefore becomes a single
 * row, which is the contiguous fast path without a separate code path; broadcast (0) strides
 * merge with each other too.
 */

/** Where an operand starts and how it steps through the iterated shape (in elements). */
export interface Operand {
  readonly strides: readonly number[];
  readonly offset: number;
}

/** Row-by-row iteration over `shape` for a few operands that share it. */
export class StridedRows {
  /** Elements per row (1 for a 0-d shape). */
  readonly rowLength: number;
  /** Number of rows (0 when the shape has a size-0 dimension). */
  readonly rowCount: number;
  /** Stride of each operand along the row. */
  readonly innerStrides: number[];
  /** Offset of each operand at the start of the current row. */
  readonly offsets: number[];

  private readonly starts: number[];
  private readonly outerShape: number[];
  /** `outerStrides[d * operandCount + i]`: stride of operand i along outer dim d. */
  private readonly outerStrides: number[];
  private readonly counter: number[];

  /** Prepares the iteration; `offsets` start at each operand's own offset. */
  constructor(shape: readonly number[], operands: readonly Operand[]) {
    const count = operands.length;
    this.starts = operands.map((o) => o.offset);
    this.offsets = this.starts.slice();
    const total = shape.reduce((a, b) => a * b, 1);

    // Simplify: keep dims of size > 1, merging each into the previous kept dim when possible.
    const dims: number[] = [];
    const strides: number[][] = operands.map(() => []);
    for (let d = 0; d < shape.length; d++) {
      const size = shape[d];
      if (size === 1) continue;
      const last = dims.length - 1;
      const mergeable =
        last >= 0 && operands.every((o, i) => strides[i][last] === o.strides[d] * size);
      if (mergeable) {
        dims[last] *= size;
        for (let i = 0; i < count; i++) strides[i][last] = operands[i].strides[d];
      } else {
        dims.push(size);
        for (let i = 0; i < count; i++) strides[i].push(operands[i].strides[d]);
      }
    }

    const rowDim = dims.length - 1;
    this.rowLength = rowDim >= 0 ? dims[rowDim] : 1;
    this.rowCount = total === 0 ? 0 : total / this.rowLength;
    this.innerStrides = strides.map((s) => (rowDim >= 0 ? s[rowDim] : 0));
    this.outerShape = dims.slice(0, Math.max(rowDim, 0));
    this.outerStrides = [];
    for (let d = 0; d < this.outerShape.length; d++) {
      for (let i = 0; i < count; i++) this.outerStrides.push(strides[i][d]);
    }
    this.counter = this.outerShape.map(() => 0);
  }

  /**
   * Each operand's step from one row to the next when every row is one step from the last (at
   * most one outer dimension: a kernel can then take all rows in one call), else null.
   */
  uniformRowStrides(): number[] | null {
    if (this.outerShape.length > 1) return null;
    return this.outerShape.length === 1 ? this.outerStrides.slice() : this.offsets.map(() => 0);
  }

  /** Rewinds to the first row, with every operand's start moved by `shift` elements. */
  reset(shift = 0): void {
    for (let i = 0; i < this.offsets.length; i++) this.offsets[i] = this.starts[i] + shift;
    this.counter.fill(0);
  }

  /** Advances `offsets` to the next row (odometer over the outer dimensions). */
  next(): void {
    const count = this.offsets.length;
    const { outerShape, outerStrides, counter, offsets } = this;
    for (let d = outerShape.length - 1; d >= 0; d--) {
      const base = d * count;
      if (++counter[d] < outerShape[d]) {
        for (let i = 0; i < count; i++) offsets[i] += outerStrides[base + i];
        return;
      }
      const back = outerShape[d] - 1;
      counter[d] = 0;
      for (let i = 0; i < count; i++) offsets[i] -= outerStrides[base + i] * back;
    }
  }
}
