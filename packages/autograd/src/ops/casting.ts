/** Dtype casts and moves between backends: the gradient goes back the way the value came. */
import type { BackendName, DType, NDArray } from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';

type X = { x: NDArray };

/** Conversion to a dtype; the gradient is cast back. */
export const cast = defineOp({
  name: 'cast',
  // A cast to int32 or bool gives a non-float output, which defineOp never differentiates.
  forward: ({ x }: X, dtype: DType) => x.cast(dtype),
  backward: { x: (g, { x }) => g.cast(x.dtype) },
});

/** A move to another backend; the gradient moves back. */
export const toBackend = defineOp({
  name: 'toBackend',
  forward: ({ x }: X, backend: BackendName) => x.to(backend),
  backward: { x: (g, { x }) => g.to(x.backend as BackendName) },
});
