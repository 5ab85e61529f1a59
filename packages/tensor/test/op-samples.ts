/**
 * The op table (PyTorch OpInfo style): for each op, how to run it, a naive reference written
 * plainly on host arrays, and sample inputs covering size-0/size-1 dims, broadcasting and
 * negative axes. `ops.test.ts` drives every generic check from this one table.
 */
import * as T from '@tensorgrad/tensor';
import type { DType, NDArray } from '@tensorgrad/tensor';
import {
  type Arr,
  arr,
  erfRef,
  get,
  lanes,
  map,
  matmul2d,
  ravel,
  reduceAxes,
  roundHalfEven,
  size,
  unravel,
  zipWith,
} from './reference.js';

/** Value ranges for generated inputs. */
export type Domain = 'any' | 'positive' | 'unit' | 'int' | 'bool' | 'small';

export interface InputSpec {
  shape: number[];
  dtype?: DType;
  domain?: Domain;
  /** Explicit values (row-major) instead of generated ones. */
  values?: number[];
}

export interface Sample {
  inputs: InputSpec[];
  /** Extra, non-tensor arguments (axes, scalars, options). */
  // The table is heterogeneous by nature: each op reads its own argument list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  args?: any[];
  note?: string;
}

export interface OpInfo {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: (x: NDArray[], args: any[]) => NDArray;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ref: (x: Arr[], args: any[]) => Arr;
  samples: Sample[];
  /** Expected result dtype given the input dtypes (default: the first input's). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  dtype?: (inputs: DType[], args: any[]) => DType;
  /** Relative/absolute tolerance for float32 results (default 1e-5). */
  tol?: number;
  /** Skip the non-contiguous variant (ops whose inputs must be index tensors in a fixed layout). */
  contiguousOnly?: boolean;
}

/** Deterministic values for a spec (an LCG, so the tests do not depend on the library's RNG). */
export function valuesFor(spec: InputSpec, seed: number): number[] {
  if (spec.values) return spec.values;
  let s = (seed * 2654435761) >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const n = size(spec.shape);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = next();
    switch (
      spec.domain ??
      (spec.dtype === 'int32' ? 'int' : spec.dtype === 'bool' ? 'bool' : 'any')
    ) {
      case 'any':
        out.push(Math.round((u * 6 - 3) * 1000) / 1000);
        break;
      case 'positive':
        out.push(Math.round((u * 3 + 0.1) * 1000) / 1000);
        break;
      case 'unit':
        out.push(Math.round((u * 1.8 - 0.9) * 1000) / 1000);
        break;
      case 'small':
        out.push(Math.round((u * 2 - 1) * 100) / 100);
        break;
      case 'int':
        out.push(Math.floor(u * 11) - 5);
        break;
      case 'bool':
        out.push(u < 0.5 ? 1 : 0);
        break;
    }
  }
  return out;
}

const floatOf = (d: DType): DType => (d === 'float64' ? 'float64' : 'float32');
const promote = (ds: DType[]): DType => ds.reduce((a, b) => T.promoteTypes(a, b));

// ---- samples shared by families ----------------------------------------------------------------
const unarySamples = (domain: Domain = 'any'): Sample[] => [
  { inputs: [{ shape: [], domain }] },
  { inputs: [{ shape: [0], domain }] },
  { inputs: [{ shape: [1], domain }] },
  { inputs: [{ shape: [3, 4], domain }] },
  { inputs: [{ shape: [2, 0, 3], domain }] },
  { inputs: [{ shape: [2, 1, 3], domain, dtype: 'float64' }] },
];

const binarySamples = (domainB: Domain = 'any'): Sample[] => [
  { inputs: [{ shape: [3, 4] }, { shape: [3, 4], domain: domainB }] },
  { inputs: [{ shape: [3, 1] }, { shape: [1, 4], domain: domainB }], note: 'broadcast both' },
  { inputs: [{ shape: [4] }, { shape: [2, 3, 4], domain: domainB }], note: 'broadcast rank' },
  { inputs: [{ shape: [] }, { shape: [3], domain: domainB }], note: '0-d' },
  { inputs: [{ shape: [0, 3] }, { shape: [3], domain: domainB }], note: 'size 0' },
  { inputs: [{ shape: [1, 1] }, { shape: [1], domain: domainB }], note: 'size 1' },
  {
    inputs: [
      { shape: [2, 3], dtype: 'int32' },
      { shape: [2, 3], domain: domainB },
    ],
    note: 'int meets float',
  },
  {
    inputs: [
      { shape: [2, 3], dtype: 'float64' },
      { shape: [3], domain: domainB },
    ],
    note: 'float64 meets float32',
  },
];

function unary(
  name: string,
  run: (x: NDArray) => NDArray,
  f: (v: number) => number,
  opts: Partial<OpInfo> & { domain?: Domain; float?: boolean } = {},
): OpInfo {
  return {
    name,
    run: ([x]) => run(x!),
    ref: ([x]) => map(x!, f),
    samples: opts.samples ?? [
      ...unarySamples(opts.domain),
      ...(opts.float ? [{ inputs: [{ shape: [2, 3], dtype: 'int32' as DType }] }] : []),
    ],
    dtype: opts.float ? ([d]) => floatOf(d!) : undefined,
    tol: opts.tol,
  };
}

function binary(
  name: string,
  run: (a: NDArray, b: NDArray) => NDArray,
  f: (a: number, b: number) => number,
  opts: { domainB?: Domain; dtype?: OpInfo['dtype'] } = {},
): OpInfo {
  return {
    name,
    run: ([a, b]) => run(a!, b!),
    ref: ([a, b]) => zipWith([a!, b!], f),
    samples: binarySamples(opts.domainB),
    dtype: opts.dtype ?? ((ds) => promote(ds)),
  };
}

const compare = (
  name: string,
  run: (a: NDArray, b: NDArray) => NDArray,
  f: (a: number, b: number) => boolean,
): OpInfo => binary(name, run, (a, b) => (f(a, b) ? 1 : 0), { dtype: () => 'bool' });

function reduction(
  name: string,
  run: (x: NDArray, axis: number | number[] | undefined, keepdim: boolean) => NDArray,
  f: (v: number[]) => number,
  opts: { dtype?: OpInfo['dtype']; empty?: boolean; domain?: Domain } = {},
): OpInfo {
  const domain = opts.domain;
  const samples: Sample[] = [
    { inputs: [{ shape: [3, 4], domain }], args: [undefined, false] },
    { inputs: [{ shape: [3, 4], domain }], args: [0, false] },
    { inputs: [{ shape: [3, 4], domain }], args: [-1, true] },
    { inputs: [{ shape: [2, 3, 4], domain }], args: [[0, -1], false] },
    { inputs: [{ shape: [2, 3, 4], domain }], args: [[-2], true] },
    { inputs: [{ shape: [1], domain }], args: [0, false] },
    { inputs: [{ shape: [], domain }], args: [undefined, false] },
    { inputs: [{ shape: [2, 3], dtype: 'float64', domain }], args: [1, false] },
  ];
  if (opts.empty) {
    samples.push({ inputs: [{ shape: [0, 3] }], args: [0, false], note: 'reduce an empty axis' });
    samples.push({ inputs: [{ shape: [0, 3] }], args: [1, true], note: 'empty output' });
  }
  return {
    name,
    run: ([x], [axis, keepdim]) => run(x!, axis, keepdim),
    ref: ([x], [axis, keepdim]) =>
      reduceAxes(
        x!,
        axis === undefined ? undefined : typeof axis === 'number' ? [axis] : axis,
        keepdim,
        f,
      ),
    samples,
    dtype: opts.dtype,
  };
}

const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);
const meanOf = (v: number[]) => sumOf(v) / v.length;
const varOf = (v: number[], unbiased = true) => {
  const m = meanOf(v);
  return sumOf(v.map((x) => (x - m) ** 2)) / (v.length - (unbiased ? 1 : 0));
};
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const pyMod = (a: number, b: number) => a - Math.floor(a / b) * b;
const softmaxLane = (lane: number[]) => {
  const m = Math.max(...lane);
  const e = lane.map((v) => Math.exp(v - m));
  const s = sumOf(e);
  return e.map((v) => v / s);
};
const intOrFloat = (d: DType): DType => (d === 'float32' || d === 'float64' ? d : 'int32');

/** Reference matmul with torch.matmul semantics, via 2-D products. */
function matmulRef(a: Arr, b: Arr): Arr {
  const a2 = a.shape.length === 1 ? arr([1, a.shape[0]!], a.data) : a;
  const b2 = b.shape.length === 1 ? arr([b.shape[0]!, 1], b.data) : b;
  const batchA = a2.shape.slice(0, -2);
  const batchB = b2.shape.slice(0, -2);
  const nb = Math.max(batchA.length, batchB.length);
  const batch: number[] = [];
  for (let i = 0; i < nb; i++) {
    const x = batchA[batchA.length - nb + i] ?? 1;
    const y = batchB[batchB.length - nb + i] ?? 1;
    batch.push(Math.max(x, y));
  }
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const n = b2.shape[b2.shape.length - 1]!;
  const pick = (x: Arr, xb: number[], idx: number[], rows: number, cols: number): Arr => {
    const own = xb.map((d, j) => (d === 1 ? 0 : idx[idx.length - xb.length + j]!));
    const start = ravel([...own, 0, 0], x.shape);
    return arr([rows, cols], x.data.slice(start, start + rows * cols));
  };
  const data: number[] = [];
  for (let i = 0; i < size(batch); i++) {
    const idx = unravel(i, batch);
    data.push(...matmul2d(pick(a2, batchA, idx, m, k), pick(b2, batchB, idx, k, n)).data);
  }
  const shape = [
    ...batch,
    ...(a.shape.length === 1 ? [] : [m]),
    ...(b.shape.length === 1 ? [] : [n]),
  ];
  return arr(shape, data);
}

/** Reference conv2d: the defining sum, loop by loop. */
function conv2dRef(
  x: Arr,
  w: Arr,
  bias: Arr | undefined,
  o: { stride?: number; padding?: number | 'same' | 'valid'; dilation?: number; groups?: number },
): Arr {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [co, cg, kh, kw] = w.shape as [number, number, number, number];
  const s = o.stride ?? 1;
  const padSpec = o.padding ?? 0;
  const dl = o.dilation ?? 1;
  const groups = o.groups ?? 1;
  // torch's 'same': total padding dl * (k - 1), the odd unit after (bottom/right).
  const padTop =
    padSpec === 'same' ? Math.floor((dl * (kh - 1)) / 2) : padSpec === 'valid' ? 0 : padSpec;
  const padLeft =
    padSpec === 'same' ? Math.floor((dl * (kw - 1)) / 2) : padSpec === 'valid' ? 0 : padSpec;
  const oh = padSpec === 'same' ? h : Math.floor((h + 2 * padTop - dl * (kh - 1) - 1) / s) + 1;
  const ow = padSpec === 'same' ? wd : Math.floor((wd + 2 * padLeft - dl * (kw - 1) - 1) / s) + 1;
  const data: number[] = [];
  for (let b = 0; b < n; b++)
    for (let oc = 0; oc < co; oc++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          const g = Math.floor(oc / (co / groups));
          let acc = bias ? bias.data[oc]! : 0;
          for (let ci = 0; ci < cg; ci++)
            for (let a = 0; a < kh; a++)
              for (let bb = 0; bb < kw; bb++) {
                const y = i * s - padTop + a * dl;
                const xx = j * s - padLeft + bb * dl;
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                acc += get(x, [b, g * cg + ci, y, xx]) * get(w, [oc, ci, a, bb]);
              }
          data.push(acc);
        }
  void c;
  return arr([n, co, oh, ow], data);
}

export const OPS: OpInfo[] = [
  // ---- unary ----
  unary(
    'neg',
    (x) => x.neg(),
    (v) => -v,
  ),
  unary('abs', (x) => x.abs(), Math.abs),
  unary(
    'sign',
    (x) => x.sign(),
    (v) => (v > 0 ? 1 : v < 0 ? -1 : 0),
  ), // torch: sign(NaN) = 0
  unary('exp', (x) => x.exp(), Math.exp, { float: true }),
  unary('log', (x) => x.log(), Math.log, { domain: 'positive', float: true }),
  unary('log1p', (x) => x.log1p(), Math.log1p, { domain: 'positive', float: true }),
  unary('sqrt', (x) => x.sqrt(), Math.sqrt, { domain: 'positive', float: true }),
  unary(
    'rsqrt',
    (x) => x.rsqrt(),
    (v) => 1 / Math.sqrt(v),
    { domain: 'positive', float: true },
  ),
  unary('sin', (x) => x.sin(), Math.sin, { float: true }),
  unary('cos', (x) => x.cos(), Math.cos, { float: true }),
  unary('tanh', (x) => x.tanh(), Math.tanh, { float: true }),
  unary('sigmoid', (x) => x.sigmoid(), sigmoid, { float: true }),
  unary(
    'relu',
    (x) => x.relu(),
    (v) => Math.max(v, 0),
  ),
  unary(
    'gelu',
    (x) => x.gelu(),
    (v) => (v * (1 + erfRef(v / Math.SQRT2))) / 2,
    { float: true },
  ),
  unary('erf', (x) => x.erf(), erfRef, { float: true }),
  unary('floor', (x) => x.floor(), Math.floor),
  unary('ceil', (x) => x.ceil(), Math.ceil),
  unary('round', (x) => x.round(), roundHalfEven, {
    samples: [
      { inputs: [{ shape: [8], values: [0.5, 1.5, 2.5, -0.5, -1.5, 0.4, 2.6, -2.6] }] },
      ...unarySamples(),
    ],
  }),
  unary(
    'reciprocal',
    (x) => x.reciprocal(),
    (v) => 1 / v,
    { domain: 'positive', float: true },
  ),
  unary(
    'square',
    (x) => x.square(),
    (v) => v * v,
  ),
  {
    ...unary('isnan', (x) => x.isnan(), Number.isNaN as (v: number) => never),
    ref: ([x]) => map(x!, (v) => (Number.isNaN(v) ? 1 : 0)),
    dtype: () => 'bool',
    samples: [
      { inputs: [{ shape: [4], values: [NaN, 1, Infinity, -Infinity] }] },
      ...unarySamples(),
    ],
  },
  {
    ...unary(
      'isfinite',
      (x) => x.isfinite(),
      (v) => v,
    ),
    ref: ([x]) => map(x!, (v) => (Number.isFinite(v) ? 1 : 0)),
    dtype: () => 'bool',
    samples: [
      { inputs: [{ shape: [4], values: [NaN, 1, Infinity, -Infinity] }] },
      ...unarySamples(),
    ],
  },
  {
    ...unary(
      'logicalNot',
      (x) => x.logicalNot(),
      (v) => (v ? 0 : 1),
    ),
    dtype: () => 'bool',
    samples: [
      { inputs: [{ shape: [3, 2], dtype: 'bool' }] },
      { inputs: [{ shape: [4], values: [0, 2, -1, 0] }] },
    ],
  },
  {
    name: 'cast',
    run: ([x], [d]) => x!.cast(d),
    ref: ([x], [d]) =>
      map(x!, (v) => (d === 'int32' ? Math.trunc(v) : d === 'bool' ? (v ? 1 : 0) : v)),
    dtype: (_, [d]) => d,
    samples: [
      { inputs: [{ shape: [3, 4] }], args: ['int32'] },
      { inputs: [{ shape: [3, 4] }], args: ['bool'] },
      { inputs: [{ shape: [3, 4] }], args: ['float64'] },
      { inputs: [{ shape: [2, 3], dtype: 'int32' }], args: ['float32'] },
      { inputs: [{ shape: [0] }], args: ['int32'] },
    ],
  },
  {
    name: 'clamp',
    run: ([x], [lo, hi]) => x!.clamp(lo, hi),
    ref: ([x], [lo, hi]) => map(x!, (v) => Math.min(Math.max(v, lo ?? -Infinity), hi ?? Infinity)),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [-1, 1] },
      { inputs: [{ shape: [3, 4] }], args: [undefined, 0.5] },
      { inputs: [{ shape: [3, 4] }], args: [-0.5, undefined] },
      { inputs: [{ shape: [0, 2] }], args: [0, 1] },
    ],
  },

  // ---- binary ----
  binary(
    'add',
    (a, b) => a.add(b),
    (a, b) => a + b,
  ),
  binary(
    'sub',
    (a, b) => a.sub(b),
    (a, b) => a - b,
  ),
  binary(
    'mul',
    (a, b) => a.mul(b),
    (a, b) => a * b,
  ),
  binary(
    'div',
    (a, b) => a.div(b),
    (a, b) => a / b,
    { domainB: 'positive', dtype: (ds) => floatOf(promote(ds)) },
  ),
  binary(
    'pow',
    (a, b) => a.abs().pow(b),
    (a, b) => Math.abs(a) ** b,
    { domainB: 'small' },
  ),
  binary('maximum', (a, b) => a.maximum(b), Math.max),
  binary('minimum', (a, b) => a.minimum(b), Math.min),
  binary('mod', (a, b) => a.mod(b), pyMod, { domainB: 'positive' }),
  compare(
    'eq',
    (a, b) => a.eq(b),
    (a, b) => a === b,
  ),
  compare(
    'ne',
    (a, b) => a.ne(b),
    (a, b) => a !== b,
  ),
  compare(
    'lt',
    (a, b) => a.lt(b),
    (a, b) => a < b,
  ),
  compare(
    'le',
    (a, b) => a.le(b),
    (a, b) => a <= b,
  ),
  compare(
    'gt',
    (a, b) => a.gt(b),
    (a, b) => a > b,
  ),
  compare(
    'ge',
    (a, b) => a.ge(b),
    (a, b) => a >= b,
  ),
  compare(
    'logicalAnd',
    (a, b) => a.logicalAnd(b),
    (a, b) => Boolean(a) && Boolean(b),
  ),
  compare(
    'logicalOr',
    (a, b) => a.logicalOr(b),
    (a, b) => Boolean(a) || Boolean(b),
  ),
  compare(
    'logicalXor',
    (a, b) => a.logicalXor(b),
    (a, b) => Boolean(a) !== Boolean(b),
  ),
  {
    name: 'add scalar',
    run: ([x], [s]) => x!.add(s),
    ref: ([x], [s]) => map(x!, (v) => v + s),
    dtype: ([d], [s]) => T.resultType(d!, s),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [2] },
      { inputs: [{ shape: [3], dtype: 'int32' }], args: [2] },
      {
        inputs: [{ shape: [3], dtype: 'int32' }],
        args: [0.5],
        note: 'non-integer scalar makes float32',
      },
      { inputs: [{ shape: [3], dtype: 'float64' }], args: [0.5] },
    ],
  },
  {
    name: 'rsub scalar',
    run: ([x], [s]) => T.sub(s, x!),
    ref: ([x], [s]) => map(x!, (v) => s - v),
    samples: [{ inputs: [{ shape: [2, 2] }], args: [1] }],
  },
  {
    name: 'where',
    run: ([c, a, b]) => T.where(c!, a!, b!),
    ref: ([c, a, b]) => zipWith([c!, a!, b!], (cv, av, bv) => (cv ? av : bv)),
    dtype: ([, a, b]) => promote([a!, b!]),
    samples: [
      { inputs: [{ shape: [3, 4], dtype: 'bool' }, { shape: [3, 4] }, { shape: [3, 4] }] },
      {
        inputs: [{ shape: [3, 1], dtype: 'bool' }, { shape: [4] }, { shape: [] }],
        note: 'broadcast all three',
      },
      { inputs: [{ shape: [0], dtype: 'bool' }, { shape: [0] }, { shape: [1] }] },
      { inputs: [{ shape: [2], dtype: 'bool' }, { shape: [2], dtype: 'int32' }, { shape: [2] }] },
    ],
  },
  {
    name: 'maskedFill',
    run: ([x, m], [v]) => x!.maskedFill(m!, v),
    ref: ([x, m], [v]) => zipWith([x!, m!], (xv, mv) => (mv ? v : xv)),
    samples: [
      { inputs: [{ shape: [3, 4] }, { shape: [3, 4], dtype: 'bool' }], args: [-1e9] },
      { inputs: [{ shape: [2, 3, 4] }, { shape: [1, 4], dtype: 'bool' }], args: [7] },
      {
        inputs: [
          { shape: [3], dtype: 'int32' },
          { shape: [3], dtype: 'bool' },
        ],
        args: [9],
      },
    ],
  },

  // ---- reductions ----
  reduction('sum', (x, a, k) => x.sum(a, k), sumOf, {
    empty: true,
    dtype: ([d]) => intOrFloat(d!),
  }),
  reduction('mean', (x, a, k) => x.mean(a, k), meanOf, { dtype: ([d]) => floatOf(d!) }),
  reduction(
    'prod',
    (x, a, k) => x.prod(a, k),
    (v) => v.reduce((p, q) => p * q, 1),
    { empty: true, domain: 'unit' },
  ),
  reduction(
    'max',
    (x, a, k) => x.max(a, k),
    (v) => Math.max(...v),
  ),
  reduction(
    'min',
    (x, a, k) => x.min(a, k),
    (v) => Math.min(...v),
  ),
  reduction(
    'var',
    (x, a, k) => x.var(a, { keepdim: k }),
    (v) => varOf(v),
    { dtype: ([d]) => floatOf(d!) },
  ),
  reduction(
    'std',
    (x, a, k) => x.std(a, { keepdim: k }),
    (v) => Math.sqrt(varOf(v)),
    { dtype: ([d]) => floatOf(d!) },
  ),
  reduction(
    'var biased',
    (x, a, k) => x.var(a, { unbiased: false, keepdim: k }),
    (v) => varOf(v, false),
  ),
  reduction(
    'logsumexp',
    (x, a, k) => x.logsumexp(a ?? [...x.shape.keys()], k),
    (v) => Math.log(sumOf(v.map(Math.exp))),
  ),
  reduction(
    'norm',
    (x, a, k) => x.norm(2, a, k),
    (v) => Math.sqrt(sumOf(v.map((q) => q * q))),
  ),
  reduction(
    'norm1',
    (x, a, k) => x.norm(1, a, k),
    (v) => sumOf(v.map(Math.abs)),
  ),
  reduction(
    'normInf',
    (x, a, k) => x.norm(Infinity, a, k),
    (v) => Math.max(...v.map(Math.abs)),
  ),
  reduction(
    'all',
    (x, a, k) => x.all(a, k),
    (v) => (v.every(Boolean) ? 1 : 0),
    { empty: true, dtype: () => 'bool', domain: 'bool' },
  ),
  reduction(
    'any',
    (x, a, k) => x.any(a, k),
    (v) => (v.some(Boolean) ? 1 : 0),
    { empty: true, dtype: () => 'bool', domain: 'bool' },
  ),
  {
    name: 'sum bool/int',
    run: ([x], [a]) => x!.sum(a),
    ref: ([x], [a]) => reduceAxes(x!, a === undefined ? undefined : [a], false, sumOf),
    dtype: () => 'int32',
    samples: [
      { inputs: [{ shape: [3, 4], dtype: 'bool' }], args: [1] },
      { inputs: [{ shape: [3, 4], dtype: 'int32' }], args: [undefined] },
    ],
  },
  ...(['argmax', 'argmin'] as const).map((name): OpInfo => ({
    name,
    run: ([x], [a, k]) => x![name](a, k),
    ref: ([x], [a, k]) => {
      const pick = (v: number[]) => {
        const best = name === 'argmax' ? Math.max(...v) : Math.min(...v);
        return v.indexOf(best);
      };
      if (a === undefined) {
        const r = pick(x!.data);
        return arr(k ? x!.shape.map(() => 1) : [], [r]);
      }
      return reduceAxes(x!, [a], k, pick);
    },
    dtype: () => 'int32',
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [undefined, false] },
      { inputs: [{ shape: [3, 4] }], args: [1, false] },
      { inputs: [{ shape: [2, 3, 4] }], args: [-2, true] },
      {
        inputs: [{ shape: [5], values: [1, 3, 3, 0, 0] }],
        args: [0, false],
        note: 'first index wins ties',
      },
      { inputs: [{ shape: [1] }], args: [0, false] },
    ],
  })),
  {
    name: 'cumsum',
    run: ([x], [a]) => x!.cumsum(a),
    ref: ([x], [a]) => lanes(x!, a, (lane) => lane.map((_, i) => sumOf(lane.slice(0, i + 1)))),
    dtype: ([d]) => intOrFloat(d!),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [1] },
      { inputs: [{ shape: [3, 4] }], args: [-2] },
      { inputs: [{ shape: [5], dtype: 'int32' }], args: [0] },
      { inputs: [{ shape: [0, 2] }], args: [0] },
    ],
  },
  {
    name: 'softmax',
    run: ([x], [a]) => x!.softmax(a),
    ref: ([x], [a]) => lanes(x!, a, softmaxLane),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [-1] },
      { inputs: [{ shape: [2, 3, 4] }], args: [1] },
      { inputs: [{ shape: [1] }], args: [0] },
      {
        inputs: [{ shape: [3], values: [1000, 1001, 1002] }],
        args: [0],
        note: 'large logits stay finite',
      },
      { inputs: [{ shape: [0, 3] }], args: [-1] },
    ],
  },
  {
    name: 'logSoftmax',
    run: ([x], [a]) => x!.logSoftmax(a),
    ref: ([x], [a]) =>
      lanes(x!, a, (lane) => {
        const m = Math.max(...lane);
        const lse = Math.log(sumOf(lane.map((v) => Math.exp(v - m))));
        return lane.map((v) => v - m - lse);
      }),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [-1] },
      { inputs: [{ shape: [2, 3, 4] }], args: [0] },
      { inputs: [{ shape: [3], values: [-1000, 0, 1000] }], args: [0], note: 'extreme logits' },
    ],
    tol: 1e-4,
  },

  // ---- linear algebra ----
  {
    name: 'matmul',
    run: ([a, b]) => a!.matmul(b!),
    ref: ([a, b]) => matmulRef(a!, b!),
    dtype: (ds) => promote(ds),
    samples: [
      { inputs: [{ shape: [2, 3] }, { shape: [3, 4] }] },
      { inputs: [{ shape: [3] }, { shape: [3] }], note: 'dot' },
      { inputs: [{ shape: [3] }, { shape: [3, 4] }], note: 'vector-matrix' },
      { inputs: [{ shape: [2, 3] }, { shape: [3] }], note: 'matrix-vector' },
      { inputs: [{ shape: [2, 2, 3] }, { shape: [3, 4] }], note: 'batched-broadcast' },
      { inputs: [{ shape: [2, 1, 2, 3] }, { shape: [3, 3, 2] }], note: 'batch dims broadcast' },
      { inputs: [{ shape: [3] }, { shape: [2, 3, 4] }], note: '1-D with batch' },
      { inputs: [{ shape: [0, 3] }, { shape: [3, 2] }], note: 'm = 0' },
      { inputs: [{ shape: [2, 0] }, { shape: [0, 2] }], note: 'k = 0 gives zeros' },
      {
        inputs: [
          { shape: [2, 3], dtype: 'int32' },
          { shape: [3, 2], dtype: 'int32' },
        ],
      },
      { inputs: [{ shape: [2, 3], dtype: 'float64' }, { shape: [3, 2] }] },
    ],
  },
  {
    name: 'conv2d',
    run: ([x, w, b], [o]) => T.conv2d(x!, w!, b ?? null, o),
    ref: ([x, w, b], [o]) => conv2dRef(x!, w!, b, o),
    samples: [
      { inputs: [{ shape: [1, 1, 4, 4] }, { shape: [1, 1, 3, 3] }], args: [{}] },
      {
        inputs: [{ shape: [2, 3, 5, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4] }],
        args: [{ padding: 1 }],
      },
      {
        inputs: [{ shape: [1, 2, 7, 6] }, { shape: [2, 2, 3, 2] }],
        args: [{ stride: 2, padding: 1, dilation: 2 }],
      },
      {
        inputs: [{ shape: [2, 4, 5, 5] }, { shape: [6, 2, 3, 3] }],
        args: [{ groups: 2, padding: 1 }],
      },
      {
        inputs: [{ shape: [1, 3, 4, 4] }, { shape: [3, 1, 3, 3] }, { shape: [3] }],
        args: [{ groups: 3, padding: 1 }],
        note: 'depthwise',
      },
      { inputs: [{ shape: [1, 2, 3, 3] }, { shape: [5, 2, 1, 1] }], args: [{}], note: '1x1' },
      {
        inputs: [{ shape: [1, 2, 5, 4] }, { shape: [3, 2, 3, 3] }],
        args: [{ padding: 'same' }],
        note: "'same', odd kernel",
      },
      {
        inputs: [{ shape: [1, 2, 5, 4] }, { shape: [3, 2, 2, 4] }],
        args: [{ padding: 'same' }],
        note: "'same', even kernel",
      },
      { inputs: [{ shape: [1, 2, 5, 4] }, { shape: [3, 2, 2, 2] }], args: [{ padding: 'valid' }] },
      {
        inputs: [{ shape: [1, 2, 7, 8] }, { shape: [2, 2, 2, 3] }],
        args: [{ padding: 'same', dilation: 3 }],
        note: "'same', dilation 3: total padding 3 (rows 1 + 2) and 6 (columns 3 + 3)",
      },
      {
        inputs: [{ shape: [2, 4, 5, 5] }, { shape: [4, 1, 2, 2] }, { shape: [4] }],
        args: [{ padding: 'same', groups: 4 }],
        note: "'same', depthwise, even kernel",
      },
    ],
    tol: 1e-4,
  },

  // ---- join / pad ----
  {
    name: 'cat',
    run: (xs, [a]) => T.cat(xs, a),
    ref: (xs, [a]) => catRef(xs, a),
    dtype: (ds) => promote(ds),
    samples: [
      { inputs: [{ shape: [2, 3] }, { shape: [1, 3] }], args: [0] },
      { inputs: [{ shape: [2, 3] }, { shape: [2, 1] }, { shape: [2, 2] }], args: [-1] },
      { inputs: [{ shape: [2, 0] }, { shape: [2, 2] }], args: [1] },
      {
        inputs: [1, 2, 1, 3, 1].map((n) => ({ shape: [n, 2] })),
        args: [0],
        note: 'five parts (joined as a tree)',
      },
      {
        inputs: [{ shape: [2, 2], dtype: 'int32' }, { shape: [1, 2] }],
        args: [0],
        note: 'dtype promotion',
      },
    ],
  },
  {
    name: 'stack',
    run: (xs, [a]) => T.stack(xs, a),
    ref: (xs, [a]) => {
      const nd = xs[0]!.shape.length + 1;
      const ax = a < 0 ? a + nd : a;
      return catRef(
        xs.map((x) => arr([...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)], x.data)),
        ax,
      );
    },
    samples: [
      { inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], args: [0] },
      { inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [2, 3] }], args: [-1] },
      { inputs: [{ shape: [] }, { shape: [] }], args: [0] },
    ],
  },
  {
    name: 'pad',
    run: ([x], [p, v]) => T.pad(x!, p, v),
    ref: ([x], [p, v]) => padRef(x!, p, v),
    samples: [
      { inputs: [{ shape: [2, 3] }], args: [[1, 2], 0] },
      { inputs: [{ shape: [1, 2, 3, 3] }], args: [[1, 1, 2, 0], -1] },
      { inputs: [{ shape: [2, 4] }], args: [[-1, 1, 0, 1], 5], note: 'negative pad crops' },
      { inputs: [{ shape: [0, 2] }], args: [[1, 1], 3] },
    ],
  },

  // ---- indexing ----
  {
    name: 'gather',
    run: ([x, i], [a]) => x!.gather(a, i!),
    ref: ([x, i], [a]) => {
      const nd = x!.shape.length;
      const ax = a < 0 ? a + nd : a;
      return arr(
        [...i!.shape],
        i!.data.map((v, f) =>
          get(
            x!,
            unravel(f, i!.shape).map((q, k) => (k === ax ? v : q)),
          ),
        ),
      );
    },
    samples: [
      {
        inputs: [{ shape: [3, 4] }, { shape: [3, 2], dtype: 'int32', values: [0, 3, 1, 1, 2, 0] }],
        args: [1],
      },
      {
        inputs: [
          { shape: [3, 4] },
          { shape: [2, 4], dtype: 'int32', values: [0, 1, 2, 0, 2, 2, 1, 0] },
        ],
        args: [-2],
      },
      { inputs: [{ shape: [3, 4] }, { shape: [0, 4], dtype: 'int32' }], args: [0] },
    ],
  },
  {
    name: 'scatterAdd',
    run: ([x, i, s], [a]) => x!.scatterAdd(a, i!, s!),
    ref: ([x, i, s], [a]) => {
      const nd = x!.shape.length;
      const ax = a < 0 ? a + nd : a;
      const out = [...x!.data];
      i!.data.forEach((v, f) => {
        const idx = unravel(f, i!.shape);
        out[
          ravel(
            idx.map((q, k) => (k === ax ? v : q)),
            x!.shape,
          )
        ]! += get(s!, idx);
      });
      return arr([...x!.shape], out);
    },
    samples: [
      {
        inputs: [
          { shape: [3] },
          { shape: [4], dtype: 'int32', values: [0, 0, 2, 0] },
          { shape: [4] },
        ],
        args: [0],
      },
      {
        inputs: [
          { shape: [2, 3] },
          { shape: [2, 2], dtype: 'int32', values: [2, 2, 0, 1] },
          { shape: [2, 2] },
        ],
        args: [-1],
      },
    ],
  },
  {
    name: 'indexSelect',
    run: ([x, i], [a]) => x!.indexSelect(a, i!),
    ref: ([x, i], [a]) => {
      const nd = x!.shape.length;
      const ax = a < 0 ? a + nd : a;
      const shape = x!.shape.map((d, k) => (k === ax ? i!.data.length : d));
      return arr(
        shape,
        Array.from({ length: size(shape) }, (_, f) =>
          get(
            x!,
            unravel(f, shape).map((q, k) => (k === ax ? i!.data[q]! : q)),
          ),
        ),
      );
    },
    samples: [
      { inputs: [{ shape: [3, 4] }, { shape: [3], dtype: 'int32', values: [2, 0, 2] }], args: [0] },
      {
        inputs: [{ shape: [2, 3, 4] }, { shape: [2], dtype: 'int32', values: [3, 1] }],
        args: [-1],
      },
      { inputs: [{ shape: [3, 4] }, { shape: [0], dtype: 'int32' }], args: [1] },
    ],
  },
  ...(['triu', 'tril'] as const).map((name): OpInfo => ({
    name,
    run: ([x], [k]) => x![name](k),
    ref: ([x], [k]) => {
      const n = x!.shape[x!.shape.length - 1]!;
      const m = x!.shape[x!.shape.length - 2]!;
      return arr(
        [...x!.shape],
        x!.data.map((v, f) => {
          const col = f % n;
          const row = Math.floor(f / n) % m;
          const keepIt = name === 'triu' ? col - row >= k : col - row <= k;
          return keepIt ? v : 0;
        }),
      );
    },
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [0] },
      { inputs: [{ shape: [2, 3, 3] }], args: [1] },
      { inputs: [{ shape: [4, 3] }], args: [-1] },
      { inputs: [{ shape: [2, 3], dtype: 'int32' }], args: [0] },
    ],
  })),
  {
    name: 'sort values',
    run: ([x], [a, d]) => x!.sort(a, d).values,
    ref: ([x], [a, d]) => lanes(x!, a, (lane) => [...lane].sort((p, q) => (d ? q - p : p - q))),
    samples: [
      { inputs: [{ shape: [3, 4] }], args: [-1, false] },
      { inputs: [{ shape: [3, 4] }], args: [0, true] },
      { inputs: [{ shape: [0, 4] }], args: [1, false] },
    ],
  },
  {
    name: 'sort indices',
    run: ([x], [a, d]) => x!.sort(a, d).indices,
    ref: ([x], [a, d]) =>
      lanes(x!, a, (lane) =>
        lane
          .map((_, i) => i)
          .sort((p, q) => (d ? lane[q]! - lane[p]! : lane[p]! - lane[q]!) || p - q),
      ),
    dtype: () => 'int32',
    samples: [
      {
        inputs: [{ shape: [6], values: [3, 1, 2, 1, 3, 0] }],
        args: [0, false],
        note: 'stable with ties',
      },
      {
        inputs: [{ shape: [6], values: [3, 1, 2, 1, 3, 0] }],
        args: [0, true],
        note: 'stable descending',
      },
      { inputs: [{ shape: [3, 4] }], args: [0, false] },
    ],
  },
  {
    name: 'topk',
    run: ([x], [k, a, largest]) => x!.topk(k, a, largest).values,
    ref: ([x], [k, a, largest]) =>
      lanes(x!, a, (lane) => [...lane].sort((p, q) => (largest ? q - p : p - q)).slice(0, k)),
    samples: [
      { inputs: [{ shape: [3, 5] }], args: [2, -1, true] },
      { inputs: [{ shape: [3, 5] }], args: [1, 0, false] },
      { inputs: [{ shape: [4] }], args: [0, 0, true] },
    ],
  },
  {
    name: 'sumToShape',
    run: ([x], [s]) => T.sumToShape(x!, s),
    ref: ([x], [s]) => {
      const lead = x!.shape.length - s.length;
      const axes = x!.shape
        .map((d, i) => i)
        .filter((i) => i < lead || (s[i - lead] === 1 && x!.shape[i] !== 1));
      return arr([...s], reduceAxes(x!, axes, false, sumOf).data);
    },
    samples: [
      { inputs: [{ shape: [2, 3, 4] }], args: [[3, 1]] },
      { inputs: [{ shape: [2, 3] }], args: [[2, 3]] },
      { inputs: [{ shape: [2, 3] }], args: [[]] },
      { inputs: [{ shape: [0, 3] }], args: [[1, 3]] },
    ],
  },
];

function catRef(xs: Arr[], a: number): Arr {
  const nd = xs[0]!.shape.length;
  const ax = a < 0 ? a + nd : a;
  const shape = [...xs[0]!.shape];
  shape[ax] = xs.reduce((s, x) => s + x.shape[ax]!, 0);
  const data = new Array<number>(size(shape)).fill(0);
  let at = 0;
  for (const x of xs) {
    x.data.forEach((v, f) => {
      const idx = unravel(f, x.shape);
      idx[ax]! += at;
      data[ravel(idx, shape)] = v;
    });
    at += x.shape[ax]!;
  }
  return arr(shape, data);
}

function padRef(x: Arr, pads: number[], value: number): Arr {
  const nd = x.shape.length;
  const before = x.shape.map(() => 0);
  const after = x.shape.map(() => 0);
  for (let i = 0; i < pads.length / 2; i++) {
    before[nd - 1 - i] = pads[2 * i]!;
    after[nd - 1 - i] = pads[2 * i + 1]!;
  }
  const shape = x.shape.map((d, i) => d + before[i]! + after[i]!);
  const data = new Array<number>(size(shape)).fill(value);
  x.data.forEach((v, f) => {
    const idx = unravel(f, x.shape).map((q, i) => q + before[i]!);
    if (idx.every((q, i) => q >= 0 && q < shape[i]!)) data[ravel(idx, shape)] = v;
  });
  return arr(shape, data);
}
