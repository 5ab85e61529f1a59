/**
 * PyTorch-like printing: `tensor([[1.0000, 2.0000]], dtype=float64)`.
 *
 * As torch: values are right-aligned to a common width; floats print with 4 decimals, or in
 * scientific notation when magnitudes span more than 1000x or leave [1e-4, 1e8]; tensors with
 * more than 1000 elements are summarised with `...` (3 items at each edge); the dtype is shown
 * unless it is the default float32 or bool. Deviations: floats always show 4 decimals (torch
 * prints `1.` for integer-valued data), dtype names have no `torch.` prefix, and long rows are
 * not wrapped at 80 columns.
 */
import type { DType } from './backend/backend.js';
import { downloadView } from './host.js';
import { contiguousStrides } from './shape.js';
import type { NDArray } from './ndarray.js';

const SUMMARIZE_ABOVE = 1000;
const EDGE_ITEMS = 3;
const PREFIX = 'tensor(';

function floatFormatter(values: ArrayLike<number>): (v: number) => string {
  let maxAbs = 0;
  let minAbs = Infinity;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i] as number);
    if (Number.isFinite(a) && a !== 0) {
      maxAbs = Math.max(maxAbs, a);
      minAbs = Math.min(minAbs, a);
    }
  }
  const sci = maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4);
  return (v) => {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    if (!sci) return v.toFixed(4);
    // toExponential gives 1.0000e+8; torch pads the exponent to two digits: 1.0000e+08.
    return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  };
}

function formatter(dtype: DType, values: ArrayLike<number>): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? 'True' : 'False');
  if (dtype === 'int32') return (v) => String(v);
  return floatFormatter(values);
}

/** Positions along a dim of size n that are shown (null = the `...` marker). */
function shownIndices(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, null, ...tail];
}

/**
 * The text of `t` as PyTorch would print it (with the deviations listed above).
 * @example
 * ```ts
 * import { formatTensor, tensor } from '@tensorgrad/tensor';
 * if (formatTensor(tensor([1, 2])) !== 'tensor([1.0000, 2.0000])') throw new Error('formatTensor');
 * if (formatTensor(tensor([1, 2], { dtype: 'int32' })) !== 'tensor([1, 2], dtype=int32)') throw new Error('int32');
 * ```
 */
export function formatTensor(t: NDArray): string {
  const values = downloadView(t);
  const fmt = formatter(t.dtype, values);
  const summarize = t.size > SUMMARIZE_ABOVE;
  const strides = contiguousStrides(t.shape);
  const shape = t.shape;

  // First pass: the common width of every shown element.
  let width = 0;
  const visit = (dim: number, base: number, each: (flat: number) => void): void => {
    if (dim === shape.length) return each(base);
    for (const i of shownIndices(shape[dim] as number, summarize)) {
      if (i !== null) visit(dim + 1, base + i * (strides[dim] as number), each);
    }
  };
  visit(0, 0, (flat) => {
    width = Math.max(width, fmt(values[flat] as number).length);
  });
  const cell = (flat: number) => fmt(values[flat] as number).padStart(width);

  const block = (dim: number, base: number): string => {
    const items = shownIndices(shape[dim] as number, summarize);
    if (dim === shape.length - 1) {
      return `[${items.map((i) => (i === null ? '...' : cell(base + i * (strides[dim] as number)))).join(', ')}]`;
    }
    const sep = ',' + '\n'.repeat(shape.length - dim - 1) + ' '.repeat(PREFIX.length + dim + 1);
    return `[${items.map((i) => (i === null ? '...' : block(dim + 1, base + i * (strides[dim] as number)))).join(sep)}]`;
  };

  let body: string;
  const extras: string[] = [];
  if (t.ndim === 0) body = cell(0);
  else if (t.size === 0) {
    body = '[]';
    if (t.ndim > 1) extras.push(`size=(${shape.join(', ')})`);
  } else body = block(0, 0);
  if (t.dtype !== 'float32' && t.dtype !== 'bool') extras.push(`dtype=${t.dtype}`);
  if (t.backend !== 'cpu') extras.push(`backend=${t.backend}`);
  return `${PREFIX}${[body, ...extras].join(', ')})`;
}
