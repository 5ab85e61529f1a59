import { afterAll, describe, expect, test } from 'vitest';
import { PRIMITIVES } from '../../src/backend/backend.js';
import { CpuBackend } from '../../src/backend/cpu/index.js';
import {
  contiguous,
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

const SHAPES = [[], [0], [1], [4], [3, 1], [2, 3, 4], [2, 0, 2]];

afterAll(() => {
  expect(cpu.memory().buffers).toBe(0);
});

describe('conformance', () => {
  test.each(PRIMITIVES)('implements %s', (name) => {
    expect(typeof (cpu as unknown as Record<string, unknown>)[name]).toBe('function');
  });

  test('is named cpu and supports every dtype', () => {
    expect(cpu.name).toBe('cpu');
    for (const dtype of DTYPES) expect(cpu.supports(dtype)).toBe(true);
  });
});

describe('memory', () => {
  test('counts buffers and bytes per dtype, and dispose releases them', () => {
    const backend = new CpuBackend();
    const a = backend.upload([1, 2, 3], 'float32');
    const b = backend.fill(5, 1, 'float64');
    const c = backend.upload([1, 0], 'bool');
    const d = backend.copy(viewOf(a, [3]), 'int32');
    expect(backend.memory()).toEqual({ buffers: 4, bytes: 12 + 40 + 2 + 12 });
    backend.download(viewOf(a, [3])); // returns a host array: not a backend buffer
    backend.dispose(a);
    backend.dispose(b);
    expect(backend.memory()).toEqual({ buffers: 2, bytes: 14 });
    backend.dispose(c);
    backend.dispose(d);
    expect(backend.memory()).toEqual({ buffers: 0, bytes: 0 });
  });

  test('sort counts both of its outputs', () => {
    const backend = new CpuBackend();
    const x = backend.upload([3, 1, 2], 'float32');
    const { values, indices } = backend.sort(viewOf(x, [3]), 0, false);
    expect(backend.memory()).toEqual({ buffers: 3, bytes: 36 });
    for (const data of [x, values, indices]) backend.dispose(data);
    expect(backend.memory().buffers).toBe(0);
  });

  test('double dispose and use after dispose are errors', () => {
    const backend = new CpuBackend();
    const a = backend.upload([1], 'float32');
    backend.dispose(a);
    expect(() => backend.dispose(a)).toThrow('dispose: the data was already disposed');
    expect(() => backend.unary('neg', viewOf(a, [1]), 'float32')).toThrow('already disposed');
    expect(backend.memory().buffers).toBe(0);
  });

  test('data of another backend is rejected', () => {
    const foreign = { backend: 'gpu', size: 1, dtype: 'float32' as const };
    expect(() => cpu.copy(viewOf(foreign, [1]), 'float32')).toThrow(
      "copy: expected data of the cpu backend, received data of 'gpu'",
    );
  });

  test('a view reaching outside its data is an error, not NaN', () => {
    const a = cpu.upload([1, 2, 3], 'float32');
    expect(() => cpu.copy({ data: a, shape: [2], strides: [3], offset: 0 }, 'float32')).toThrow(
      'copy: view (shape [2], strides [3], offset 0) reaches outside its data of 3 elements',
    );
    expect(() => cpu.copy({ data: a, shape: [3], strides: [-1], offset: 1 }, 'float32')).toThrow(
      'reaches outside',
    );
    cpu.dispose(a);
  });
});

describe('upload, fill and download', () => {
  test('upload converts as a cast: int32 truncates, bool is value != 0 (NaN is true)', () => {
    expect(take(cpu.upload([1.7, -1.7, 3e9], 'int32'), [3])).toEqual([
      1,
      -1,
      storeAs('int32', 3e9),
    ]);
    expect(take(cpu.upload([0, -0, 0.5, NaN, -2], 'bool'), [5])).toEqual([0, 0, 1, 1, 1]);
    expect(take(cpu.upload([0.1], 'float32'), [1])).toEqual([Math.fround(0.1)]);
  });

  test('fill writes the value in every dtype, including size 0', () => {
    expect(take(cpu.fill(3, 2.5, 'float64'), [3])).toEqual([2.5, 2.5, 2.5]);
    expect(take(cpu.fill(2, 0.5, 'bool'), [2])).toEqual([1, 1]);
    expect(take(cpu.fill(2, -2.9, 'int32'), [2])).toEqual([-2, -2]);
    expect(take(cpu.fill(0, 1, 'float32'), [0])).toEqual([]);
    expect(() => cpu.fill(-1, 0, 'float32')).toThrow(
      'fill: size must be a non-negative integer, received -1',
    );
  });

  test('download returns the typed array of the dtype', () => {
    const kinds = {
      float32: Float32Array,
      float64: Float64Array,
      int32: Int32Array,
      bool: Uint8Array,
    };
    for (const dtype of DTYPES) {
      const a = cpu.upload([1, 0], dtype);
      expect(cpu.download(viewOf(a, [2]))).toBeInstanceOf(kinds[dtype]);
      cpu.dispose(a);
    }
  });
});

describe('copy', () => {
  test('materialises every layout, converting to every dtype', () => {
    const random = rng(1);
    for (const from of DTYPES) {
      for (const to of DTYPES) {
        for (const shape of SHAPES) {
          for (const layout of LAYOUTS) {
            const x = sample(shape, from, layout, random, [NaN, -0]);
            const expected: number[] = [];
            for (let i = 0; i < sizeOf(shape); i++)
              expected.push(storeAs(to, read(x, unravel(i, shape))));
            expectClose(
              take(cpu.copy(x.view, to), shape),
              expected,
              0,
              `${from}->${to} [${shape}] ${layout}`,
            );
            release(x);
          }
        }
      }
    }
  });
});

describe('setSlice', () => {
  test('replaces a strided region of every layout with a source of every layout', () => {
    const random = rng(2);
    const baseShape = [4, 5, 3];
    const cases: { starts: number[]; steps: number[]; srcShape: number[] }[] = [
      { starts: [0, 0, 0], steps: [1, 1, 1], srcShape: [4, 5, 3] },
      { starts: [1, 0, 2], steps: [2, 2, 1], srcShape: [2, 3, 1] },
      { starts: [3, 4, 0], steps: [1, 1, 3], srcShape: [1, 1, 1] },
      { starts: [0, 1, 0], steps: [1, 3, 1], srcShape: [4, 0, 3] },
    ];
    for (const dtype of DTYPES) {
      for (const { starts, steps, srcShape } of cases) {
        for (let l = 0; l < LAYOUTS.length; l++) {
          const base = sample(baseShape, dtype, LAYOUTS[l], random);
          const src = sample(srcShape, dtype, LAYOUTS[(l + 1) % LAYOUTS.length], random);
          const expected: number[] = [];
          for (let i = 0; i < sizeOf(baseShape); i++)
            expected.push(read(base, unravel(i, baseShape)));
          for (let i = 0; i < sizeOf(srcShape); i++) {
            const index = unravel(i, srcShape);
            const target = index.map((k, d) => starts[d] + k * steps[d]);
            const flat = target.reduce((acc, k, d) => acc + k * contiguous(baseShape)[d], 0);
            expected[flat] = read(src, index);
          }
          const out = take(cpu.setSlice(base.view, starts, steps, src.view), baseShape);
          expectClose(out, expected, 0, `${dtype} ${LAYOUTS[l]} ${starts}`);
          release(base, src);
        }
      }
    }
  });

  test('0-d base and source', () => {
    const base = cpu.upload([1], 'float32');
    const src = cpu.upload([7], 'float32');
    expect(take(cpu.setSlice(viewOf(base, []), [], [], viewOf(src, [])), [])).toEqual([7]);
    cpu.dispose(base);
    cpu.dispose(src);
  });

  test('a region that does not fit is an error', () => {
    const base = cpu.upload([1, 2, 3, 4], 'float32');
    const src = cpu.upload([7, 8], 'float32');
    expect(() => cpu.setSlice(viewOf(base, [4]), [2], [2], viewOf(src, [2]))).toThrow(
      'setSlice: region start 2, step 2, 2 elements does not fit dim 0 of size 4',
    );
    expect(cpu.memory().buffers).toBe(2); // nothing leaked by the failed call's copy
    cpu.dispose(base);
    cpu.dispose(src);
  });
});
