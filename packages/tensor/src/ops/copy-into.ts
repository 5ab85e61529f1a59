/**
 * `copyInto`: the one in-place write of the array layer (PyTorch's `copy_`), behind autograd's
 * `Tensor.assign`.
 *
 * Backends never write into existing memory (every primitive returns fresh data), so an
 * in-place copy builds the storage's next contents as fresh data and swaps it in
 * (`Storage.replace`): the storage object stays, every view over it reads the new numbers, the
 * source is left untouched, and the storage's version counter moves on.
 */
import type { Backend, BackendData, View } from '../backend/backend.js';
import { moveView } from '../backend/dispatch.js';
import type { NDArray } from '../ndarray.js';
import { sameShape, shapeString } from '../shape.js';
import { cast } from './cast.js';

/**
 * Copies the values of `src` (converted to `target`'s dtype, moved to its backend) into the
 * memory `target` views, in place: `target` and every view sharing its storage see them; `src`
 * is not changed. `target` may be a view (a slice of a larger tensor), but not one in which two
 * elements share a memory location (an `expand`ed view). Shapes must be equal.
 * @param op - the caller's name, for error messages.
 * @example
 * ```ts
 * import { copyInto, tensor, zeros } from '@tensorgrad/tensor';
 * const x = zeros([2, 3]);
 * copyInto(x.select(0, 1), tensor([1, 2, 3])); // writes the second row of x
 * if (String(x.toArray()) !== '0,0,0,1,2,3') throw new Error('copyInto');
 * ```
 */
export function copyInto(target: NDArray, src: NDArray, op = 'copyInto'): void {
  if (target.isDisposed || src.isDisposed) {
    throw new Error(`${op}: the ${target.isDisposed ? 'target' : 'source'} was disposed`);
  }
  if (!sameShape(target.shape, src.shape)) {
    throw new Error(
      `${op}: cannot copy a tensor of shape ${shapeString(src.shape)} into one of shape ${shapeString(target.shape)} (expected equal shapes)`,
    );
  }
  if (target.size === 0) return;
  const storage = target.storage;
  const backend = storage.backend;
  const values = valuesOn(backend, src, target);
  try {
    storage.replace(
      coversStorage(target) ? values.take() : merge(op, backend, target, values.view),
    );
  } finally {
    values.dispose();
  }
}

/** The values of `src` as contiguous data of `like`'s dtype on `backend`. */
function valuesOn(
  backend: Backend,
  src: NDArray,
  like: NDArray,
): { view: View; take(): BackendData; dispose(): void } {
  const converted = cast(src, like.dtype);
  let data: BackendData | null;
  try {
    data =
      converted.backend === backend.name
        ? backend.copy(converted.strided, like.dtype)
        : moveView(converted.strided, backend);
  } finally {
    converted.dispose();
  }
  return {
    view: { data, shape: [src.size], strides: [1], offset: 0 },
    take: () => {
      const taken = data as BackendData;
      data = null;
      return taken;
    },
    dispose: () => {
      if (data !== null) backend.dispose(data);
    },
  };
}

/** Whether `t` reads every element of its storage once, in order (so new data can replace it whole). */
function coversStorage(t: NDArray): boolean {
  return t.offset === 0 && t.size === t.storage.data.size && t.isContiguous();
}

/**
 * The storage's next contents when `target` views only part of it (or views it out of order):
 * `values[k]` at the position of the k-th element of `target`, the old numbers elsewhere,
 * computed with the `gather` and `where` primitives.
 */
function merge(op: string, backend: Backend, target: NDArray, values: View): BackendData {
  const n = target.storage.data.size;
  const source = new Int32Array(n);
  const written = new Uint8Array(n);
  let k = 0;
  forEachPosition(target, (position) => {
    if (written[position] === 1) {
      throw new Error(
        `${op}: the target (shape ${shapeString(target.shape)}, strides ${shapeString(target.strides)}) ` +
          `has elements that share one memory location (an expanded view); write into a tensor ` +
          `that owns its elements (clone() it first)`,
      );
    }
    written[position] = 1;
    source[position] = k++;
  });
  const flat = (data: BackendData): View => ({ data, shape: [n], strides: [1], offset: 0 });
  const index = backend.upload(source, 'int32');
  const mask = backend.upload(written, 'bool');
  let gathered: BackendData | null = null;
  try {
    gathered = backend.gather(values, 0, flat(index));
    return backend.where(flat(mask), flat(gathered), flat(target.storage.data), target.dtype);
  } finally {
    backend.dispose(index);
    backend.dispose(mask);
    if (gathered !== null) backend.dispose(gathered);
  }
}

/** Calls `visit` with the storage position of each element of `t`, in row-major order. */
function forEachPosition(t: NDArray, visit: (position: number) => void): void {
  const { shape, strides } = t;
  const index = new Array<number>(shape.length).fill(0);
  let position = t.offset;
  for (let count = 0; count < t.size; count++) {
    visit(position);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      position += strides[d]!;
      if (index[d]! < shape[d]!) break;
      position -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
}
