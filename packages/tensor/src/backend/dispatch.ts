/**
 * The one place that decides which backend runs a primitive.
 *
 * Rule: the current backend, unless it does not support one of the dtypes involved (float64 on
 * the gpu, whose textures are float32) — then the cpu backend. Inputs whose memory belongs to
 * another backend are copied to the chosen one for the call and the copies freed afterwards.
 */
import type { Backend, BackendData, DType, TypedArray, View } from './backend.js';
import { contiguousStrides } from '../shape.js';
import { backendByName, getBackend } from './registry.js';

/**
 * The backend that should hold or compute data of these dtypes; `preferred` names a backend
 * explicitly (creation's `{ backend }` option, `t.to('gpu')`).
 */
export function chooseBackend(dtypes: readonly DType[], preferred?: string): Backend {
  const backend = preferred === undefined ? getBackend() : backendByName(preferred);
  if (dtypes.every((d) => backend.supports(d))) return backend;
  return backendByName('cpu');
}

/**
 * Copy a view's elements into fresh contiguous data owned by `target`.
 * The result has `view.shape` and row-major strides.
 */
export function moveView(view: View, target: Backend): BackendData {
  const owner = backendByName(view.data.backend);
  return target.upload(owner.download(view), view.data.dtype);
}

/**
 * Run `fn` on the chosen backend with every input view living there.
 * @param dtypes - dtypes of inputs and output; decide whether the current backend can run it.
 * @param inputs - the views the primitive reads.
 * @param fn - calls exactly one primitive of `backend`.
 * @returns the backend that ran and what the primitive returned.
 */
export function dispatch<T>(
  dtypes: readonly DType[],
  inputs: readonly View[],
  fn: (backend: Backend, views: View[]) => T,
): { backend: Backend; result: T } {
  const backend = chooseBackend(dtypes);
  const moved: BackendData[] = [];
  const views = inputs.map((v) => {
    if (v.data.backend === backend.name) return v;
    const data = moveView(v, backend);
    moved.push(data);
    return { data, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 };
  });
  try {
    return { backend, result: fn(backend, views) };
  } finally {
    for (const d of moved) backend.dispose(d);
  }
}

/**
 * Read a view back to the host through the backend that owns it.
 * @returns a new contiguous typed array of the view's dtype.
 */
export function readView(view: View): TypedArray {
  return backendByName(view.data.backend).download(view);
}
