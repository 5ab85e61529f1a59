/**
 * THE table of sample inputs per op: it drives the float64 gradcheck (gradcheck.test.ts) and the
 * cpu/gpu agreement (gpu/agreement.test.ts). Each differentiable op declared with `defineOp`, and
 * each composite in COMPOSITES, must have at least one sample; a test fails otherwise.
 *
 * Inputs are chosen away from the points where an op is not differentiable (kinks, ties, jumps),
 * because central differences are meaningless there.
 */
import {
  type DType,
  Generator,
  type NDArray,
  rand,
  randn,
  tensor as rawTensor,
} from '@tensorgrad/tensor';
import {
  type GradcheckOptions,
  type Tensor,
  cat,
  adaptiveAvgPool2d,
  avgPool2d,
  conv2d,
  fold,
  standardize,
  maxPool2d,
  pad,
  stack,
  sumToShape,
  unfold,
  where,
} from '@tensorgrad/autograd';
import { convGeometry } from '@tensorgrad/tensor';
import { sliceAssign } from '../src/ops/slicing.js';
import { geluDerivative } from '../src/ops/unary.js';

/** Makes deterministic sample inputs of one float dtype. */
export class Sampler {
  private readonly generator: Generator;
  constructor(
    seed: number,
    readonly dtype: 'float32' | 'float64',
  ) {
    this.generator = new Generator(seed);
  }
  /** Standard normal values. */
  normal(...shape: number[]): NDArray {
    return randn(shape, { dtype: this.dtype, generator: this.generator });
  }
  /** Uniform values in [lo, hi). */
  uniform(lo: number, hi: number, ...shape: number[]): NDArray {
    return rand(shape, { dtype: this.dtype, generator: this.generator })
      .mul(hi - lo)
      .add(lo);
  }
  /** Given float values. */
  values(values: number[] | number[][] | number[][][]): NDArray {
    return rawTensor(values, { dtype: this.dtype });
  }
  /** Given values of an integer or bool dtype (indices, masks). */
  exact(values: number[] | number[][] | boolean[] | boolean[][], dtype: DType): NDArray {
    return rawTensor(values, { dtype });
  }
}

/** One sample: inputs, and the function of them whose gradient is checked. */
export interface OpSample {
  /** The declared op (or composite) this sample exercises. */
  readonly name: string;
  /** What is special about this sample. */
  readonly note?: string;
  readonly inputs: (s: Sampler) => NDArray[];
  readonly fn: (...xs: Tensor[]) => Tensor;
  /** Tolerances when the defaults do not apply (say why in `note`). */
  readonly options?: GradcheckOptions;
  /** Looser tolerances for the float32 cpu/gpu agreement, when the op amplifies rounding. */
  readonly gpuTolerance?: number;
}

/** Composite methods and functions: no rule of their own, but their gradients are checked too. */
export const COMPOSITES = [
  'index',
  'narrow',
  'split',
  'chunk',
  'stack',
  'var',
  'conv2d',
  'sort',
  'topk',
  'mT',
  'broadcastTo',
  'clamp(tensor bounds)',
  'maxPool2d',
  'avgPool2d',
  'adaptiveAvgPool2d',
  'pad(reflect)',
  'pad(replicate)',
  'pad(circular)',
] as const;

const unaryPositive = (name: string, fn: (x: Tensor) => Tensor): OpSample => ({
  name,
  inputs: (s) => [s.uniform(0.5, 2, 2, 3)],
  fn,
});
const unaryNormal = (name: string, fn: (x: Tensor) => Tensor): OpSample => ({
  name,
  inputs: (s) => [s.normal(2, 3)],
  fn,
});

export const OP_SAMPLES: readonly OpSample[] = [
  // ---- unary ---------------------------------------------------------------------------------
  unaryNormal('neg', (x) => x.neg()),
  unaryNormal('silu', (x) => x.silu()),
  {
    name: 'abs',
    note: 'values away from the kink at 0',
    inputs: (s) => [
      s.values([
        [-1.5, -0.3, 0.7],
        [2.1, -0.9, 0.4],
      ]),
    ],
    fn: (x) => x.abs(),
  },
  unaryNormal('sign', (x) => x.sign().add(x)),
  {
    name: 'floor',
    inputs: (s) => [s.values([-1.3, 0.4, 2.7])],
    fn: (x) => x.floor().add(x.mul(2)),
  },
  { name: 'ceil', inputs: (s) => [s.values([-1.3, 0.4, 2.7])], fn: (x) => x.ceil().add(x.mul(2)) },
  {
    name: 'round',
    inputs: (s) => [s.values([-1.3, 0.2, 2.7])],
    fn: (x) => x.round().add(x.mul(2)),
  },
  unaryNormal('exp', (x) => x.exp()),
  {
    name: 'exp',
    note: 'non-contiguous (transposed) input',
    inputs: (s) => [s.normal(3, 2)],
    fn: (x) => x.mT.exp(),
  },
  unaryPositive('log', (x) => x.log()),
  unaryPositive('log1p', (x) => x.log1p()),
  unaryPositive('sqrt', (x) => x.sqrt()),
  unaryPositive('rsqrt', (x) => x.rsqrt()),
  unaryNormal('sin', (x) => x.sin()),
  unaryNormal('cos', (x) => x.cos()),
  unaryNormal('tanh', (x) => x.tanh()),
  unaryNormal('sigmoid', (x) => x.sigmoid()),
  {
    name: 'relu',
    note: 'values away from 0',
    inputs: (s) => [
      s.values([
        [-1.5, -0.3, 0.7],
        [2.1, -0.9, 0.4],
      ]),
    ],
    fn: (x) => x.relu(),
  },
  unaryNormal('gelu', (x) => x.gelu()),
  unaryNormal('geluDerivative', (x) => geluDerivative({ x }, undefined)),
  unaryNormal('erf', (x) => x.erf()),
  unaryPositive('reciprocal', (x) => x.reciprocal()),
  unaryNormal('square', (x) => x.square()),
  {
    name: 'clamp',
    note: 'both bounds',
    inputs: (s) => [s.values([-2, -0.3, 0.2, 1.7])],
    fn: (x) => x.clamp(-1, 1),
  },
  {
    name: 'clamp',
    note: 'min only',
    inputs: (s) => [s.values([-2, -0.3, 0.2, 1.7])],
    fn: (x) => x.clamp(0),
  },
  {
    name: 'leakyRelu',
    note: 'values away from the kink at 0',
    inputs: (s) => [
      s.values([
        [-1.5, -0.3, 0.7],
        [2.1, -0.9, 0.4],
      ]),
    ],
    fn: (x) => x.leakyRelu(0.2),
  },
  {
    name: 'elu',
    note: 'alpha 1.5, values away from 0',
    inputs: (s) => [
      s.values([
        [-2.5, -0.3, 0.7],
        [2.1, -0.9, 0.4],
      ]),
    ],
    fn: (x) => x.elu(1.5),
  },
  {
    name: 'softplus',
    note: 'default beta 1, threshold 20',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.softplus(),
  },
  {
    name: 'softplus',
    note: 'beta 2, threshold 3: both sides of the threshold (βx = 6 and 8 return x)',
    inputs: (s) => [s.values([-1.2, 0.3, 1.1, 3, 4])],
    fn: (x) => x.softplus(2, 3),
  },
  {
    name: 'clamp(tensor bounds)',
    inputs: (s) => [
      s.values([-2, -0.3, 0.2, 1.7]),
      s.values([-1, -1, 0.5, 0.5]),
      s.values([1, 0, 1, 1]),
    ],
    fn: (x, lo, hi) => x.clamp(lo, hi),
  },

  // ---- binary, broadcasting ------------------------------------------------------------------
  {
    name: 'add',
    note: 'broadcast [2,3] + [3]',
    inputs: (s) => [s.normal(2, 3), s.normal(3)],
    fn: (x, y) => x.add(y),
  },
  { name: 'add', note: 'scalar operand', inputs: (s) => [s.normal(2, 3)], fn: (x) => x.add(2) },
  {
    name: 'sub',
    note: 'broadcast [2,1,3] - [4,1]',
    inputs: (s) => [s.normal(2, 1, 3), s.normal(4, 1)],
    fn: (x, y) => x.sub(y),
  },
  {
    name: 'mul',
    note: 'broadcast with a non-contiguous operand',
    inputs: (s) => [s.normal(3, 2), s.normal(2, 1)],
    fn: (x, y) => x.mT.mul(y),
  },
  {
    name: 'mul',
    note: 'same tensor twice (two edges to one leaf)',
    inputs: (s) => [s.normal(4)],
    fn: (x) => x.mul(x),
  },
  { name: 'div', inputs: (s) => [s.normal(2, 3), s.uniform(0.5, 2, 3)], fn: (x, y) => x.div(y) },
  {
    name: 'pow',
    note: 'tensor exponent',
    inputs: (s) => [s.uniform(0.5, 2, 2, 3), s.normal(3)],
    fn: (x, y) => x.pow(y),
  },
  { name: 'pow', note: 'scalar exponent', inputs: (s) => [s.normal(2, 3)], fn: (x) => x.pow(3) },
  {
    name: 'pow',
    note: 'fractional exponent',
    inputs: (s) => [s.uniform(0.5, 2, 4)],
    fn: (x) => x.pow(0.5),
  },
  {
    name: 'maximum',
    note: 'no ties',
    inputs: (s) => [
      s.values([
        [1, -2, 3],
        [0.5, 0.1, -1],
      ]),
      s.values([0.2, 0.3, 0.4]),
    ],
    fn: (x, y) => x.maximum(y),
  },
  {
    name: 'minimum',
    note: 'no ties',
    inputs: (s) => [
      s.values([
        [1, -2, 3],
        [0.5, 0.1, -1],
      ]),
      s.values([0.2, 0.3, 0.4]),
    ],
    fn: (x, y) => x.minimum(y),
  },
  {
    name: 'minimum',
    note: 'scalar operand',
    inputs: (s) => [s.values([1, -2, 3])],
    fn: (x) => x.minimum(0.5),
  },
  {
    name: 'mod',
    note: 'x / y away from integers',
    inputs: (s) => [
      s.values([
        [3.3, 5.1, -2.2],
        [7.7, 1.2, 4.9],
      ]),
      s.values([1.5, 2.2, 1.6]),
    ],
    fn: (x, y) => x.mod(y),
  },
  {
    name: 'where',
    note: 'cond [2,3], a [3], b [2,1]',
    inputs: (s) => [
      s.exact(
        [
          [true, false, true],
          [false, false, true],
        ],
        'bool',
      ),
      s.normal(3),
      s.normal(2, 1),
    ],
    fn: (c, a, b) => where(c, a, b),
  },
  {
    name: 'where',
    note: 'method form with a scalar',
    inputs: (s) => [s.normal(2, 3), s.exact([true, false, true], 'bool')],
    fn: (x, c) => x.where(c, 0.5),
  },
  {
    name: 'maskedFill',
    inputs: (s) => [
      s.normal(2, 3),
      s.exact(
        [
          [true, false, true],
          [false, false, true],
        ],
        'bool',
      ),
    ],
    fn: (x, m) => x.maskedFill(m, 0),
  },

  // ---- reductions ----------------------------------------------------------------------------
  { name: 'sum', note: 'all', inputs: (s) => [s.normal(2, 3)], fn: (x) => x.sum() },
  {
    name: 'sum',
    note: 'several axes, keepdim',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => x.sum([0, 2], true),
  },
  { name: 'sum', note: 'negative axis', inputs: (s) => [s.normal(2, 3, 4)], fn: (x) => x.sum(-1) },
  { name: 'sum', note: 'a size-0 dim', inputs: (s) => [s.normal(0, 3)], fn: (x) => x.sum(0) },
  { name: 'mean', inputs: (s) => [s.normal(2, 3, 4)], fn: (x) => x.mean([-1, 0]) },
  { name: 'prod', inputs: (s) => [s.uniform(0.5, 1.5, 2, 3)], fn: (x) => x.prod(1) },
  {
    name: 'prod',
    note: 'exact zeros (one and two per row)',
    inputs: (s) => [
      s.values([
        [0, 2, 3],
        [0, 0, 2],
        [1, 2, 3],
      ]),
    ],
    fn: (x) => x.prod(-1),
  },
  { name: 'max', note: 'over one axis', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.max(1) },
  { name: 'max', note: 'all', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.max() },
  {
    name: 'min',
    note: 'several axes, keepdim',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => x.min([0, 2], true),
  },
  { name: 'min', note: 'one axis', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.min(-1, true) },
  { name: 'amax', note: 'one axis', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.amax(1) },
  {
    name: 'amax',
    note: 'all dims, keepdim',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.amax(undefined, true),
  },
  {
    name: 'amin',
    note: 'several axes',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => x.amin([0, 2]),
  },
  { name: 'logsumexp', inputs: (s) => [s.normal(2, 3, 4)], fn: (x) => x.logsumexp([1, 2]) },
  {
    name: 'norm',
    note: 'p = 2 over an axis',
    inputs: (s) => [s.normal(3, 4)],
    fn: (x) => x.norm(2, 1),
  },
  {
    name: 'norm',
    note: 'p = 1',
    inputs: (s) => [
      s.values([
        [1, -2, 3],
        [0.5, 0.1, -1],
      ]),
    ],
    fn: (x) => x.norm(1),
  },
  {
    name: 'norm',
    note: 'p = 3, keepdim',
    inputs: (s) => [s.normal(3, 4)],
    fn: (x) => x.norm(3, -1, true),
  },
  {
    name: 'norm',
    note: 'p = Infinity',
    inputs: (s) => [
      s.values([
        [1, -2, 3],
        [0.5, 0.1, -1],
      ]),
    ],
    fn: (x) => x.norm(Infinity, 1),
  },
  { name: 'cumsum', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.cumsum(-1) },
  {
    name: 'standardize',
    note: 'last dim',
    inputs: (s) => [s.normal(3, 5)],
    fn: (x) => standardize(x, 1, 1e-5),
  },
  {
    name: 'standardize',
    note: 'last two dims, eps 0.1',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => standardize(x, 2, 0.1),
  },
  { name: 'softmax', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.softmax(-1) },
  {
    name: 'softmax',
    note: 'over the first axis',
    inputs: (s) => [s.normal(3, 4)],
    fn: (x) => x.softmax(0),
  },
  { name: 'logSoftmax', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.logSoftmax(1) },
  { name: 'var', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.var(1) },
  {
    name: 'var',
    note: 'biased, several axes',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => x.var([0, 2], { unbiased: false, keepdim: true }),
  },
  { name: 'std', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.std(-1) },
  {
    name: 'std',
    note: 'biased, all axes',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.std(undefined, { unbiased: false }),
  },

  // ---- matmul --------------------------------------------------------------------------------
  {
    name: 'matmul',
    note: '2-D',
    inputs: (s) => [s.normal(2, 3), s.normal(3, 4)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: '1-D @ 2-D',
    inputs: (s) => [s.normal(3), s.normal(3, 4)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: '2-D @ 1-D',
    inputs: (s) => [s.normal(2, 3), s.normal(3)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: '1-D @ 1-D',
    inputs: (s) => [s.normal(3), s.normal(3)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: 'batch broadcast [2,1,3,4] @ [3,4,2]',
    inputs: (s) => [s.normal(2, 1, 3, 4), s.normal(3, 4, 2)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: '1-D @ batched',
    inputs: (s) => [s.normal(4), s.normal(2, 4, 3)],
    fn: (a, b) => a.matmul(b),
  },
  {
    name: 'matmul',
    note: 'batched @ 1-D, transposed operand',
    inputs: (s) => [s.normal(2, 4, 3), s.normal(4)],
    fn: (a, b) => a.mT.matmul(b.narrow(0, 0, 4)),
  },

  // ---- convolution ---------------------------------------------------------------------------
  {
    name: 'conv2d',
    note: 'stride 2, padding 1, bias',
    inputs: (s) => [s.normal(2, 2, 5, 5), s.normal(3, 2, 3, 3), s.normal(3)],
    fn: (x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }),
  },
  {
    name: 'conv2d',
    note: 'dilation 2, rectangular stride/padding',
    inputs: (s) => [s.normal(1, 2, 6, 5), s.normal(2, 2, 2, 2)],
    fn: (x, w) => conv2d(x, w, null, { dilation: 2, stride: [1, 2], padding: [0, 1] }),
  },
  {
    name: 'conv2d',
    note: 'groups 2, unbatched input',
    inputs: (s) => [s.normal(4, 4, 4), s.normal(2, 2, 3, 3), s.normal(2)],
    fn: (x, w, b) => conv2d(x, w, b, { groups: 2, padding: 1 }),
  },
  {
    name: 'conv2d',
    note: "padding 'same', even kernel (odd total: the extra row/column at the bottom/right)",
    inputs: (s) => [s.normal(1, 2, 4, 5), s.normal(2, 2, 2, 4), s.normal(2)],
    fn: (x, w, b) => conv2d(x, w, b, { padding: 'same' }),
  },
  {
    name: 'conv2d',
    note: "padding 'same', dilation [2, 3], depthwise",
    inputs: (s) => [s.normal(1, 2, 5, 5), s.normal(2, 1, 2, 2)],
    fn: (x, w) => conv2d(x, w, null, { padding: 'same', dilation: [2, 3], groups: 2 }),
  },
  // ---- pooling (random normal inputs: no ties within a max pool window) ----------------------
  {
    name: 'maxPool2d',
    note: 'kernel 2, stride 2',
    inputs: (s) => [s.normal(2, 2, 4, 4)],
    fn: (x) => maxPool2d(x, 2),
  },
  {
    name: 'maxPool2d',
    note: 'padding 1, dilation [2, 1], stride [2, 3], ceil mode (−∞ padding, partial windows)',
    inputs: (s) => [s.normal(1, 2, 7, 6)],
    fn: (x) =>
      maxPool2d(x, [3, 2], { stride: [2, 3], padding: 1, dilation: [2, 1], ceilMode: true }),
  },
  {
    name: 'maxPool2d',
    note: 'unbatched, non-contiguous (transposed) input, overlapping windows, indices returned',
    inputs: (s) => [s.normal(2, 5, 4)],
    fn: (x) =>
      maxPool2d(x.transpose(1, 2), 3, { stride: 1, padding: 1, returnIndices: true }).values,
  },
  {
    name: 'avgPool2d',
    note: 'padding 1, ceil mode, countIncludePad false (per-window divisors)',
    inputs: (s) => [s.normal(1, 2, 6, 8)],
    fn: (x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
  },
  {
    name: 'avgPool2d',
    note: 'unbatched, non-contiguous input, divisorOverride, overlapping windows',
    inputs: (s) => [s.normal(2, 4, 5)],
    fn: (x) => avgPool2d(x.transpose(1, 2), [2, 3], { stride: 1, divisorOverride: 4 }),
  },
  {
    name: 'adaptiveAvgPool2d',
    note: 'sizes that do not divide: overlapping bins of different sizes',
    inputs: (s) => [s.normal(2, 2, 5, 7)],
    fn: (x) => adaptiveAvgPool2d(x, [3, 4]),
  },
  {
    name: 'adaptiveAvgPool2d',
    note: 'unbatched, non-contiguous, one divisible dim and one kept (null)',
    inputs: (s) => [s.normal(2, 5, 6)],
    fn: (x) => adaptiveAvgPool2d(x.transpose(1, 2), [3, null]),
  },
  {
    name: 'adaptiveAvgPool2d',
    note: 'bigger than the input: repeated bins',
    inputs: (s) => [s.normal(1, 1, 3, 2)],
    fn: (x) => adaptiveAvgPool2d(x, [4, 5]),
  },
  {
    name: 'unfold',
    inputs: (s) => [s.normal(1, 2, 4, 4)],
    fn: (x) => unfold(x, convGeometry(x.shape, 2, { stride: 1 })),
  },
  {
    name: 'fold',
    note: 'overlapping windows (sums)',
    inputs: (s) => [s.normal(1, 8, 9)],
    fn: (c) => fold(c, convGeometry([1, 2, 4, 4], 2, { stride: 1 })),
  },

  // ---- views ---------------------------------------------------------------------------------
  {
    name: 'reshape',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.reshape(3, -1).mul(x.reshape([6]).sum()),
  },
  {
    name: 'reshape',
    note: 'non-contiguous input (copies)',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.mT.reshape(6).cumsum(0),
  },
  { name: 'view', inputs: (s) => [s.normal(2, 3)], fn: (x) => x.view(3, 2).cumsum(0) },
  { name: 'permute', inputs: (s) => [s.normal(2, 3, 4)], fn: (x) => x.permute(2, 0, 1).cumsum(0) },
  {
    name: 'transpose',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => x.transpose(0, -1).cumsum(0),
  },
  { name: 'mT', inputs: (s) => [s.normal(2, 3)], fn: (x) => x.mT.cumsum(0) },
  { name: 'expand', inputs: (s) => [s.normal(3, 1)], fn: (x) => x.expand(2, -1, 4).cumsum(2) },
  { name: 'broadcastTo', inputs: (s) => [s.normal(3)], fn: (x) => x.broadcastTo([2, 3]).cumsum(0) },
  {
    name: 'squeeze',
    note: 'size-1 dims',
    inputs: (s) => [s.normal(1, 3, 1)],
    fn: (x) => x.squeeze().cumsum(0),
  },
  {
    name: 'unsqueeze',
    inputs: (s) => [s.normal(3)],
    fn: (x) => x.unsqueeze(-1).expand(3, 2).cumsum(1),
  },
  { name: 'flatten', inputs: (s) => [s.normal(2, 3, 2)], fn: (x) => x.flatten(1).cumsum(1) },
  {
    name: 'unflatten',
    inputs: (s) => [s.normal(2, 6)],
    fn: (x) => x.unflatten(1, [3, 2]).cumsum(1),
  },
  { name: 'flip', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.flip(0, 1).cumsum(1) },
  { name: 'contiguous', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.mT.contiguous().cumsum(1) },
  { name: 'clone', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.clone().cumsum(1) },
  { name: 'sumToShape', inputs: (s) => [s.normal(2, 3, 4)], fn: (x) => sumToShape(x, [3, 1]) },

  // ---- slicing -------------------------------------------------------------------------------
  {
    name: 'slice',
    note: 'step 2, negative start',
    inputs: (s) => [s.normal(3, 7)],
    fn: (x) => x.slice(1, -6, undefined, 2).cumsum(1),
  },
  {
    name: 'slice',
    note: 'negative step',
    inputs: (s) => [s.normal(3, 7)],
    fn: (x) => x.slice(1, 5, 0, -2).cumsum(1),
  },
  {
    name: 'slice',
    note: 'clamped bounds',
    inputs: (s) => [s.normal(4, 3)],
    fn: (x) => x.slice(0, 2, 100).cumsum(0),
  },
  { name: 'select', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.select(1, -1).cumsum(0) },
  { name: 'narrow', inputs: (s) => [s.normal(3, 5)], fn: (x) => x.narrow(1, 1, 3).cumsum(1) },
  {
    name: 'index',
    note: "numbers, 'a:b:c', '...', null",
    inputs: (s) => [s.normal(3, 4, 5)],
    fn: (x) => x.index(1, '...', '1::2', null).cumsum(0),
  },
  { name: 'index', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.index(':', -2).cumsum(0) },
  {
    name: 'pad',
    note: 'positive pads',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => pad(x, [1, 2, 0, 1], 0.5).cumsum(1),
  },
  {
    name: 'pad',
    note: 'negative pads crop',
    inputs: (s) => [s.normal(3, 5)],
    fn: (x) => pad(x, [-1, 2, 1, -1]).cumsum(1),
  },
  {
    name: 'pad(reflect)',
    note: 'last two dims of [C, H, W], pads = size - 1 at the edges; square so that the double backward runs through the scatter-add',
    inputs: (s) => [s.normal(2, 3, 4)],
    fn: (x) => pad(x, [3, 2, 2, 1], 'reflect').square(),
  },
  {
    name: 'pad(reflect)',
    note: 'one dim, cropped on the left',
    inputs: (s) => [s.normal(2, 2, 5)],
    fn: (x) => pad(x, [-1, 4], 'reflect').cumsum(-1),
  },
  {
    name: 'pad(replicate)',
    note: 'a 1-element dim repeated; edges get the sum of their copies',
    inputs: (s) => [s.normal(1, 2, 1, 3)],
    fn: (x) => pad(x, [2, 1, 3, 2], 'replicate').square(),
  },
  {
    name: 'pad(replicate)',
    note: 'last three dims of an unbatched [C, D, H, W]',
    inputs: (s) => [s.normal(1, 2, 2, 3)],
    fn: (x) => pad(x, [1, 1, 0, 2, 2, 1], { mode: 'replicate' }).cumsum(-1),
  },
  {
    name: 'pad(circular)',
    note: 'pad = size: the dim repeated three times',
    inputs: (s) => [s.normal(1, 2, 3)],
    fn: (x) => pad(x, [3, 3], 'circular').square(),
  },
  {
    name: 'pad(circular)',
    note: 'three dims of [N, C, D, H, W], one cropped',
    inputs: (s) => [s.normal(1, 1, 2, 3, 3)],
    fn: (x) => pad(x, [2, -1, 1, 2, 1, 1], 'circular').cumsum(-1),
  },
  {
    name: 'sliceAssign',
    note: 'a strided region [0:3:2, 1:3] of a [3, 4] base; the backward of slice, select and pad',
    inputs: (s) => [s.normal(3, 4), s.normal(2, 2)],
    fn: (base, src) => sliceAssign({ base, src }, { starts: [0, 1], steps: [2, 1] }).cumsum(1),
  },
  { name: 'triu', inputs: (s) => [s.normal(3, 4)], fn: (x) => x.triu(1).cumsum(0) },
  { name: 'tril', inputs: (s) => [s.normal(2, 3, 3)], fn: (x) => x.tril(-1).cumsum(1) },

  // ---- join / split --------------------------------------------------------------------------
  {
    name: 'cat',
    note: 'three inputs of different sizes along axis 1',
    inputs: (s) => [s.normal(2, 1), s.normal(2, 3), s.normal(2, 2)],
    fn: (a, b, c) => cat([a, b, c], 1).cumsum(1),
  },
  {
    name: 'stack',
    inputs: (s) => [s.normal(2, 3), s.normal(2, 3)],
    fn: (a, b) => stack([a, b], -1).cumsum(2),
  },
  {
    name: 'split',
    inputs: (s) => [s.normal(5, 2)],
    fn: (x) => {
      const [a, b, c] = x.split(2) as [Tensor, Tensor, Tensor];
      return a.sum().mul(b.exp().sum()).add(c.square().sum());
    },
  },
  {
    name: 'chunk',
    inputs: (s) => [s.normal(2, 6)],
    fn: (x) => {
      const [a, b, c] = x.chunk(3, 1) as [Tensor, Tensor, Tensor];
      return a.mul(b).sub(c.sin());
    },
  },

  // ---- indexing ------------------------------------------------------------------------------
  {
    name: 'gather',
    note: 'repeated indices',
    inputs: (s) => [
      s.normal(3, 4),
      s.exact(
        [
          [0, 0],
          [3, 1],
          [2, 2],
        ],
        'int32',
      ),
    ],
    fn: (x, i) => x.gather(1, i),
  },
  {
    name: 'scatterAdd',
    note: 'repeated indices, gradients for both x and src',
    inputs: (s) => [
      s.normal(3, 4),
      s.exact(
        [
          [0, 0],
          [3, 1],
          [2, 2],
        ],
        'int32',
      ),
      s.normal(3, 2),
    ],
    fn: (x, i, src) => x.scatterAdd(1, i, src).square(),
  },
  {
    name: 'indexSelect',
    note: 'a repeated row',
    inputs: (s) => [s.normal(4, 3), s.exact([2, 0, 2], 'int32')],
    fn: (x, i) => x.indexSelect(0, i),
  },
  { name: 'sort', inputs: (s) => [s.normal(3, 5)], fn: (x) => x.sort(-1, true).values.cumsum(1) },
  { name: 'topk', inputs: (s) => [s.normal(3, 5)], fn: (x) => x.topk(2, 1).values.cumsum(1) },

  // ---- casts and moves -----------------------------------------------------------------------
  {
    name: 'cast',
    note: 'to float32 and back: linear, so a large eps is exact and float32 rounding stays small',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.cast('float32').mul(3).cast('float64'),
    options: { eps: 1e-2, atol: 1e-5, rtol: 1e-4 },
  },
  {
    name: 'toBackend',
    note: 'to the current backend',
    inputs: (s) => [s.normal(2, 3)],
    fn: (x) => x.to('cpu').square(),
  },
];
