/**
 * The cpu heap (`heap.ts`) and the kernels that compute in place in it (`wasm/in-heap.ts`):
 * where arrays live, that blocks come back (disposed or collected), and that the SIMD binary
 * ops and row sums give bit for bit what the typed-array kernels give, for every way an
 * operand can step (same shape, bias row, column, scalar, rows needing a call each, tails).
 */
import { afterAll, describe, expect, test } from 'vitest';
import type { BinaryOp, View } from '../../src/backend/backend.js';
import { allocate, CpuData } from '../../src/backend/cpu/data.js';
import { heapInfo, HEAP_MIN_BYTES, inHeap } from '../../src/backend/cpu/heap.js';
import { inHeapCallCount } from '../../src/backend/cpu/wasm/in-heap.js';
import { setSimdGemm } from '../../src/backend/cpu/wasm/gemm.js';
import { contiguous, cpu, rng, sizeOf } from './helpers.js';

afterAll(() => {
  setSimdGemm(true);
  expect(cpu.memory().buffers).toBe(0);
});

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-40, -3.4e38, 3.4e38];

/** Uploaded float32 data: random values with a special one now and then. */
function floats(n: number, seed: number): CpuData {
  const random = rng(seed);
  const values = Array.from({ length: n }, () =>
    random() < 0.05 ? SPECIALS[Math.floor(random() * SPECIALS.length)] : (random() * 2 - 1) * 8,
  );
  return cpu.upload(values, 'float32') as CpuData;
}

const view = (data: CpuData, shape: number[], strides = contiguous(shape), offset = 0): View => ({
  data,
  shape,
  strides,
  offset,
});

/** Runs `fn` with the SIMD kernels on and off; returns both results and the kernel calls. */
function bothWays(fn: () => CpuData): { simd: Float32Array; plain: Float32Array; calls: number } {
  const before = inHeapCallCount();
  const on = fn();
  const calls = inHeapCallCount() - before;
  setSimdGemm(false);
  const off = fn();
  setSimdGemm(true);
  const simd = Float32Array.from(on.array);
  const plain = Float32Array.from(off.array);
  cpu.dispose(on);
  cpu.dispose(off);
  return { simd, plain, calls };
}

/**
 * Bit patterns, so that -0 and +0 compare exactly; every NaN is one (a NaN's sign and payload
 * are not specified, by IEEE 754 or by torch).
 */
const bits = (a: Float32Array) =>
  Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length), (b, i) =>
    Number.isNaN(a[i]) ? 0x7fc00000 : b,
  );

describe('the cpu heap', () => {
  test('large arrays live in the heap, small ones and downloads do not', () => {
    const large = cpu.fill(HEAP_MIN_BYTES / 4, 1, 'float32') as CpuData;
    const small = cpu.fill(HEAP_MIN_BYTES / 4 - 1, 1, 'float32') as CpuData;
    expect(inHeap(large.array)).toBe(true);
    expect(inHeap(small.array)).toBe(false);
    const down = cpu.download(view(large, [HEAP_MIN_BYTES / 4]));
    // The user's array owns its buffer: new Uint8Array(array.buffer) is just its bytes.
    expect(inHeap(down)).toBe(false);
    expect(down.buffer.byteLength).toBe(down.byteLength);
    cpu.dispose(large);
    cpu.dispose(small);
  });

  test('a disposed block is handed out again, zero-filled unless asked otherwise', () => {
    const before = heapInfo().usedBytes;
    const a = cpu.fill(5000, 7, 'float32') as CpuData;
    const offset = a.array.byteOffset;
    expect(heapInfo().usedBytes).toBe(before + 20032); // 20000 bytes in 64-byte units
    cpu.dispose(a);
    expect(heapInfo().usedBytes).toBe(before);
    const zeroed = allocate('float32', 5000);
    expect(zeroed.byteOffset).toBe(offset);
    expect(zeroed.every((v) => v === 0)).toBe(true);
    zeroed.fill(3);
    const owned = cpu.upload(zeroed, 'float32') as CpuData; // a copy; `zeroed` is now garbage
    expect(owned.array.byteOffset).not.toBe(offset);
    cpu.dispose(owned);
  });

  test('a new block where a product kept its temporaries is zero-filled', () => {
    // The gemm's workspace lies above every block in use; a block made there later must not
    // see what the product left.
    const a = cpu.fill(300 * 300, 1.5, 'float32') as CpuData;
    const square = view(a, [300, 300]);
    const product = cpu.matmul(square, square, 'float32') as CpuData;
    const fresh = allocate('float32', 77_777); // a size no free list holds
    expect(fresh.every((v) => v === 0)).toBe(true);
    expect(product.array[0]).toBe(675);
    [a, product].forEach((d) => cpu.dispose(d));
  });

  test('the block of an array nobody disposed returns once the array is collected', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(typeof gc).toBe('function'); // vitest.config.ts passes --expose-gc
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        gc!();
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    };
    await settle(); // earlier tests' garbage
    const before = heapInfo().usedBytes;
    (() => {
      for (let i = 0; i < 20; i++) allocate('float64', 10_000 + i);
    })();
    expect(heapInfo().usedBytes).toBeGreaterThan(before + 20 * 80_000);
    await settle();
    expect(heapInfo().usedBytes).toBe(before);
  });
});

describe('float32 binary ops in place in the heap', () => {
  const OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
  const x = floats(3 * 300 * 129 + 7, 1);
  const y = floats(300 * 129 + 7, 2);
  const bias = floats(129, 3); // outside the heap: copied in for the call
  const scalar = floats(1, 4);
  afterAll(() => [x, y, bias, scalar].forEach((d) => cpu.dispose(d)));

  /** Each case: shapes, a's view, b's view, and whether the SIMD kernel must take it. */
  const cases: [string, View, View, boolean][] = [
    [
      'same shape, odd length (a tail)',
      view(x, [300, 129]),
      view(y, [300, 129], undefined, 7),
      true,
    ],
    ['bias row repeated', view(x, [300, 129]), view(bias, [300, 129], [0, 1]), true],
    ['bias first', view(bias, [300, 129], [0, 1]), view(x, [300, 129], undefined, 3), true],
    ['column broadcast along rows', view(x, [300, 129]), view(y, [300, 129], [1, 0]), true],
    ['tensor op scalar', view(x, [3, 300, 129]), view(scalar, [3, 300, 129], [0, 0, 0]), true],
    ['scalar op tensor', view(scalar, [300, 129], [0, 0]), view(y, [300, 129]), true],
    // [3, 2, 129] with the middle dim broadcast in b: rows are not evenly spaced, one call each
    ['rows a call each', view(x, [3, 2, 6450]), view(y, [3, 2, 6450], [6450, 0, 1]), true],
    [
      'short rows a call each: typed arrays',
      view(x, [3, 100, 20]),
      view(y, [3, 100, 20], [20, 0, 1]),
      false,
    ],
    ['transposed: typed arrays', view(x, [129, 300], [1, 129]), view(y, [129, 300]), false],
  ];

  for (const [name, a, b, simd] of cases) {
    test(`${name}: bit-identical to the typed-array kernel and to fround(a op b)`, () => {
      for (const op of OPS) {
        const got = bothWays(() => cpu.binary(op, a, b, 'float32') as CpuData);
        expect(got.calls > 0).toBe(simd);
        expect(bits(got.simd)).toEqual(bits(got.plain));
        // the reference, element by element through the strides
        const size = sizeOf(a.shape);
        const at = (v: View, flat: number) => {
          let o = v.offset;
          for (let d = v.shape.length - 1; d >= 0; d--) {
            o += (flat % v.shape[d]) * v.strides[d];
            flat = Math.floor(flat / v.shape[d]);
          }
          return (v.data as CpuData).array[o];
        };
        const f = {
          add: (p: number, q: number) => p + q,
          sub: (p: number, q: number) => p - q,
          mul: (p: number, q: number) => p * q,
          div: (p: number, q: number) => p / q,
        }[op as 'add'];
        const expected = new Float32Array(size);
        for (let i = 0; i < size; i++) expected[i] = f(at(a, i), at(b, i));
        expect(bits(got.simd)).toEqual(bits(expected));
      }
    });
  }
});

describe('float32 row sums in place in the heap', () => {
  const x = floats(2 * 150 * 67 + 5, 9);
  afterAll(() => cpu.dispose(x));

  const cases: [string, View, number[], boolean][] = [
    ['[300, 67] over rows (a tail)', view(x, [300, 67]), [0], true],
    ['[2, 150, 67] over the first two', view(x, [2, 150, 67], undefined, 5), [0, 1], true],
    ['[2, 150, 67] over the first, rows kept', view(x, [2, 150, 67]), [0], true],
    ['[2, 150, 67] over the first and last: typed arrays', view(x, [2, 150, 67]), [0, 2], false],
  ];
  for (const [name, v, axes, simd] of cases) {
    test(`${name}: bit-identical to the typed-array sweep and to a float64 sum`, () => {
      const got = bothWays(() => cpu.reduce('sum', v, axes, 'float32') as CpuData);
      expect(got.calls > 0).toBe(simd);
      expect(bits(got.simd)).toEqual(bits(got.plain));
      if (axes.join() === '0' && v.shape.length === 2) {
        const [rows, cols] = v.shape;
        const expected = new Float32Array(cols);
        for (let j = 0; j < cols; j++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += x.array[v.offset + r * cols + j];
          expected[j] = s;
        }
        expect(bits(got.simd)).toEqual(bits(expected));
      }
    });
  }
});

describe('float32 gelu and geluGrad in place in the heap', () => {
  /** -20 … 20 in fine steps, and a length that leaves a tail of 3. */
  const N = 80_003;
  const grid = Float32Array.from({ length: N }, (_, i) => -20 + (40 * i) / (N - 1));

  for (const op of ['gelu', 'geluGrad'] as const) {
    test(`${op}: within a few float32 ulps of the float64 kernel, specials as it`, () => {
      const x = cpu.upload(grid, 'float32') as CpuData;
      const got = bothWays(() => cpu.unary(op, view(x, [N]), 'float32') as CpuData);
      expect(got.calls).toBe(1);
      let worst = 0;
      for (let i = 0; i < N; i++) {
        const exact = got.plain[i]; // the float64 kernel, rounded once
        const error = Math.abs(got.simd[i] - exact);
        // gelu: relative, where it is not tiny (the far negative tail: below 1e-12 absolute);
        // geluGrad (values of order 1, a zero near x = -0.75): absolute.
        const allowed =
          op === 'gelu' ? 16 * 2 ** -23 * Math.abs(exact) + 1e-12 : 4 * 2 ** -23 * 0.5;
        worst = Math.max(worst, error / allowed);
      }
      expect(worst).toBeLessThanOrEqual(1);
      cpu.dispose(x);

      const specials = new Float32Array(1028);
      specials.set([Infinity, -Infinity, NaN, 0, -0, 1e-30, -1e-30, 30, -30]);
      const s = cpu.upload(specials, 'float32') as CpuData;
      const both = bothWays(() => cpu.unary(op, view(s, [1028]), 'float32') as CpuData);
      // geluGrad(-30) is ½ erfc + x φ = 0 + (-30 · 0): +0 here and in torch's float32
      // backward, -0 from the float64 kernel's tiny negative sum; the zeros' signs are not kept.
      const signless = (a: Float32Array) =>
        [...a.subarray(0, 9)].map((v) => (op === 'geluGrad' && v === 0 ? 0 : v));
      expect(signless(both.simd)).toEqual(signless(both.plain));
      cpu.dispose(s);
    });
  }

  test('rows that are not contiguous take a call each; short ones the typed-array kernel', () => {
    const x = cpu.upload(grid.subarray(0, 300 * 130), 'float32') as CpuData;
    const wide = bothWays(
      () => cpu.unary('gelu', view(x, [300, 100], [130, 1]), 'float32') as CpuData,
    );
    expect(wide.calls).toBe(300); // a call a row
    const narrow = bothWays(
      () => cpu.unary('gelu', view(x, [300, 20], [130, 1]), 'float32') as CpuData,
    );
    expect(narrow.calls).toBe(0);
    for (const { simd, plain } of [wide, narrow]) {
      for (let i = 0; i < plain.length; i++)
        expect(Math.abs(simd[i] - plain[i])).toBeLessThanOrEqual(
          16 * 2 ** -23 * Math.abs(plain[i]) + 1e-12,
        );
    }
    cpu.dispose(x);
  });
});

describe('float32 softmax rows in place in the heap', () => {
  for (const n of [65, 64, 3, 1]) {
    test(`rows of ${n}: as the definition in float64, NaN and -Infinity as torch`, () => {
      const rows = 40;
      const random = rng(n);
      const values = Float32Array.from({ length: rows * n }, () => (random() * 2 - 1) * 30);
      values[5 * n] = NaN; // row 5 is all NaN
      values[7 * n] = -Infinity; // row 7 has a 0
      const x = cpu.upload(values, 'float32') as CpuData;
      const before = inHeapCallCount();
      const y = cpu.softmax(view(x, [rows, n]), 1, false, 'float32') as CpuData;
      expect(inHeapCallCount() - before).toBe(rows * n >= HEAP_MIN_BYTES / 4 ? 1 : 0);
      for (let r = 0; r < rows; r++) {
        const line = [...values.subarray(r * n, (r + 1) * n)];
        const max = Math.max(...line);
        const sum = line.reduce((acc, v) => acc + Math.exp(v - max), 0);
        for (let t = 0; t < n; t++) {
          const got = y.array[r * n + t];
          if (r === 5) expect(got).toBeNaN();
          else {
            const exact = Math.exp(line[t] - max) / sum;
            // exp's ~1 ulp and the sum's, plus the rounding of x - max to float32, which
            // e^(x - max) turns into a relative error of |x - max| 2^-24
            const relative = 1e-6 + Math.abs(line[t] - max) * 2 ** -23;
            if (Number.isNaN(exact)) expect(got).toBeNaN();
            else if (exact === 0) expect(got).toBe(0);
            else expect(Math.abs(got - exact)).toBeLessThanOrEqual(relative * exact + 1e-30);
          }
        }
      }
      if (n > 1) expect(y.array[7 * n]).toBe(0);
      cpu.dispose(x);
      cpu.dispose(y);
    });
  }
});
