/**
 * Property: every elementwise op, on random views (permuted, strided and reversed slices,
 * narrowed, expanded, flipped) of random shapes (rank 0–4, dims 0–5), broadcast against each
 * other or against a number, gives the naive float64 reference's shape, dtype and values.
 * On the cpu always, in float64, float32 and int32/bool; on the gpu when it can start (float32,
 * int32, bool; fewer runs).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as T from '@tensorgrad/tensor';
import type { DType, NDArray } from '@tensorgrad/tensor';
import {
  BINARY,
  F32_EPS,
  UNARY,
  backendsUnderTest,
  binaryDtype,
  expectValues,
  naiveBroadcast,
  promoted,
  runOptions,
  unaryDtype,
  type BackendUnderTest,
} from './naive-ops.js';
import {
  type Host,
  broadcastPairArb,
  describeChain,
  inputArb,
  materialize,
  shapeArb,
} from './random-views.js';

/** Rounds reference values to what a tensor of `dtype` can hold. */
function storedAs(host: Host, dtype: DType): Host {
  if (dtype !== 'float32') return host;
  return { shape: host.shape, data: host.data.map(Math.fround) };
}

/** Tolerance for an op's result of `dtype` on `backend`; `approx` for transcendental ops. */
function toleranceFor(
  backend: BackendUnderTest,
  dtype: DType,
  approx: boolean,
): { rtol: number; atol: number } {
  if (dtype === 'int32' || dtype === 'bool') return { rtol: 0, atol: 0 };
  if (dtype === 'float64') return approx ? { rtol: 1e-12, atol: 1e-13 } : { rtol: 1e-15, atol: 0 };
  // float32 on the cpu: computed in float64 and rounded once, like the rounded reference.
  if (backend.name === 'cpu') return { rtol: 2 * F32_EPS, atol: approx ? 1e-12 : 0 };
  // float32 on the gpu: GLSL's own exp/log/sin and the kernels' polynomial erf; and GPUs flush
  // subnormal float32 results to zero (a result below 2^-126 may read as ±0).
  return approx ? { rtol: 2e-5, atol: 2e-6 } : { rtol: 4 * F32_EPS, atol: 2 ** -126 };
}

const BACKENDS = backendsUnderTest();
const LOGICAL = new Set(['logicalAnd', 'logicalOr', 'logicalXor']);

describe.each(BACKENDS)('elementwise ops on random views ($name)', (backend) => {
  beforeAll(() => T.setBackend(backend.name));
  afterAll(() => T.setBackend('cpu'));
  const runs = (n: number): number => Math.max(5, Math.round(n * backend.runScale));

  const unaryCase = fc
    .record({
      dtype: fc.constantFrom<DType>(...backend.floatDtypes, 'int32'),
      shape: shapeArb(),
    })
    .chain(({ dtype, shape }) => fc.record({ dtype: fc.constant(dtype), input: inputArb(shape) }));

  const unaryOps = Object.keys(UNARY);
  test.each(unaryOps)('%s matches the naive reference', (op) => {
    const { f, kind, approx } = UNARY[op]!;
    const before = T.memory();
    fc.assert(
      fc.property(unaryCase, ({ dtype, input }) => {
        T.tidy(() => {
          const { x, host } = materialize(input, dtype);
          const y = (x as unknown as Record<string, () => NDArray>)[op]!.call(x);
          const outDtype = unaryDtype(kind, dtype);
          const what = `${op} of ${dtype} ${describeChain(input.chain)}`;
          expect(y.backend, what).toBe(backend.name);
          expect(y.dtype, what).toBe(outDtype);
          expect([...y.shape], what).toEqual(host.shape);
          const want = storedAs({ shape: host.shape, data: host.data.map(f) }, outDtype);
          expectValues(y.data(), want, toleranceFor(backend, outDtype, approx === true), what);
        });
      }),
      runOptions(1400 + unaryOps.indexOf(op), runs(100)),
    );
    expect(T.memory().tensors).toBe(before.tensors);
  });

  /** Operand dtypes an op accepts here: floats only for pow and mod, bool for logic. */
  function dtypesFor(op: string): DType[] {
    const { kind, ints } = BINARY[op]!;
    if (ints === false) return [...backend.floatDtypes];
    return [...backend.floatDtypes, 'int32', ...(kind === 'bool' ? ['bool' as const] : [])];
  }

  /**
   * Numbers the gpu is not asked about: subnormals (GPUs flush float32 subnormals to zero,
   * inputs included), sent as the zero of their sign instead. ±0 themselves are kept: the
   * gpu's fill sends a zero's sign apart from its magnitude, past gpu.js's uniform cache.
   */
  const forBackend = (v: number): number =>
    backend.name === 'gpu' && v !== 0 && Math.abs(v) < 2 ** -126 ? (v < 0 ? -0 : 0) : v;
  const scalarArb = fc
    .oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.constantFrom(NaN, Infinity, -Infinity, 0.5, -0, 2.5),
    )
    .map(forBackend);

  const binaryCase = (op: string) =>
    fc
      .record({
        dtypeA: fc.constantFrom(...dtypesFor(op)),
        dtypeB: fc.constantFrom(...dtypesFor(op)),
        shapes: broadcastPairArb(),
        // 0: tensor ∘ tensor, 1: tensor ∘ number, 2: number ∘ tensor
        form: fc.constantFrom(0, 0, 1, 2),
        scalar: scalarArb,
      })
      .chain((c) =>
        fc.record({
          c: fc.constant({ ...c, op }),
          a: inputArb(c.shapes.a),
          b: inputArb(c.shapes.b),
        }),
      );

  const binaryOps = Object.keys(BINARY);
  test.each(binaryOps)('%s with broadcasting matches the naive reference', (op) => {
    const before = T.memory();
    fc.assert(
      fc.property(binaryCase(op), ({ c, a, b }) => {
        T.tidy(() => {
          const { f, kind, approx } = BINARY[c.op]!;
          const fn = (T as unknown as Record<string, (p: unknown, q: unknown) => NDArray>)[c.op]!;
          const tensorA = materialize(a, c.dtypeA);
          let y: NDArray;
          let hostB: Host;
          let outDtype: DType;
          if (c.form === 0) {
            const tensorB = materialize(b, c.dtypeB);
            y = fn(tensorA.x, tensorB.x);
            hostB = tensorB.host;
            outDtype = binaryDtype(kind, c.dtypeA, c.dtypeB);
          } else {
            y = c.form === 1 ? fn(tensorA.x, c.scalar) : fn(c.scalar, tensorA.x);
            // A number takes the tensor's dtype, but a fraction meeting ints computes in float32.
            const isFloat = c.dtypeA === 'float32' || c.dtypeA === 'float64';
            const compute: DType = isFloat
              ? c.dtypeA
              : Number.isInteger(c.scalar)
                ? promoted(c.dtypeA, 'int32')
                : 'float32';
            // Logical ops read a number's truth as it is; the others round it to the dtype.
            const rounded = compute === 'float32' && !LOGICAL.has(c.op);
            hostB = { shape: [], data: [rounded ? Math.fround(c.scalar) : c.scalar] };
            outDtype =
              kind === 'bool'
                ? 'bool'
                : kind === 'truediv'
                  ? compute === 'float64'
                    ? 'float64'
                    : 'float32'
                  : compute;
          }
          const [left, right] = c.form === 2 ? [hostB, tensorA.host] : [tensorA.host, hostB];
          const what =
            `${c.op}(${c.form === 2 ? c.scalar : c.dtypeA}, ${c.form === 0 ? c.dtypeB : c.form === 1 ? c.scalar : c.dtypeA}) ` +
            `${describeChain(a.chain)} with ${describeChain(b.chain)}`;
          expect(y.backend, what).toBe(backend.name);
          expect(y.dtype, what).toBe(outDtype);
          const want = storedAs(naiveBroadcast(left, right, f), outDtype);
          expect([...y.shape], what).toEqual(want.shape);
          expectValues(y.data(), want, toleranceFor(backend, outDtype, approx === true), what);
        });
      }),
      runOptions(1450 + binaryOps.indexOf(op), runs(100)),
    );
    expect(T.memory().tensors).toBe(before.tensors);
  });
});
