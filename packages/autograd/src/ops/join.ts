/** Joining tensors along an axis; the gradient of a join is the matching piece of the gradient. */
import { type NDArray, cat as rawCat } from '@tensorgrad/tensor';
import { defineOp } from '../define-op.js';
import { normalizeAxis } from './axes.js';

type Many = { xs: readonly NDArray[] };

/** Tensors joined along an existing axis. */
export const cat = defineOp({
  name: 'cat',
  forward: ({ xs }: Many, axis: number) => rawCat(xs, axis),
  backward: {
    xs: (g, { xs }, axis) => {
      const a = normalizeAxis('cat', axis, g.ndim);
      let start = 0;
      return xs.map((x) => {
        const piece = g.narrow(a, start, x.shape[a] as number);
        start += x.shape[a] as number;
        return piece;
      });
    },
  },
});
