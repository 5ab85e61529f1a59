/**
 * Slicing and padding. The gradient of taking a region is the gradient written into that region
 * of zeros (`sliceAssign`, the setSlice primitive); the gradient of padding is the inner region.
 */
import { type NDArray, pad as rawPad, sliceAssign as rawSliceAssign } from '@tensorgrad/tensor';
import { zeros, zerosLike } from '../creation.js';
import { defineOp, type Op } from '../define-op.js';
import type { Tensor } from '../tensor.js';
import { normalizeAxis } from './axes.js';

type X = { x: NDArray };

/** The arguments of {@link slice} (Python semantics: negative and out-of-range bounds are clamped). */
export interface SliceAttrs {
  readonly dim: number;
  readonly start?: number | undefined;
  readonly end?: number | undefined;
  readonly step?: number | undefined;
}

/**
 * Python's `slice.indices` for an axis of `size` elements: the first index taken and the step
 * (the same clamping as the raw slice; the count is the gradient's size along the axis).
 */
function sliceIndices(size: number, start: number | undefined, step: number): [number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  if (step > 0)
    return [start === undefined ? 0 : clamp(start < 0 ? start + size : start, 0, size), step];
  return [
    start === undefined ? size - 1 : clamp(start < 0 ? start + size : start, -1, size - 1),
    step,
  ];
}

/** `grad` written into a zero tensor of `shape` at `starts` with `steps`. */
function scatterIntoZeros(
  grad: Tensor,
  shape: readonly number[],
  starts: readonly number[],
  steps: readonly number[],
): Tensor {
  return sliceAssign({ base: zeros(shape, { dtype: grad.dtype }), src: grad }, { starts, steps });
}

/** Where {@link sliceAssign} writes: the first index and the step along each dim. */
export interface SliceAssignAttrs {
  readonly starts: readonly number[];
  readonly steps: readonly number[];
}

/** The strided region of `x` that {@link sliceAssign} writes, for a source of `shape`. */
function region(x: Tensor, shape: readonly number[], { starts, steps }: SliceAssignAttrs): Tensor {
  let out = x;
  shape.forEach((n, d) => {
    const start = starts[d] as number;
    const step = steps[d] as number;
    out = out.slice(d, start, start + (n - 1) * step + 1, step);
  });
  return out;
}

/**
 * A copy of `base` with a strided region replaced by `src` (the setSlice primitive): the backward
 * of every op that takes a region (slice, select, pad, ...), so its own backward makes their
 * second derivatives work.
 */
export const sliceAssign: Op<{ base: NDArray; src: NDArray }, SliceAssignAttrs> = defineOp({
  name: 'sliceAssign',
  forward: ({ base, src }: { base: NDArray; src: NDArray }, { starts, steps }: SliceAssignAttrs) =>
    src.size === 0 ? base.clone() : rawSliceAssign(base, starts, steps, src),
  backward: {
    // The region was overwritten: base gets no gradient there; src gets what fell on the region.
    base: (g, { src }, attrs) => sliceAssign({ base: g, src: zerosLike(src) }, attrs),
    src: (g, { src }, attrs) => region(g, src.shape, attrs),
  },
});

/** Python slice along a dim. */
export const slice = defineOp({
  name: 'slice',
  forward: ({ x }: X, { dim, start, end, step }: SliceAttrs) => x.slice(dim, start, end, step ?? 1),
  backward: {
    x: (g, { x }, { dim, start, step }) => {
      const d = normalizeAxis('slice', dim, x.ndim);
      const [first, stride] = sliceIndices(x.shape[d] as number, start, step ?? 1);
      const count = g.shape[d] as number;
      // sliceAssign walks forwards only: a backward slice is the forward slice of the flipped
      // gradient, starting at the last element taken.
      const forwards = stride > 0;
      const begin = forwards ? first : first + (count - 1) * stride;
      const starts = x.shape.map((_, i) => (i === d ? begin : 0));
      const steps = x.shape.map((_, i) => (i === d ? Math.abs(stride) : 1));
      return scatterIntoZeros(forwards ? g : g.flip([d]), x.shape, starts, steps);
    },
  },
});

/** The arguments of {@link select}. */
export interface SelectAttrs {
  readonly dim: number;
  readonly index: number;
}

/** One position of a dim (the dim is removed). */
export const select = defineOp({
  name: 'select',
  forward: ({ x }: X, { dim, index }: SelectAttrs) => x.select(dim, index),
  backward: {
    x: (g, { x }, { dim, index }) => {
      const d = normalizeAxis('select', dim, x.ndim);
      const size = x.shape[d] as number;
      const starts = x.shape.map((_, i) => (i === d ? (index < 0 ? index + size : index) : 0));
      return scatterIntoZeros(
        g.unsqueeze(d),
        x.shape,
        starts,
        x.shape.map(() => 1),
      );
    },
  },
});

/** The arguments of {@link pad}: torch.nn.functional.pad order (last dim first, [left, right, ...]). */
export interface PadAttrs {
  readonly pads: readonly number[];
  readonly value: number;
}

/** Constant padding (negative pads crop). */
export const pad = defineOp({
  name: 'pad',
  forward: ({ x }: X, { pads, value }: PadAttrs) => rawPad(x, pads, value),
  // Only the elements of x that survive in the output get a gradient. With non-negative pads
  // that is all of x (the inner region of g); negative pads crop, and the cropped part gets 0.
  backward: {
    x: (g, { x }, { pads }) => {
      let inner = g;
      const starts = x.shape.map(() => 0);
      for (let k = 0; 2 * k < pads.length; k++) {
        const d = x.ndim - 1 - k;
        const before = pads[2 * k] as number;
        const after = pads[2 * k + 1] ?? 0;
        const dropped = Math.max(0, -before) + Math.max(0, -after);
        inner = inner.narrow(d, Math.max(0, before), (x.shape[d] as number) - dropped);
        starts[d] = Math.max(0, -before);
      }
      if (starts.every((s) => s === 0) && inner.size === x.size) return inner;
      return scatterIntoZeros(
        inner,
        x.shape,
        starts,
        x.shape.map(() => 1),
      );
    },
  },
});
