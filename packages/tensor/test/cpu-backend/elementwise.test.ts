import { afterAll, describe, expect, test } from 'vitest';
import {
  BINARY_OPS,
  UNARY_OPS,
  type BinaryOp,
  type DType,
  type UnaryOp,
} from '../../src/backend/backend.js';
import { erf as erfScalar } from '../../src/backend/cpu/erf.js';
import {
  cpu,
  DTYPES,
  expectClose,
  LAYOUTS,
  read,
  release,
  rng,
  sample,
  sizeOf,
  storeAs,
  take,
  unravel,
  viewOf,
} from './helpers.js';

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 2.5, -2.5, 1, -1];

/** Plain scalar definitions of every unary op, as torch defines them. */
const UNARY_REFERENCE: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), // torch.sign: NaN and -0 give +0
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x < 0 ? 0 : x), // torch's rule: NaN and -0 pass through
  gelu: () => NaN, // checked against known values in erf.test.ts
  geluGrad: () => NaN, // likewise
  erf: () => NaN,
  floor: Math.floor,
  ceil: Math.ceil,
  round: (x) => {
    const f = Math.floor(x);
    const diff = x - f;
    if (diff < 0.5) return f;
    if (diff > 0.5) return f + 1;
    return f % 2 === 0 ? f : f + 1;
  },
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
  not: (x) => (x === 0 ? 1 : 0),
};

const BINARY_REFERENCE: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => (b === 0 || a === 1 ? 1 : Math.pow(a, b)),
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? a : b),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? a : b),
  // torch.remainder's definition: fmod, then shifted by b when the signs differ (exact for inf b).
  mod: (a, b) => {
    const r = a % b;
    return r !== 0 && r < 0 !== b < 0 ? r + b : r;
  },
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  and: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  or: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  xor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
};

const PREDICATES = new Set<string>([
  'isnan',
  'isfinite',
  'not',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'xor',
]);
const SHAPES = [[], [0], [1], [5], [2, 3], [3, 1, 4], [2, 0, 3], [2, 3, 4, 2]];

/** The output dtype the op layer would ask for. */
function outDtypeOf(op: string, dtype: DType): DType {
  if (PREDICATES.has(op)) return 'bool';
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  const integerSafe = [
    'neg',
    'abs',
    'sign',
    'square',
    'add',
    'sub',
    'mul',
    'maximum',
    'minimum',
    'mod',
  ];
  return integerSafe.includes(op) ? 'int32' : 'float32';
}

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

describe('unary', () => {
  const ops = UNARY_OPS.filter((op) => op !== 'gelu' && op !== 'geluGrad' && op !== 'erf');
  for (const op of ops) {
    test(`${op}: every dtype, layout and shape matches the scalar reference`, () => {
      const random = rng(7);
      for (const dtype of DTYPES) {
        const outDtype = outDtypeOf(op, dtype);
        for (const shape of SHAPES) {
          for (const layout of LAYOUTS) {
            const x = sample(shape, dtype, layout, random, SPECIALS);
            const expected: number[] = [];
            for (let i = 0; i < sizeOf(shape); i++) {
              expected.push(storeAs(outDtype, UNARY_REFERENCE[op](read(x, unravel(i, shape)))));
            }
            const actual = take(cpu.unary(op, x.view, outDtype), shape);
            expectClose(actual, expected, 0, `${op} ${dtype} [${shape}] ${layout}`);
            release(x);
          }
        }
      }
    });
  }

  test('gelu and erf run through the same strided iteration', () => {
    const random = rng(3);
    const x = sample([3, 4], 'float64', 'transposed', random);
    const gelu = take(cpu.unary('gelu', x.view, 'float64'), [3, 4]);
    const erf = take(cpu.unary('erf', x.view, 'float64'), [3, 4]);
    for (let i = 0; i < 12; i++) {
      const v = read(x, unravel(i, [3, 4]));
      expect(erf[i]).toBe(erfScalar(v));
      expect(gelu[i]).toBeCloseTo(0.5 * v * (1 + erfScalar(v * Math.SQRT1_2)), 14);
    }
    release(x);
  });

  test('round is half to even and keeps NaN; relu keeps NaN; sign(NaN) is 0 as in torch', () => {
    const data = cpu.upload([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, NaN], 'float64');
    const v = viewOf(data, [7]);
    expect(take(cpu.unary('round', v, 'float64'), [7])).toEqual([0, 2, 2, -0, -2, -2, NaN]);
    expect(take(cpu.unary('relu', v, 'float64'), [7])).toEqual([0.5, 1.5, 2.5, 0, 0, 0, NaN]);
    expect(take(cpu.unary('sign', v, 'float64'), [7])).toEqual([1, 1, 1, -1, -1, -1, 0]);
    cpu.dispose(data);
  });

  test('int32 neg and square wrap as int32', () => {
    const data = cpu.upload([-2147483648, 65536, 46341], 'int32');
    const v = viewOf(data, [3]);
    expect(take(cpu.unary('neg', v, 'int32'), [3])).toEqual([-2147483648, -65536, -46341]);
    expect(take(cpu.unary('square', v, 'int32'), [3])).toEqual([0, 0, -2147479015]);
    cpu.dispose(data);
  });

  test('float32 results are rounded once from the double result', () => {
    const data = cpu.upload([0.1, 1e-3], 'float32');
    const out = take(cpu.unary('exp', viewOf(data, [2]), 'float32'), [2]);
    expect(out).toEqual([
      Math.fround(Math.exp(Math.fround(0.1))),
      Math.fround(Math.exp(Math.fround(1e-3))),
    ]);
    cpu.dispose(data);
  });
});

describe('binary', () => {
  for (const op of BINARY_OPS) {
    test(`${op}: dtypes, layouts (incl. broadcast against each other) and shapes`, () => {
      const random = rng(11);
      for (const dtype of DTYPES) {
        const outDtype = outDtypeOf(op, dtype);
        for (const shape of SHAPES) {
          for (let l = 0; l < LAYOUTS.length; l++) {
            const a = sample(shape, dtype, LAYOUTS[l], random, SPECIALS);
            const b = sample(shape, dtype, LAYOUTS[(l + 2) % LAYOUTS.length], random, SPECIALS);
            const expected: number[] = [];
            for (let i = 0; i < sizeOf(shape); i++) {
              const index = unravel(i, shape);
              const ref = BINARY_REFERENCE[op](read(a, index), read(b, index));
              // mod by zero of ints has no defined value in torch (it raises); skip those.
              expected.push(storeAs(outDtype, ref));
            }
            const actual = take(cpu.binary(op, a.view, b.view, outDtype), shape);
            if (op === 'mod' && dtype !== 'float32' && dtype !== 'float64') {
              const defined = expected.map((_, i) => read(b, unravel(i, shape)) !== 0);
              expectClose(
                actual.filter((_, i) => defined[i]),
                expected.filter((_, i) => defined[i]),
                0,
              );
            } else {
              expectClose(actual, expected, 0, `${op} ${dtype} [${shape}] ${LAYOUTS[l]}`);
            }
            release(a, b);
          }
        }
      }
    });
  }

  test('mod takes the sign of the divisor (Python floor mod)', () => {
    const a = cpu.upload([5, -5, 5, -5, 7.5, 0], 'float64');
    const b = cpu.upload([3, 3, -3, -3, -2, -3], 'float64');
    expect(take(cpu.binary('mod', viewOf(a, [6]), viewOf(b, [6]), 'float64'), [6])).toEqual([
      2, 1, -1, -2, -0.5, 0,
    ]);
    cpu.dispose(a);
    cpu.dispose(b);
  });

  test('int32 add, sub and mul wrap as int32', () => {
    const a = cpu.upload([2147483647, -2147483648, 123456789], 'int32');
    const b = cpu.upload([1, 1, 987654321], 'int32');
    const [va, vb] = [viewOf(a, [3]), viewOf(b, [3])];
    expect(take(cpu.binary('add', va, vb, 'int32'), [3])).toEqual([
      -2147483648, -2147483647, 1111111110,
    ]);
    expect(take(cpu.binary('sub', va, vb, 'int32'), [3])).toEqual([
      2147483646, 2147483647, -864197532,
    ]);
    // 123456789 * 987654321 = 121932631112635269, whose low 32 bits are -67153019 as int32.
    expect(take(cpu.binary('mul', va, vb, 'int32'), [3])).toEqual([
      2147483647, -2147483648, -67153019,
    ]);
    cpu.dispose(a);
    cpu.dispose(b);
  });

  test('pow follows C for 1^NaN and (-1)^inf; maximum/minimum propagate NaN', () => {
    const a = cpu.upload([1, -1, NaN, 2, NaN, 3], 'float64');
    const b = cpu.upload([NaN, Infinity, 0, 10, 1, NaN], 'float64');
    const [va, vb] = [viewOf(a, [6]), viewOf(b, [6])];
    expect(take(cpu.binary('pow', va, vb, 'float64'), [6])).toEqual([1, 1, 1, 1024, NaN, NaN]);
    expect(take(cpu.binary('maximum', va, vb, 'float64'), [6])).toEqual([
      NaN,
      Infinity,
      NaN,
      10,
      NaN,
      NaN,
    ]);
    expect(take(cpu.binary('minimum', va, vb, 'float64'), [6])).toEqual([
      NaN,
      -1,
      NaN,
      2,
      NaN,
      NaN,
    ]);
    cpu.dispose(a);
    cpu.dispose(b);
  });

  test('arithmetic asked for a bool result stores value != 0, not a wrapped byte', () => {
    const a = cpu.upload([1, 1, 0, 0], 'bool');
    const b = cpu.upload([1, 0, 1, 0], 'bool');
    const [va, vb] = [viewOf(a, [4]), viewOf(b, [4])];
    expect(take(cpu.binary('add', va, vb, 'bool'), [4])).toEqual([1, 1, 1, 0]);
    expect(take(cpu.binary('sub', va, vb, 'bool'), [4])).toEqual([0, 1, 1, 0]);
    expect(take(cpu.binary('mul', va, vb, 'bool'), [4])).toEqual([1, 0, 0, 0]);
    expect(take(cpu.unary('neg', va, 'bool'), [4])).toEqual([1, 1, 0, 0]);
    cpu.dispose(a);
    cpu.dispose(b);
  });

  test('operands of different dtypes are read as numbers and stored as outDtype', () => {
    const ints = cpu.upload([1, -2, 3], 'int32');
    const floats = cpu.upload([0.5, 0.25, -1.5], 'float64');
    const bools = cpu.upload([1, 0, 1], 'bool');
    const [vi, vf, vb] = [viewOf(ints, [3]), viewOf(floats, [3]), viewOf(bools, [3])];
    expect(take(cpu.binary('add', vi, vf, 'float64'), [3])).toEqual([1.5, -1.75, 1.5]);
    expect(take(cpu.binary('mul', vb, vf, 'float32'), [3])).toEqual([0.5, 0, -1.5]);
    expect(take(cpu.binary('gt', vf, vb, 'bool'), [3])).toEqual([0, 1, 0]);
    for (const data of [ints, floats, bools]) cpu.dispose(data);
  });

  test('mismatched shapes are an error naming the op and shapes', () => {
    const a = cpu.upload([1, 2, 3], 'float32');
    const b = cpu.upload([1, 2], 'float32');
    expect(() => cpu.binary('add', viewOf(a, [3]), viewOf(b, [2]), 'float32')).toThrow(
      'binary add: operands must have identical (already broadcast) shapes, received [3] and [2]',
    );
    cpu.dispose(a);
    cpu.dispose(b);
  });
});

describe('where', () => {
  test('selects per element across dtypes and layouts', () => {
    const random = rng(5);
    for (const dtype of DTYPES) {
      for (const shape of SHAPES) {
        for (let l = 0; l < LAYOUTS.length; l++) {
          const c = sample(shape, 'bool', LAYOUTS[(l + 1) % LAYOUTS.length], random);
          const a = sample(shape, dtype, LAYOUTS[l], random, SPECIALS);
          const b = sample(shape, dtype, LAYOUTS[(l + 3) % LAYOUTS.length], random, SPECIALS);
          const expected: number[] = [];
          for (let i = 0; i < sizeOf(shape); i++) {
            const index = unravel(i, shape);
            expected.push(read(c, index) ? read(a, index) : read(b, index));
          }
          expectClose(
            take(cpu.where(c.view, a.view, b.view, dtype), shape),
            expected,
            0,
            `${dtype} ${LAYOUTS[l]}`,
          );
          release(c, a, b);
        }
      }
    }
  });
});
