/**
 * The cpu backend's worker pool: float32 products split over threads are bit-identical to one
 * thread's, a program that used the pool exits by itself, a failing worker is reported on the
 * calling thread and leaves the backend single-threaded, and `backendInfo()` reports threads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { KernelPool } from '../src/backend/cpu/pool/pool.js';
import { cpuThreads, setCpuThreads } from '../src/backend/cpu/pool/threads.js';
import { encodeModule, FunctionBuilder, I32 } from '../src/backend/cpu/wasm/assembler.js';
import { simdGemmEnabled } from '../src/backend/cpu/wasm/gemm.js';
import { threadedProductCount } from '../src/backend/cpu/wasm/threaded-gemm.js';
import { inHeapThreadedCount } from '../src/backend/cpu/wasm/in-heap.js';
import { backendInfo, conv2d, type NDArray, setBackend, tensor, tidy } from '../src/index.js';
import * as T from '../src/index.js';

/** Deterministic values in [-1, 1) with a spread of exponents (so float32 sums round). */
function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = (s / 2147483648 - 0.5) * 2 * 2 ** ((i % 7) - 3);
  }
  return out;
}

/** The float32 result of `compute` on `threads` threads, as raw bits. */
function bitsOn(threads: number, compute: () => NDArray): Uint32Array {
  setCpuThreads(threads);
  const result = compute();
  const bits = new Uint32Array(new Float32Array(result.data()).buffer);
  result.dispose();
  return bits;
}

const rowMajor = (rows: number, cols: number, seed: number, batch: number[] = []) =>
  tensor(
    values(
      [...batch, rows, cols].reduce((p, s) => p * s, 1),
      seed,
    ),
    {
      shape: [...batch, rows, cols],
    },
  );

/** [name, a, b]: every shape the split must leave alone. */
const products: [string, () => NDArray, () => NDArray][] = [
  ['square 128', () => rowMajor(128, 128, 1), () => rowMajor(128, 128, 2)],
  ['odd sizes 131 × 77 × 203', () => rowMajor(131, 77, 3), () => rowMajor(77, 203, 4)],
  ['deep (k = 700 > 256)', () => rowMajor(45, 700, 5), () => rowMajor(700, 66, 6)],
  ['many rows, few columns', () => rowMajor(999, 300, 7), () => rowMajor(300, 9, 8)],
  ['batched', () => rowMajor(70, 300, 9, [3]), () => rowMajor(300, 90, 10, [3])],
  ['b transposed (x @ Wᵀ)', () => rowMajor(200, 300, 11), () => rowMajor(130, 300, 12).mT],
  ['a transposed', () => rowMajor(300, 150, 13).mT, () => rowMajor(300, 170, 14)],
  [
    'broadcast weight over a batch (linear layer)',
    () => rowMajor(64, 256, 15, [4]),
    () => rowMajor(256, 320, 16).expand(4, 256, 320),
  ],
  [
    'strided slices',
    () => rowMajor(300, 600, 17).slice(1, 0, 600, 2),
    () => rowMajor(600, 400, 18).slice(0, 0, 600, 2).slice(1, 5, 400),
  ],
];

describe.runIf(simdGemmEnabled())('threaded float32 matmul', () => {
  beforeAll(() => setBackend('cpu'));
  afterAll(() => setCpuThreads(undefined));

  test.each(products)('%s: bit-identical on 1, 2 and 3 threads', (_, a, b) => {
    const x = a();
    const y = b();
    const before = threadedProductCount();
    const one = bitsOn(1, () => x.matmul(y));
    expect(threadedProductCount()).toBe(before);
    const two = bitsOn(2, () => x.matmul(y));
    const three = bitsOn(3, () => x.matmul(y));
    // The pool did take these products (they are all above the threshold).
    expect(threadedProductCount()).toBeGreaterThan(before);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    x.dispose();
    y.dispose();
  });

  test('conv2d (unfold + matmul): bit-identical on 1 and 2 threads', () => {
    const x = tensor(values(2 * 16 * 24 * 24, 20), { shape: [2, 16, 24, 24] });
    const w = tensor(values(32 * 16 * 9, 21), { shape: [32, 16, 3, 3] });
    const bias = tensor(values(32, 22), { shape: [32] });
    const conv = () => tidy(() => conv2d(x, w, bias, { padding: 1 }));
    const before = threadedProductCount();
    const one = bitsOn(1, conv);
    const two = bitsOn(2, conv);
    expect(threadedProductCount()).toBeGreaterThan(before);
    expect(two).toEqual(one);
    for (const t of [x, w, bias]) t.dispose();
  });
});

/** [name, computation]: the in-heap kernels' splits (elements, rows, columns). */
const heapOps: [string, () => NDArray][] = [
  ['add, one long row', () => rowMajor(1, 300_001, 30).add(rowMajor(1, 300_001, 31))],
  ['mul by a bias row', () => rowMajor(999, 257, 32).mul(rowMajor(1, 257, 33))],
  ['div by a scalar', () => rowMajor(300, 301, 34).div(tensor(3))],
  ['gelu', () => rowMajor(517, 301, 35).gelu()],
  ['softmax rows', () => rowMajor(999, 65, 36).softmax(-1)],
  ['bias gradient: sum over rows', () => rowMajor(2001, 131, 37).sum(0)],
];

describe.runIf(simdGemmEnabled())('threaded in-heap kernels', () => {
  beforeAll(() => setBackend('cpu'));
  afterAll(() => setCpuThreads(undefined));

  test.each(heapOps)('%s: bit-identical on 1, 2 and 3 threads', (_, compute) => {
    const before = inHeapThreadedCount();
    const one = bitsOn(1, compute);
    expect(inHeapThreadedCount()).toBe(before);
    const two = bitsOn(2, compute);
    const three = bitsOn(3, compute);
    // The pool did take them (they are all above the threshold).
    expect(inHeapThreadedCount()).toBeGreaterThanOrEqual(before + 2);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });
});

describe('thread count', () => {
  afterEach(() => setCpuThreads(undefined));

  test('backendInfo reports the cpu backend threads', () => {
    setBackend('cpu');
    setCpuThreads(3);
    expect(backendInfo().threads).toBe(3);
    setCpuThreads(1);
    expect(backendInfo().threads).toBe(1);
  });

  test('the automatic choice is min(cores, 4) in Node', async () => {
    const { availableParallelism } = await import('node:os');
    setCpuThreads(undefined);
    const expected = process.env.TENSORGRAD_THREADS
      ? Number(process.env.TENSORGRAD_THREADS)
      : Math.min(availableParallelism(), 4);
    expect(cpuThreads().threads).toBe(expected);
  });

  test('a bad count is an error naming the setter', () => {
    expect(() => setCpuThreads(0)).toThrow('setCpuThreads: expected a whole number ≥ 1');
  });
});

describe('TENSORGRAD_THREADS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });
  const fresh = async (value: string) => {
    vi.stubEnv('TENSORGRAD_THREADS', value);
    vi.resetModules();
    return import('../src/index.js');
  };

  test('1 turns threads off, n asks for n', async () => {
    expect((await fresh('1')).backendInfo().threads).toBe(1);
    expect((await fresh('3')).backendInfo().threads).toBe(3);
  });

  test('a bad value is an error naming the variable', async () => {
    const T = await fresh('two');
    expect(() => T.backendInfo()).toThrow('TENSORGRAD_THREADS: expected a whole number ≥ 1');
  });
});

describe('a failing worker', () => {
  afterEach(() => {
    setCpuThreads(undefined);
    vi.restoreAllMocks();
  });

  test('its error reaches the calling thread, and threads go off', () => {
    setCpuThreads(2);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // touch(p, n): n times, load the float at byte p and store it back; traps when p is out of
    // bounds.
    const touch = new FunctionBuilder([I32, I32]);
    const i = touch.local(I32);
    touch.forLoop(
      i,
      () => touch.i32(0),
      () => touch.get(1),
      1,
      () => touch.get(0).get(0).f32Load().f32Store(),
    );
    const module = new WebAssembly.Module(encodeModule({ touch }, 4));
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    const local = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const pool = new KernelPool(module, memory, ['touch'], local, 1);
    expect(pool.ready()).toBe(1);
    pool.run(0, [
      [0, 10],
      [64, 10],
    ]);
    // The calling thread most likely takes the long first chunk and the worker the bad one: it
    // traps, and the calling thread runs that chunk again, which traps here too. (If the
    // threads take them the other way round, the trap is the calling thread's own.)
    const bad = [1 << 30, 1];
    expect(() => pool.run(0, [[0, 3_000_000], bad])).toThrow(/out of bounds/);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /(a worker thread|a kernel call) failed \(RuntimeError: memory access out of bounds/,
      ),
    );
    expect(pool.ready()).toBe(0);
    expect(cpuThreads().threads).toBe(1);
    expect(cpuThreads().reason).toMatch(/failed \(RuntimeError/);
    expect(backendInfo().threads).toBe(1);
  });
});

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe.runIf(existsSync(dist))('a program that used the pool (built dist)', () => {
  test('exits by itself, within seconds, with threaded results equal to one thread', () => {
    const script = `
      import { backendInfo, tensor } from ${JSON.stringify(dist)};
      const n = 300;
      const a = tensor(Array.from({ length: n * n }, (_, i) => Math.sin(i)), { shape: [n, n] });
      const c = a.matmul(a);
      console.log(JSON.stringify({ threads: backendInfo().threads, first: c.data()[0] }));
    `;
    const run = (threads: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, TENSORGRAD_THREADS: threads },
        encoding: 'utf8',
        timeout: 20_000,
      });
    const started = performance.now();
    const two = run('2');
    const seconds = (performance.now() - started) / 1000;
    expect(two.error).toBeUndefined();
    expect(two.stderr).toBe('');
    expect(two.status).toBe(0);
    expect(seconds).toBeLessThan(10);
    const one = run('1');
    expect(JSON.parse(two.stdout)).toEqual({ ...JSON.parse(one.stdout), threads: 2 });
  });
});

describe('setNumThreads / getNumThreads (torch.set_num_threads)', () => {
  afterEach(() => setCpuThreads(undefined));
  test('set the count the backend reports, and refuse a bad one naming the function', () => {
    T.setNumThreads(1);
    expect(T.getNumThreads()).toBe(1);
    T.setNumThreads(2);
    expect(T.getNumThreads()).toBe(2);
    expect(() => T.setNumThreads(0)).toThrow(
      /setNumThreads: expected a whole number ≥ 1, received 0/,
    );
    expect(() => T.setNumThreads(1.5)).toThrow(/setNumThreads/);
  });
});
