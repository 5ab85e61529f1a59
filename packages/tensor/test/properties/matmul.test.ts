/**
 * Property: matmul of random views (transposed, strided, flipped, expanded batches) gives the
 * naive float64 triple loop's shape, dtype and values, with torch.matmul's rules: 1-D operands
 * become a row (left) or a column (right) that is dropped again, batch dims broadcast, k = 0
 * gives zeros. Special values (NaN, ±∞, signed zeros) propagate as the defining sum says.
 *
 * Tolerance: each output is a dot product of k terms; accumulated in float64 (float64 and int32
 * on the cpu) it is off by at most about k·2^-53·Σ|aᵢbᵢ| before its rounding to the dtype; in
 * float32 (the gpu, and the cpu's WebAssembly SIMD kernel: see the cpu backend's README) by
 * k·2^-24·Σ|aᵢbᵢ|.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as T from '@tensorgrad/tensor';
import type { DType } from '@tensorgrad/tensor';
import {
  F32_EPS,
  backendsUnderTest,
  expectValues,
  naiveMatmul,
  promoted,
  runOptions,
} from './naive-ops.js';
import { broadcastPairArb, describeChain, dimArb, inputArb, materialize } from './random-views.js';

const BACKENDS = backendsUnderTest();

describe.each(BACKENDS)('matmul of random views ($name)', (backend) => {
  beforeAll(() => T.setBackend(backend.name));
  afterAll(() => T.setBackend('cpu'));
  const dtypes: DType[] = [...backend.floatDtypes, 'int32', 'bool'];

  const cases = fc
    .record({
      batch: broadcastPairArb(2, 3),
      m: dimArb(),
      k: dimArb(),
      n: dimArb(),
      // 0: both matrices (batched), 1: vector @ matrix, 2: matrix @ vector, 3: vector @ vector
      vectors: fc.constantFrom(0, 0, 0, 1, 2, 3),
      dtypeA: fc.constantFrom(...dtypes),
      dtypeB: fc.constantFrom(...dtypes),
    })
    .chain((c) => {
      const shapeA = c.vectors === 1 || c.vectors === 3 ? [c.k] : [...c.batch.a, c.m, c.k];
      const shapeB = c.vectors === 2 || c.vectors === 3 ? [c.k] : [...c.batch.b, c.k, c.n];
      return fc.record({
        dtypeA: fc.constant(c.dtypeA),
        dtypeB: fc.constant(c.dtypeB),
        a: inputArb(shapeA),
        b: inputArb(shapeB),
      });
    });

  test('matches the naive triple loop', () => {
    const before = T.memory();
    fc.assert(
      fc.property(cases, ({ dtypeA, dtypeB, a, b }) => {
        T.tidy(() => {
          const left = materialize(a, dtypeA);
          const right = materialize(b, dtypeB);
          const what = `matmul(${dtypeA} ${describeChain(a.chain)}, ${dtypeB} ${describeChain(b.chain)})`;
          const y = left.x.matmul(right.x);
          // bool operands compute in int32 (documented; torch has no bool matmul at all).
          const p = promoted(dtypeA, dtypeB);
          const outDtype: DType = p === 'bool' ? 'int32' : p;
          expect(y.backend, what).toBe(backend.name);
          expect(y.dtype, what).toBe(outDtype);
          const { out, magnitude } = naiveMatmul(left.host, right.host);
          expect([...y.shape], what).toEqual(out.shape);
          const k = left.host.shape[left.host.shape.length - 1]!;
          // float32 accumulates in float32 on the gpu and on the cpu's WebAssembly SIMD kernel.
          const perTerm = outDtype === 'float32' ? F32_EPS : 2 ** -52;
          const want = outDtype === 'float32' ? { ...out, data: out.data.map(Math.fround) } : out;
          expectValues(
            y.data(),
            want,
            outDtype === 'int32'
              ? { rtol: 0, atol: 0 }
              : {
                  rtol: outDtype === 'float64' ? 2 ** -52 : 2 * F32_EPS,
                  atol: magnitude.map((mag) => mag * k * perTerm),
                },
            what,
          );
        });
      }),
      runOptions(1600, Math.max(20, Math.round(600 * backend.runScale))),
    );
    expect(T.memory().tensors).toBe(before.tensors);
  });

  test('refuses mismatched inner dims and 0-d operands, naming the shapes', () => {
    T.tidy(() => {
      expect(() => T.ones([2, 3]).matmul(T.ones([4, 2]))).toThrow(
        'matmul: shapes [2, 3] and [4, 2] cannot be multiplied (3 != 4)',
      );
      expect(() => T.ones([]).matmul(T.ones([2]))).toThrow(/at least 1 dimension/);
    });
  });
});
