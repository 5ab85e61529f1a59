/**
 * Property: sum, mean, max, min, argmax and argmin over random axes (one, several in any order,
 * negative, or all), with and without keepdim, on random views of random shapes, give the naive
 * float64 reference's shape, dtype and values; and a max/min/argmax over an empty axis is
 * refused, as in torch.
 *
 * Tolerances are bounds, not guesses: a sum of n terms accumulated in float64 (the cpu) is off
 * by at most about n·2^-53·Σ|x| before its one rounding to the dtype; accumulated in float32
 * (the gpu), by (n - 1)·2^-24·Σ|x|.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as T from '@tensorgrad/tensor';
import type { DType, NDArray } from '@tensorgrad/tensor';
import {
  F32_EPS,
  backendsUnderTest,
  expectValues,
  naiveReduce,
  runOptions,
  type BackendUnderTest,
} from './naive-ops.js';
import { describeChain, inputArb, materialize, shapeArb, sizeOf } from './random-views.js';

type Op = 'sum' | 'mean' | 'max' | 'min' | 'argmax' | 'argmin';

const sumOf = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
const absSumOf = (v: readonly number[]): number => v.reduce((a, b) => a + Math.abs(b), 0);
const anyNaN = (v: readonly number[]): boolean => v.some(Number.isNaN);

/** The reference of each op over one output position's values (never empty for max/min/arg). */
const REFERENCE: Record<Op, (v: number[]) => number> = {
  sum: sumOf,
  mean: (v) => sumOf(v) / v.length,
  max: (v) => (anyNaN(v) ? NaN : Math.max(...v)),
  min: (v) => (anyNaN(v) ? NaN : Math.min(...v)),
  // torch: NaN counts as the largest (and smallest) value; the first of equal values wins.
  argmax: (v) => {
    const nan = v.findIndex(Number.isNaN);
    return nan >= 0 ? nan : v.indexOf(Math.max(...v));
  },
  argmin: (v) => {
    const nan = v.findIndex(Number.isNaN);
    return nan >= 0 ? nan : v.indexOf(Math.min(...v));
  },
};

/** Input dtypes of each op: mean of an integer tensor is an error in torch, so floats only. */
function dtypesOf(op: Op, backend: BackendUnderTest): DType[] {
  const floats = [...backend.floatDtypes];
  if (op === 'mean') return floats;
  if (op === 'sum') return [...floats, 'int32', 'bool'];
  return [...floats, 'int32'];
}

function resultDtype(op: Op, dtype: DType): DType {
  if (op === 'argmax' || op === 'argmin') return 'int32';
  if (op === 'sum' && (dtype === 'int32' || dtype === 'bool')) return 'int32';
  return dtype;
}

/** How an axis argument is spelled: all (undefined), one number, or a list. */
type AxisArg = number | number[] | undefined;

/**
 * A random axis argument for a rank-`rank` tensor: all axes, one axis, or a non-empty list of
 * distinct axes in any order; each axis sometimes counted from the end. arg ops take one axis
 * or none.
 */
function axisArb(rank: number, single: boolean): fc.Arbitrary<{ arg: AxisArg; axes: number[] }> {
  const all = fc.constant<{ arg: AxisArg; axes: number[] }>({
    arg: undefined,
    axes: [...Array(rank).keys()],
  });
  if (rank === 0) return all;
  const spell = (d: number, negative: boolean): number => (negative ? d - rank : d);
  const one = fc
    .record({ d: fc.nat({ max: rank - 1 }), negative: fc.boolean() })
    .map(({ d, negative }) => ({ arg: spell(d, negative) as AxisArg, axes: [d] }));
  if (single) return fc.oneof(all, one);
  const list = fc
    .shuffledSubarray([...Array(rank).keys()], { minLength: 1 })
    .chain((axes) =>
      fc
        .array(fc.boolean(), { minLength: axes.length, maxLength: axes.length })
        .map((negative) => ({ arg: axes.map((d, i) => spell(d, negative[i]!)), axes })),
    );
  return fc.oneof(all, one, list);
}

function run(op: Op, x: NDArray, arg: AxisArg, keepdim: boolean): NDArray {
  if (op === 'argmax' || op === 'argmin') return x[op](arg as number | undefined, keepdim);
  return x[op](arg, keepdim);
}

const BACKENDS = backendsUnderTest();
const OPS: Op[] = ['sum', 'mean', 'max', 'min', 'argmax', 'argmin'];

describe.each(BACKENDS)('reductions over random axes of random views ($name)', (backend) => {
  beforeAll(() => T.setBackend(backend.name));
  afterAll(() => T.setBackend('cpu'));

  test.each(OPS)('%s matches the naive reference', (op) => {
    const arg = op === 'argmax' || op === 'argmin';
    const cases = fc
      .record({ dtype: fc.constantFrom(...dtypesOf(op, backend)), shape: shapeArb() })
      .chain(({ dtype, shape }) =>
        fc.record({
          dtype: fc.constant(dtype),
          input: inputArb(shape),
          axis: axisArb(shape.length, arg),
          keepdim: fc.boolean(),
        }),
      );
    const before = T.memory();
    fc.assert(
      fc.property(cases, ({ dtype, input, axis, keepdim }) => {
        T.tidy(() => {
          const { x, host } = materialize(input, dtype);
          const what = `${op}(${JSON.stringify(axis.arg)}, keepdim ${keepdim}) of ${dtype} ${describeChain(input.chain)}`;
          const reducedCount = sizeOf(axis.axes.map((d) => host.shape[d]!));
          // arg ops over all axes give the index into the flattened tensor.
          const flat = arg && axis.arg === undefined && host.shape.length > 0;
          const source = flat ? { shape: [host.data.length], data: host.data } : host;
          const axes = flat ? [0] : axis.axes;
          const refusal = new RegExp(`${op}: cannot reduce over an empty axis`);
          let y: NDArray;
          if (reducedCount === 0 && op !== 'sum' && op !== 'mean') {
            // torch refuses a max over nothing, even where the result would be empty.
            const outSize = sizeOf(source.shape.filter((_, d) => !axes.includes(d)));
            if (outSize > 0) {
              expect(() => run(op, x, axis.arg, keepdim), what).toThrow(refusal);
              return;
            }
            // Where the result is empty, tensorgrad returns it (torch refuses): either will do.
            try {
              y = run(op, x, axis.arg, keepdim);
            } catch (error) {
              expect((error as Error).message, what).toMatch(refusal);
              return;
            }
          } else {
            y = run(op, x, axis.arg, keepdim);
          }
          expect(y.backend, what).toBe(backend.name);
          expect(y.dtype, what).toBe(resultDtype(op, dtype));
          let want = naiveReduce(source, axes, keepdim && !flat, REFERENCE[op]);
          if (flat && keepdim) want = { shape: host.shape.map(() => 1), data: want.data };
          expect([...y.shape], what).toEqual(want.shape);
          const outDtype = resultDtype(op, dtype);
          if (outDtype === 'float32') want = { ...want, data: want.data.map(Math.fround) };
          const magnitude = naiveReduce(source, axes, keepdim, absSumOf).data;
          const n = Math.max(reducedCount, 1);
          const scale = op === 'mean' ? 1 / n : 1;
          const perTerm =
            outDtype === 'float64'
              ? 2 ** -52 * n
              : backend.name === 'cpu'
                ? 2 ** -52 * n
                : F32_EPS * n;
          const exact = outDtype === 'int32' || op === 'max' || op === 'min';
          expectValues(
            y.data(),
            want,
            exact
              ? { rtol: 0, atol: 0 }
              : {
                  rtol: outDtype === 'float64' ? 2 ** -52 : 2 * F32_EPS,
                  atol: magnitude.map((m) => m * scale * perTerm),
                },
            what,
          );
        });
      }),
      runOptions(1500 + OPS.indexOf(op), Math.max(10, Math.round(300 * backend.runScale))),
    );
    expect(T.memory().tensors).toBe(before.tensors);
  });

  test('sum of a size-0 axis is 0 and mean is NaN, with the torch shapes', () => {
    T.tidy(() => {
      const x = T.zeros([0, 3], { dtype: backend.floatDtypes[0]! });
      expect(x.sum(0).toArray()).toEqual([0, 0, 0]);
      expect((x.mean(0, true).toArray() as number[][])[0]!.map(Number.isNaN)).toEqual([
        true,
        true,
        true,
      ]);
      expect([...x.max(1).shape]).toEqual([0]);
    });
  });
});
