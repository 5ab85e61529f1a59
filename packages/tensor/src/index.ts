/**
 * @tensorgrad/tensor — the raw tensor: storage, strided views, dtypes, broadcasting, the op set,
 * and the backends (cpu typed arrays, gpu.js) behind a small primitive interface.
 * @example
 * ```ts
 * import { tensor, tidy } from '@tensorgrad/tensor';
 * const y = tidy(() => tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])));
 * if (String(y.toArray()) !== '3,7') throw new Error('matrix times vector');
 * ```
 */

/** Version of this package. */
export const version = '0.1.0';

export { NDArray, type Operand, type IndexItem } from './ndarray.js';
export type { NestedArray } from './host.js';
export {
  DTYPES,
  isFloat,
  promoteTypes,
  resultType,
  floatDtype,
  itemSize,
  type DType,
  type TypedArray,
} from './dtype.js';
export {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  normalizeAxis,
  normalizeAxes,
  sizeOf,
  shapeString,
  sameShape,
} from './shape.js';
export { Storage } from './storage.js';
export {
  tidy,
  keep,
  dispose,
  memory,
  settleMemory,
  forwardScope,
  exposeTensors,
  heldTensors,
  visibleTensors,
  type MemoryStats,
  type HoldsTensors,
  type Trackable,
} from './memory.js';
export { refuseAsyncFunction, refusePromiseResult } from './sync-scope.js';
export { Generator, manualSeed, defaultGenerator } from './random.js';
export {
  tensor,
  zeros,
  ones,
  full,
  empty,
  arange,
  linspace,
  eye,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  rand,
  randn,
  randint,
  randperm,
  bernoulli,
  randLike,
  randnLike,
  type CreationOptions,
  type RandomOptions,
  type TensorOptions,
  type TensorLike,
  type ShapeAndOptions,
} from './creation.js';
export { formatTensor } from './format.js';

export {
  setBackend,
  getBackend,
  backendInfo,
  gpuAvailability,
  provideGpuJs,
  type BackendInfo,
  type BackendName,
} from './backend/registry.js';
export { setNumThreads, getNumThreads } from './backend/cpu/pool/threads.js';
export {
  PRIMITIVES,
  UNARY_OPS,
  BINARY_OPS,
  REDUCE_OPS,
  type Backend,
  type BackendData,
  type View,
  type Conv2dGeometry,
  type MemoryInfo,
  type UnaryOp,
  type BinaryOp,
  type ReduceOp,
} from './backend/backend.js';

export * from './ops/elementwise.js';
export {
  sum,
  mean,
  prod,
  max,
  min,
  argmax,
  argmin,
  variance,
  std,
  logsumexp,
  norm,
  cumsum,
  all,
  any,
  sumToShape,
  type Axis,
  type VarOptions,
} from './ops/reduce.js';
export {
  reshape,
  view,
  permute,
  transpose,
  expand,
  squeeze,
  unsqueeze,
  flatten,
  unflatten,
  slice,
  select,
  narrow,
  flip,
  contiguous,
  clone,
  index,
  parseSlice,
} from './ops/views.js';
export { cast } from './ops/cast.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { standardize } from './ops/standardize.js';
export { matmul } from './ops/matmul.js';
export {
  conv2d,
  convGeometry,
  planConv2d,
  pair,
  unfold,
  fold,
  type Conv2dOptions,
  type Conv2dPlan,
  type Pair,
} from './ops/conv.js';
export { cat, stack, split, splitSizes, chunk } from './ops/join.js';
export { pad } from './ops/pad.js';
export { sliceAssign } from './ops/assign.js';
export { copyInto } from './ops/copy-into.js';
export { gather, scatterAdd, indexSelect, triu, tril, oneHot } from './ops/indexing.js';
export { sort, topk } from './ops/sort.js';
export { unique, type UniqueOptions, type UniqueResult } from './ops/unique.js';
