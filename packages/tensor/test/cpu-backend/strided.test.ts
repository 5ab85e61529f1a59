import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StridedRows, type Operand } from '../../src/backend/cpu/strided.js';
import { sizeOf, unravel } from './helpers.js';

/** The offsets of each operand at every element, in row-major order, by the stride formula. */
function naiveOffsets(shape: readonly number[], operands: readonly Operand[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < sizeOf(shape); i++) {
    const index = unravel(i, shape);
    out.push(operands.map((o) => index.reduce((acc, k, d) => acc + k * o.strides[d], o.offset)));
  }
  return out;
}

/** The same offsets as `StridedRows` produces them, row by row. */
function iteratedOffsets(shape: readonly number[], operands: readonly Operand[]): number[][] {
  const rows = new StridedRows(shape, operands);
  const out: number[][] = [];
  for (let r = 0; r < rows.rowCount; r++, rows.next()) {
    for (let j = 0; j < rows.rowLength; j++) {
      out.push(rows.offsets.map((start, i) => start + j * rows.innerStrides[i]));
    }
  }
  return out;
}

const shapeAndOperands = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 5 }).chain((shape) =>
  fc.tuple(
    fc.constant(shape),
    fc.array(
      fc.record({
        strides: fc.array(fc.integer({ min: -20, max: 20 }), {
          minLength: shape.length,
          maxLength: shape.length,
        }),
        offset: fc.integer({ min: 0, max: 100 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  ),
);

describe('StridedRows', () => {
  test('visits every element in row-major order for any shape and strides (0, negative)', () => {
    fc.assert(
      fc.property(shapeAndOperands, ([shape, operands]) => {
        expect(iteratedOffsets(shape, operands)).toEqual(naiveOffsets(shape, operands));
      }),
      { numRuns: 300 },
    );
  });

  test('a contiguous shape is one row; broadcast dims merge; size-1 dims vanish', () => {
    const contiguous = new StridedRows([2, 3, 4], [{ strides: [12, 4, 1], offset: 0 }]);
    expect([contiguous.rowCount, contiguous.rowLength]).toEqual([1, 24]);
    const broadcast = new StridedRows([5, 6, 4], [{ strides: [0, 0, 1], offset: 0 }]);
    expect([broadcast.rowCount, broadcast.rowLength]).toEqual([30, 4]);
    const single = new StridedRows([1, 7, 1], [{ strides: [99, 2, 99], offset: 3 }]);
    expect([single.rowCount, single.rowLength, single.innerStrides[0]]).toEqual([1, 7, 2]);
  });

  test('0-d is one element, size 0 is none', () => {
    const scalar = new StridedRows([], [{ strides: [], offset: 5 }]);
    expect([scalar.rowCount, scalar.rowLength, scalar.offsets[0]]).toEqual([1, 1, 5]);
    expect(new StridedRows([3, 0, 2], [{ strides: [0, 2, 1], offset: 0 }]).rowCount).toBe(0);
  });

  test('reset rewinds and shifts every operand', () => {
    const rows = new StridedRows([2, 3], [{ strides: [1, 2], offset: 0 }]);
    rows.next();
    rows.reset(10);
    expect(rows.offsets).toEqual([10]);
    rows.next();
    expect(rows.offsets).toEqual([11]);
  });
});
