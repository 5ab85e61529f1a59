/**
 * unique with `dim`, `returnInverse`, `returnCounts`: values pinned against torch 1.13, a naive
 * reference on random integer tensors, NaN, size-0 and 0-d inputs, dtypes, views, errors, and
 * the same answers on the gpu backend.
 */
import { afterAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';
import type { NDArray, UniqueOptions } from '@tensorgrad/tensor';

const all: UniqueOptions = { returnInverse: true, returnCounts: true };

/** values, inverse and counts as plain arrays. */
function run(x: NDArray, options: UniqueOptions = {}) {
  const r = T.unique(x, { ...all, ...options });
  return {
    values: r.values.toArray(),
    inverse: r.inverse?.toArray(),
    counts: r.counts?.toArray(),
    shapes: [r.values.shape, r.inverse?.shape, r.counts?.shape],
    dtypes: [r.values.dtype, r.inverse?.dtype, r.counts?.dtype],
  };
}

const ints = (values: T.NestedArray) => T.tensor(values, { dtype: 'int32' });

describe('unique against torch 1.13', () => {
  // torch.unique(x, dim=d, return_inverse=True, return_counts=True)
  const m = [
    [1, 2],
    [1, 2],
    [0, 5],
    [1, 1],
  ];
  test('rows (dim 0), sorted lexicographically', () => {
    const r = run(T.tensor(m), { dim: 0 });
    expect(r.values).toEqual([
      [0, 5],
      [1, 1],
      [1, 2],
    ]);
    expect(r.inverse).toEqual([2, 2, 0, 1]);
    expect(r.counts).toEqual([1, 1, 2]);
    expect(r.dtypes).toEqual(['float32', 'int32', 'int32']);
  });
  test('columns (dim 1 and dim -1)', () => {
    for (const dim of [1, -1]) {
      const r = run(T.tensor(m), { dim });
      expect(r.values).toEqual(m);
      expect(r.inverse).toEqual([0, 1]);
      expect(r.counts).toEqual([1, 1]);
    }
  });
  test('slices of a 3-D tensor along dims 0 and 1', () => {
    const first = run(
      ints([
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 9],
          [9, 9],
        ],
      ]),
      { dim: 0 },
    );
    expect(first.values).toEqual([
      [
        [0, 9],
        [9, 9],
      ],
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    expect(first.inverse).toEqual([1, 1, 0]);
    expect(first.counts).toEqual([1, 2]);
    const middle = run(
      ints([
        [
          [1, 2],
          [1, 2],
          [0, 0],
        ],
      ]),
      { dim: 1 },
    );
    expect(middle.values).toEqual([
      [
        [0, 0],
        [1, 2],
      ],
    ]);
    expect(middle.inverse).toEqual([1, 1, 0]);
    expect(middle.counts).toEqual([1, 2]);
  });
  test('negative entries order rows as numbers; 1-D with dim 0 is the flat case', () => {
    expect(
      run(
        ints([
          [-1, 5],
          [-2, 7],
          [-1, 4],
        ]),
        { dim: 0 },
      ).values,
    ).toEqual([
      [-2, 7],
      [-1, 4],
      [-1, 5],
    ]);
    const r = run(ints([3, 1, 3]), { dim: 0 });
    expect([r.values, r.inverse, r.counts]).toEqual([
      [1, 3],
      [1, 0, 1],
      [1, 2],
    ]);
  });
  test('bool rows keep their dtype', () => {
    const r = run(
      T.tensor(
        [
          [true, false],
          [false, true],
          [true, false],
        ],
        { dtype: 'bool' },
      ),
      { dim: 0 },
    );
    expect(r.values).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(r.inverse).toEqual([1, 0, 1]);
    expect(r.counts).toEqual([1, 2]);
    expect(r.dtypes[0]).toBe('bool');
    expect(run(T.tensor([true, false, true], { dtype: 'bool' })).values).toEqual([false, true]);
  });
  test('size-0 and 0-d inputs: the shapes torch gives', () => {
    expect(run(T.zeros([0, 3]), { dim: 0 }).shapes).toEqual([[0, 3], [0], [0]]);
    expect(run(T.zeros([2, 0, 3]), { dim: 1 }).shapes).toEqual([[2, 0, 3], [0], [0]]);
    expect(run(T.zeros([2, 0])).shapes).toEqual([[0], [2, 0], [0]]);
    expect(run(T.zeros([0])).shapes).toEqual([[0], [0], [0]]);
    const scalar = run(T.tensor(3));
    expect(scalar.shapes).toEqual([[1], [], [1]]);
    expect([scalar.values, scalar.inverse, scalar.counts]).toEqual([[3], 0, [1]]);
  });
  test('-0 and 0 are one value; infinities sort as numbers', () => {
    expect(run(T.tensor([0, -0, 0])).counts).toEqual([3]);
    expect(run(T.tensor([Infinity, -Infinity, 1])).values).toEqual([-Infinity, 1, Infinity]);
  });
});

describe('unique and NaN: each NaN is distinct and sorts last', () => {
  // torch 1.13's cpu kernel agrees that NaNs are distinct but scrambles the rest:
  // torch.unique(torch.tensor([2., nan, 1., nan, 2.]), return_inverse=True, return_counts=True)
  // gives values [1, nan, nan, 2], inverse [3, 0, 0, 0, 3], counts [1, 0, 0, 2] (5 elements
  // counted as 3). What is pinned here is what that kernel intends, and what sort gives.
  test('flat', () => {
    const r = run(T.tensor([2, NaN, 1, NaN, 2]));
    expect(r.values).toEqual([1, 2, NaN, NaN]);
    expect(r.inverse).toEqual([1, 2, 0, 3, 1]);
    expect(r.counts).toEqual([1, 2, 1, 1]);
  });
  test('a slice holding a NaN equals no other slice (as in torch), ordered with NaN last', () => {
    const r = run(
      T.tensor([
        [NaN, 1],
        [NaN, 1],
        [0, NaN],
        [0, 1],
      ]),
      { dim: 0 },
    );
    expect(r.values).toEqual([
      [0, 1],
      [0, NaN],
      [NaN, 1],
      [NaN, 1],
    ]);
    expect(r.inverse).toEqual([2, 3, 1, 0]);
    expect(r.counts).toEqual([1, 1, 1, 1]);
  });
});

describe('unique against a naive reference', () => {
  /** Distinct slices by their text, sorted lexicographically as numbers. */
  function reference(values: number[], shape: number[], dim: number) {
    const n = shape[dim] as number;
    const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1);
    const slices = Array.from({ length: n }, (_, i) => {
      const slice: number[] = [];
      for (let o = 0; o < outer; o++)
        for (let j = 0; j < inner; j++) slice.push(values[(o * n + i) * inner + j] as number);
      return slice;
    });
    const byText = new Map<string, number[]>();
    for (const s of slices) byText.set(s.join(','), s);
    const sorted = [...byText.values()].sort((a, b) => {
      for (let k = 0; k < a.length; k++)
        if (a[k] !== b[k]) return (a[k] as number) - (b[k] as number);
      return 0;
    });
    const keys = sorted.map((s) => s.join(','));
    const inverse = slices.map((s) => keys.indexOf(s.join(',')));
    const counts = keys.map((_, u) => inverse.filter((i) => i === u).length);
    return { sorted, inverse, counts };
  }

  test('random int32 tensors of rank 1 to 3, every dim, and the flattened tensor', () => {
    const generator = new T.Generator(4);
    for (let trial = 0; trial < 60; trial++) {
      const rank = 1 + (trial % 3);
      const shape = Array.from({ length: rank }, (_, k) => 1 + ((trial * 7 + k * 3) % 4));
      const x = T.randint(0, 3, shape, { generator });
      const values = Array.from(x.data());
      for (let dim = 0; dim < rank; dim++) {
        const r = T.unique(x, { dim, ...all });
        const ref = reference(values, shape, dim);
        const label = `${JSON.stringify(shape)} dim ${dim}: ${values}`;
        expect(Array.from(r.inverse!.data()), label).toEqual(ref.inverse);
        expect(Array.from(r.counts!.data()), label).toEqual(ref.counts);
        expect(r.values.shape[dim], label).toBe(ref.sorted.length);
        // values[inverse] along dim rebuilds the input.
        expect(Array.from(r.values.indexSelect(dim, r.inverse!).data()), label).toEqual(values);
      }
      const flat = T.unique(x, all);
      const ref = reference(values, [values.length], 0);
      expect(Array.from(flat.values.data())).toEqual(ref.sorted.map((s) => s[0]));
      expect(Array.from(flat.inverse!.data())).toEqual(ref.inverse);
      expect(flat.inverse!.shape).toEqual(shape);
    }
  });

  test('a non-contiguous input (transposed) gives the answer of its contiguous copy', () => {
    const x = ints([
      [1, 0, 1],
      [2, 0, 2],
    ]).transpose(0, 1); // rows [1, 2], [0, 0], [1, 2]
    const r = run(x, { dim: 0 });
    expect(r.values).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(r.inverse).toEqual([1, 0, 1]);
    expect(run(x, { dim: 0 })).toEqual(run(x.contiguous(), { dim: 0 }));
  });

  test('only what was asked for is returned; sorted: false still sorts', () => {
    const r = T.unique(ints([[2, 1]]), { dim: 1, sorted: false });
    expect(r.values.toArray()).toEqual([[1, 2]]);
    expect(r.inverse).toBeUndefined();
    expect(r.counts).toBeUndefined();
  });
});

describe('unique errors', () => {
  test.each([
    [
      'dim on a 0-d tensor',
      () => T.unique(T.tensor(3), { dim: 0 }),
      'unique: dim 0 was given for a 0-d tensor, which has no dims to take slices along (call unique without dim)',
    ],
    [
      'dim out of range',
      () => T.unique(T.zeros([2, 2]), { dim: 2 }),
      'unique: axis 2 is out of range for a tensor of 2 dims (expected -2 <= axis < 2)',
    ],
    [
      'an empty dim that is not the chosen one',
      () => T.unique(T.zeros([0, 3]), { dim: 1 }),
      'unique: dim 1 of shape [0, 3] has 3 slices, but another dim has size 0, so every slice is empty (expected size 0 only along the chosen dim)',
    ],
  ])('%s', (_name, fn, message) => {
    expect(fn).toThrow(message);
  });
});

const gpu = T.gpuAvailability();
describe.skipIf(!gpu.available)(`unique on the gpu backend (${gpu.mode})`, () => {
  afterAll(() => T.setBackend('cpu'));
  test('the same values, inverse and counts as on the cpu, left on the gpu, nothing leaked', () => {
    const data = [
      [1, 2, 1],
      [0, 5, 0],
      [1, 2, 1],
      [NaN, 1, NaN],
    ];
    const cases: [T.DType, UniqueOptions][] = [
      ['float32', { dim: 0 }],
      ['float32', { dim: 1 }],
      ['float32', {}],
      ['int32', { dim: 1 }],
    ];
    for (const [dtype, options] of cases) {
      const values =
        dtype === 'int32' ? data.map((row) => row.map((v) => (v === v ? v : 7))) : data;
      T.setBackend('cpu');
      const expected = run(T.tensor(values, { dtype }), options);
      T.setBackend('gpu');
      const before = T.memory().buffers;
      T.tidy(() => {
        const x = T.tensor(values, { dtype });
        const r = T.unique(x, { ...all, ...options });
        expect(r.values.backend).toBe('gpu');
        expect(run(x, options)).toEqual(expected);
      });
      expect(T.memory().buffers).toBe(before);
    }
  });
});
