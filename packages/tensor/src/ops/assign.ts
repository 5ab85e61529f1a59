/**
 * `sliceAssign`: a copy of a tensor with a strided region replaced — the one write primitive
 * behind cat, pad and the backward of slice/select/narrow/index.
 */
import { dispatch } from '../backend/dispatch.js';
import { shapeString } from '../shape.js';
import { fromData, type NDArray } from '../ndarray.js';
import { cast } from './cast.js';

/**
 * A copy of `base` in which the region `base[starts[d] :: steps[d]]`, with `src.shape[d]`
 * elements along each dim, is replaced by `src` (converted to `base`'s dtype). Steps are > 0.
 * @example
 * ```ts
 * import { ones, sliceAssign, zeros } from '@tensorgrad/tensor';
 * const y = sliceAssign(zeros([4]), [1], [2], ones([2]));
 * if (String(y.toArray()) !== '0,1,0,1') throw new Error('sliceAssign');
 * ```
 */
export function sliceAssign(
  base: NDArray,
  starts: readonly number[],
  steps: readonly number[],
  src: NDArray,
): NDArray {
  if (starts.length !== base.ndim || steps.length !== base.ndim || src.ndim !== base.ndim) {
    throw new Error(
      `sliceAssign: base ${shapeString(base.shape)}, starts ${shapeString(starts)}, steps ${shapeString(steps)} and src ${shapeString(src.shape)} must all have ${base.ndim} dims`,
    );
  }
  for (let d = 0; d < base.ndim; d++) {
    const s = starts[d] as number;
    const st = steps[d] as number;
    const n = src.shape[d] as number;
    if (
      !Number.isInteger(st) ||
      st <= 0 ||
      s < 0 ||
      (n > 0 && s + (n - 1) * st >= (base.shape[d] as number))
    ) {
      throw new Error(
        `sliceAssign: region start ${s}, step ${st}, count ${n} does not fit dim ${d} of size ${base.shape[d]} (base ${shapeString(base.shape)}, src ${shapeString(src.shape)})`,
      );
    }
  }
  const s = cast(src, base.dtype);
  try {
    const { backend, result } = dispatch([base.dtype], [base.strided, s.strided], (b, [vb, vs]) =>
      b.setSlice(vb, starts, steps, vs),
    );
    return fromData(backend, result, base.shape, base.dtype);
  } finally {
    s.dispose();
  }
}
