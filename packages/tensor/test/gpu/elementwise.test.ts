/**
 * Elementwise primitives (unary, binary, where, copy/cast, fill) against the cpu backend on
 * random strided views: permuted, stepped, flipped (negative strides), broadcast (stride 0)
 * and offset. Tolerances are float32's: rtol 1e-5 for exact-by-IEEE ops, looser where the
 * gpu computes a transcendental with its own approximation (stated per op).
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  BINARY_OPS,
  UNARY_OPS,
  type BinaryOp,
  type DType,
  type UnaryOp,
  type View,
} from '../../src/backend/backend.js';
import { cpu, disposePairs, expectSame, gpuUnderTest, randomPair, rng } from './harness.js';

const gpu = gpuUnderTest();
afterAll(() => expect(gpu.memory().buffers).toBe(0));

const SHAPES = [[7], [3, 5], [2, 3, 4], [2, 1, 3, 2], [2, 2, 2, 2, 3], [1, 2, 1, 2, 2, 3]];

/** Inputs each unary op is defined on (the domain where cpu and gpu should agree). */
function unaryInput(op: UnaryOp, random: () => number): (size: number) => number[] {
  return (size) =>
    Array.from({ length: size }, () => {
      const x = random() * 8 - 4;
      if (op === 'log' || op === 'sqrt' || op === 'rsqrt') return Math.abs(x) + 0.01;
      if (op === 'log1p') return random() < 0.3 ? (random() - 0.5) * 1e-5 : Math.abs(x);
      if (op === 'round') return random() < 0.3 ? Math.floor(x) + 0.5 : x;
      if (op === 'isnan' || op === 'isfinite')
        return random() < 0.3 ? NaN : random() < 0.3 ? Infinity : x;
      if (op === 'not') return random() < 0.5 ? 0 : x;
      if (op === 'tanh' || op === 'erf' || op === 'gelu') return random() < 0.2 ? x * 1e-3 : x * 2;
      return x;
    });
}

/** Float32 math on the gpu vs the cpu's float64-then-rounded: transcendentals differ by ulps. */
const UNARY_TOLERANCE: Partial<Record<UnaryOp, { rtol: number; atol: number }>> = {
  exp: { rtol: 1e-5, atol: 1e-6 },
  sin: { rtol: 1e-5, atol: 1e-6 },
  cos: { rtol: 1e-5, atol: 1e-6 },
  erf: { rtol: 1e-6, atol: 2e-7 },
  gelu: { rtol: 1e-5, atol: 1e-6 },
};

const boolOut = (op: UnaryOp | BinaryOp): boolean =>
  ['isnan', 'isfinite', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'and', 'or', 'xor'].includes(op);

describe('unary', () => {
  test.each(UNARY_OPS.map((op) => [op]))('%s on random strided views matches cpu', (op) => {
    const random = rng(op.length * 7919);
    for (const shape of SHAPES) {
      const x = randomPair(gpu, random, shape, 'float32', 'strided', unaryInput(op, random));
      const out: DType = boolOut(op) ? 'bool' : 'float32';
      expectSame(
        gpu,
        gpu.unary(op, x.gpu, out),
        cpu.unary(op, x.cpu, out),
        shape,
        UNARY_TOLERANCE[op],
      );
      disposePairs(gpu, x);
    }
  });

  test.each([['sin'], ['cos']] as const)('%s keeps float32 accuracy for large arguments', (op) => {
    // The kernel reduces the argument itself (GLSL's sin/cos accuracy is the driver's:
    // SwiftShader measured 1.9e-4 relative error before this).
    const random = rng(77);
    const values = (n: number) =>
      Array.from({ length: n }, () => (random() - 0.5) * (random() < 0.1 ? 20000 : 200));
    const x = randomPair(gpu, random, [5, 40], 'float32', 'contiguous', values);
    expectSame(gpu, gpu.unary(op, x.gpu, 'float32'), cpu.unary(op, x.cpu, 'float32'), [5, 40], {
      rtol: 1e-5,
      atol: 2e-6,
    });
    disposePairs(gpu, x);
  });

  test('int32 inputs keep int32 results exact', () => {
    const random = rng(3);
    for (const op of ['neg', 'abs', 'sign', 'square'] as const) {
      const x = randomPair(gpu, random, [4, 5], 'int32');
      expectSame(gpu, gpu.unary(op, x.gpu, 'int32'), cpu.unary(op, x.cpu, 'int32'), [4, 5], {
        rtol: 0,
        atol: 0,
      });
      disposePairs(gpu, x);
    }
  });
});

describe('binary', () => {
  test.each(BINARY_OPS.map((op) => [op]))('%s on random strided views matches cpu', (op) => {
    const random = rng(op.length * 104729);
    for (const shape of SHAPES) {
      const logical = op === 'and' || op === 'or' || op === 'xor';
      const dtype: DType = logical ? 'bool' : 'float32';
      const a = randomPair(gpu, random, shape, dtype);
      const b = randomPair(gpu, random, shape, dtype, 'strided', (n) =>
        Array.from({ length: n }, () => {
          if (logical) return random() < 0.5 ? 1 : 0;
          if (op === 'pow') return Math.round(random() * 6 - 3) / (random() < 0.5 ? 1 : 2);
          if (op === 'div' || op === 'mod')
            return (random() < 0.5 ? -1 : 1) * (0.25 + random() * 2);
          return random() < 0.2 ? 0.5 : random() * 4 - 2;
        }),
      );
      const out: DType = boolOut(op) ? 'bool' : 'float32';
      expectSame(gpu, gpu.binary(op, a.gpu, b.gpu, out), cpu.binary(op, a.cpu, b.cpu, out), shape, {
        rtol: op === 'pow' ? 2e-5 : 1e-5,
        atol: 1e-5,
      });
      disposePairs(gpu, a, b);
    }
  });

  test.each([['add'], ['sub'], ['mul'], ['maximum'], ['minimum'], ['mod'], ['pow']] as const)(
    '%s of int32 is exact',
    (op) => {
      const random = rng(11);
      const a = randomPair(gpu, random, [3, 4], 'int32');
      const b = randomPair(gpu, random, [3, 4], 'int32', 'strided', (n) =>
        Array.from({ length: n }, () =>
          op === 'pow' ? Math.floor(random() * 4) : Math.floor(random() * 9) - 4 || 3,
        ),
      );
      expectSame(
        gpu,
        gpu.binary(op, a.gpu, b.gpu, 'int32'),
        cpu.binary(op, a.cpu, b.cpu, 'int32'),
        [3, 4],
        {
          rtol: 0,
          atol: 0,
        },
      );
      disposePairs(gpu, a, b);
    },
  );

  test('broadcasting through zero strides', () => {
    // [3, 1] + [1, 4] expanded to [3, 4]
    const random = rng(5);
    const a = randomPair(gpu, random, [3, 1], 'float32', 'contiguous');
    const b = randomPair(gpu, random, [1, 4], 'float32', 'contiguous');
    const expand = (v: View, strides: number[]): View => ({ ...v, shape: [3, 4], strides });
    const onGpu = gpu.binary('add', expand(a.gpu, [1, 0]), expand(b.gpu, [0, 1]), 'float32');
    const onCpu = cpu.binary('add', expand(a.cpu, [1, 0]), expand(b.cpu, [0, 1]), 'float32');
    expectSame(gpu, onGpu, onCpu, [3, 4]);
    disposePairs(gpu, a, b);
  });
});

describe('where, copy, fill', () => {
  test('where on random views', () => {
    const random = rng(17);
    for (const shape of SHAPES) {
      const c = randomPair(gpu, random, shape, 'bool');
      const a = randomPair(gpu, random, shape);
      const b = randomPair(gpu, random, shape);
      expectSame(
        gpu,
        gpu.where(c.gpu, a.gpu, b.gpu, 'float32'),
        cpu.where(c.cpu, a.cpu, b.cpu, 'float32'),
        shape,
      );
      disposePairs(gpu, c, a, b);
    }
  });

  test.each([
    ['float32', 'int32'],
    ['float32', 'bool'],
    ['int32', 'float32'],
    ['bool', 'float32'],
    ['int32', 'bool'],
    ['float32', 'float32'],
  ] as const)('copy %s → %s (cast) on random views', (from, to) => {
    const random = rng(23);
    for (const shape of SHAPES) {
      const x = randomPair(gpu, random, shape, from, 'strided', (n) =>
        Array.from({ length: n }, () =>
          from === 'float32'
            ? random() < 0.2
              ? 0
              : random() * 20 - 10
            : Math.floor(random() * 7) - 3,
        ).map((v) => (from === 'bool' ? (v > 0 ? 1 : 0) : v)),
      );
      expectSame(gpu, gpu.copy(x.gpu, to), cpu.copy(x.cpu, to), shape, { rtol: 0, atol: 0 });
      disposePairs(gpu, x);
    }
  });

  test('fill of each dtype, and of size 0', () => {
    for (const [value, dtype] of [
      [2.5, 'float32'],
      [-3, 'int32'],
      [1, 'bool'],
    ] as const) {
      expectSame(gpu, gpu.fill(5, value, dtype), cpu.fill(5, value, dtype), [5], {
        rtol: 0,
        atol: 0,
      });
    }
    const empty = gpu.fill(0, 1, 'float32');
    expect(gpu.download({ data: empty, shape: [0], strides: [1], offset: 0 })).toEqual(
      new Float32Array(0),
    );
    gpu.dispose(empty);
  });

  test('download of a strided view matches cpu', () => {
    const random = rng(29);
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const x = randomPair(gpu, random, [3, 2, 4], dtype);
      expect(gpu.download(x.gpu)).toEqual(cpu.download(x.cpu));
      disposePairs(gpu, x);
    }
  });
});
