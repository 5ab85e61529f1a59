/**
 * Gathering and scattering by integer indices. gather and scatterAdd are each other's adjoint,
 * which gives both backward rules; indexSelect is a gather along one axis.
 */
import type { NDArray } from '@tensorgrad/tensor';
import { zerosLike } from '../creation.js';
import { defineOp } from '../define-op.js';
import { normalizeAxis } from './axes.js';

/** The inputs of {@link gather} and {@link indexSelect}. */
type Indexed = { x: NDArray; index: NDArray };

/** torch.gather along an axis. */
export const gather = defineOp({
  name: 'gather',
  forward: ({ x, index }: Indexed, axis: number) => x.gather(axis, index),
  // Indices may repeat: every occurrence adds its gradient (scatterAdd, not scatter).
  backward: { x: (g, { x, index }, axis) => zerosLike(x).scatterAdd(axis, index, g) },
});

/** The inputs of {@link scatterAdd}. */
type ScatterInputs = { x: NDArray; index: NDArray; src: NDArray };

/** Out-of-place scatter-add along an axis. */
export const scatterAdd = defineOp({
  name: 'scatterAdd',
  forward: ({ x, index, src }: ScatterInputs, axis: number) => x.scatterAdd(axis, index, src),
  backward: {
    x: (g) => g,
    src: (g, { index }, axis) => g.gather(axis, index),
  },
});

/** Entries at a 1-D index along an axis. */
export const indexSelect = defineOp({
  name: 'indexSelect',
  forward: ({ x, index }: Indexed, axis: number) => x.indexSelect(axis, index),
  // Spread the 1-D index along `axis` and broadcast it over the others, then scatter-add:
  // a row selected twice gets the sum of both rows of the gradient.
  backward: {
    x: (g, { x, index }, axis) => {
      const a = normalizeAxis('indexSelect', axis, x.ndim);
      const spread = g.shape.map((d, i) => (i === a ? d : 1));
      return zerosLike(x).scatterAdd(a, index.reshape(spread).expand(g.shape), g);
    },
  },
});
