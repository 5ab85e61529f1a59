/**
 * @tensorgrad/autograd — reverse-mode automatic differentiation over @tensorgrad/tensor.
 *
 * The one {@link Tensor} users meet, over the array layer of `@tensorgrad/tensor` (NDArray).
 * Every op is declared once (`src/ops/<family>.ts`, via {@link defineOp}) with a forward on
 * NDArrays and one backward rule per input written with Tensor ops, so gradients run on every
 * backend and can themselves be differentiated (`createGraph`).
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/autograd';
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * w.matmul(tensor([1, 1])).square().sum().backward();
 * if (JSON.stringify(w.grad?.toArray()) !== '[[6,6],[14,14]]') throw new Error('d/dw |w 1|^2');
 * ```
 */

/**
 * Version of this package.
 * @example
 * ```ts
 * import { version } from '@tensorgrad/autograd';
 * if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error('version');
 * ```
 */
export const version = '0.1.0';

export {
  Tensor,
  type ShapeArgs,
  type VarOptions,
  type RemovableHandle,
  type UniqueResult,
} from './tensor.js';
export type { BackwardOptions } from './engine.js';
export { Node, type GradHook } from './node.js';
export {
  defineOp,
  declaredOps,
  type Operand,
  type RawOperand,
  type OpDefinition,
  type Op,
  type BackwardRules,
  type Saved,
  type SavedInput,
  type RawInputs,
  type GradientOf,
  type Lifted,
} from './define-op.js';
export type { Axis } from './ops/axes.js';
export { noGrad, enableGrad, isGradEnabled } from './grad-mode.js';
export {
  grad,
  valueAndGrad,
  gradients,
  type ArgnumsOption,
  type GradOptions,
  type Gradients,
  type GradientsOptions,
} from './functional.js';
export {
  gradcheck,
  gradgradcheck,
  type GradcheckOptions,
  type GradcheckReport,
  type GradcheckElement,
} from './gradcheck.js';
export { tidy, keep, memory, settleMemory, dispose } from './memory.js';
export {
  fromRaw,
  tensor,
  zeros,
  ones,
  empty,
  full,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
  randperm,
  bernoulli,
  randLike,
  randnLike,
  type GradOption,
  type ShapeAndOptions,
} from './creation.js';
export {
  cat,
  stack,
  where,
  pad,
  type PadMode,
  type PadOptions,
  oneHot,
  unfold,
  fold,
  sumToShape,
  conv2d,
  max,
  min,
  type ValuesAndIndices,
} from './functions.js';
export {
  maxPool2d,
  avgPool2d,
  adaptiveAvgPool2d,
  type MaxPool2dOptions,
  type AvgPool2dOptions,
  type Pool2dWindowOptions,
  type PoolValuesAndIndices,
  type AdaptiveSize,
} from './composites/pooling.js';
export { standardize } from './ops/standardize.js';
export { toDot, toSvg, type GraphExportOptions } from './graph-export.js';

// What users need from the array layer below, re-exported so that user code never imports it.
export {
  Generator,
  manualSeed,
  defaultGenerator,
  setBackend,
  backendInfo,
  setNumThreads,
  getNumThreads,
  gpuAvailability,
  provideGpuJs,
  DTYPES,
  type BackendInfo,
  type BackendName,
  type Conv2dOptions,
  type DType,
  type IndexItem,
  type MemoryStats,
  type NestedArray,
  type Pair,
  type UniqueOptions,
} from '@tensorgrad/tensor';
