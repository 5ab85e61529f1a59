/**
 * The gpu backend as a whole: which gpu.js mode it runs in (and that CI under xvfb really
 * gets headless GL), the primitive list, memory accounting with deterministic frees, no
 * texture leaks, kernel reuse across sizes, and the cpu hand-offs.
 */
import { describe, expect, test } from 'vitest';
import { PRIMITIVES, type View } from '../../src/backend/backend.js';
import { createGpuBackend, GpuBackend } from '../../src/backend/gpu/index.js';
import {
  cpu,
  disposePairs,
  expectSame,
  gpuUnderTest,
  pairOf,
  randomPair,
  requireGl,
  rng,
} from './harness.js';

const gpu = gpuUnderTest();
const whole = (data: View['data'], shape = [data.size]): View => {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { data, shape, strides, offset: 0 };
};

describe('mode', () => {
  test('createGpuBackend says which mode it took and why', () => {
    const choice = createGpuBackend();
    expect(choice.backend).toBeInstanceOf(GpuBackend);
    expect(['headlessgl', 'webgl2', 'webgl', 'webasm']).toContain(choice.mode);
    expect(choice.backend!.mode).toBe(choice.mode);
    expect(choice.reason.length).toBeGreaterThan(0);
    if (choice.mode === 'webasm') expect(choice.reason).toMatch(/no GL context/);
  });

  test.runIf(requireGl)('TENSORGRAD_REQUIRE_GL=1: kernels really run on headless GL', () => {
    expect(gpu.mode).toBe('headlessgl');
    expect(gpu.glTextureBalance).not.toBeNull();
    // gpu.js would have thrown in compile() had any kernel fallen back to its cpu kernel.
  });

  test('an unavailable or unknown mode is refused with a reason, never silently replaced', () => {
    const bogus = createGpuBackend({ mode: 'cuda' });
    expect(bogus.backend).toBeNull();
    expect(bogus.reason).toMatch(/unknown gpu mode "cuda"/);
    if (gpu.mode === 'webasm') {
      const gl = createGpuBackend({ mode: 'headlessgl' });
      expect(gl.backend).toBeNull();
      expect(gl.reason).toMatch(/not available/);
    }
  });
});

describe('contract', () => {
  test('implements every primitive', () => {
    for (const name of PRIMITIVES) expect(typeof gpu[name], name).toBe('function');
  });

  test('float64 is not supported and is refused by upload', () => {
    expect(gpu.supports('float64')).toBe(false);
    expect(gpu.supports('float32') && gpu.supports('int32') && gpu.supports('bool')).toBe(true);
    expect(() => gpu.upload([1], 'float64')).toThrow(/float64 is not supported/);
  });

  test('int32 is exact over its whole range (beyond 2^24 kept on the host)', () => {
    const values = [2 ** 24, -(2 ** 24), 2 ** 24 + 1, 2147483647, -2147483648];
    const x = gpu.upload(values, 'int32');
    expect(Array.from(gpu.download(whole(x)))).toEqual(values);
    gpu.dispose(x);
  });
});

describe('index math', () => {
  test('stays exact over a million elements (transposed, offset, odd sizes)', () => {
    const random = rng(21);
    const [h, w] = [1021, 1027];
    const values = Array.from({ length: h * w + 3 }, () => random());
    const x = pairOf(gpu, values, 'float32', [w, h], [1, w], 3); // a transposed view at offset 3
    expectSame(gpu, gpu.copy(x.gpu, 'float32'), cpu.copy(x.cpu, 'float32'), [w, h], {
      rtol: 0,
      atol: 0,
    });
    disposePairs(gpu, x);
  });

  test('non-finite fill values survive the trip through a uniform', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      const x = gpu.fill(3, value, 'float32');
      expect(Array.from(gpu.download(whole(x)))).toEqual([value, value, value]);
      gpu.dispose(x);
    }
  });
});

describe('pipelining', () => {
  test('a kernel may read its own latest output (regression: "Source and destination textures are the same")', () => {
    // cat is a chain of setSlice calls, each reading the one before; x + x + ... likewise.
    const x = gpu.upload([1, 2, 3, 4], 'float32');
    let y = gpu.binary('add', whole(x), whole(x), 'float32');
    for (let i = 0; i < 3; i++) {
      const next = gpu.binary('add', whole(y), whole(y), 'float32');
      gpu.dispose(y);
      y = next;
    }
    expect(Array.from(gpu.download(whole(y)))).toEqual([16, 32, 48, 64]);
    const zeros = gpu.fill(8, 0, 'float32');
    const first = gpu.setSlice(whole(zeros), [0], [1], whole(x));
    const second = gpu.setSlice(whole(first), [4], [1], whole(y));
    expect(Array.from(gpu.download(whole(second)))).toEqual([1, 2, 3, 4, 16, 32, 48, 64]);
    for (const data of [x, y, zeros, first, second]) gpu.dispose(data);
  });
});

describe('memory', () => {
  test('dispose frees at once; a second dispose or a use after it throws', () => {
    const before = gpu.memory();
    const x = gpu.upload([1, 2, 3, 4], 'float32');
    const during = gpu.memory();
    expect(during.buffers).toBe(before.buffers + 1);
    expect(during.bytes).toBeGreaterThanOrEqual(before.bytes + 16);
    gpu.dispose(x);
    expect(gpu.memory()).toEqual(before);
    expect(() => gpu.dispose(x)).toThrow(/already disposed/);
    expect(() => gpu.unary('neg', whole(x), 'float32')).toThrow(/expected live data/);
  });

  test('no leak: buffers, bytes and GL textures are the same before and after many ops', () => {
    const workload = () => {
      // Same seed each time: the same layouts, so no new kernel (and kernel texture) appears.
      const random = rng(8);
      const a = randomPair(gpu, random, [4, 6]);
      const b = randomPair(gpu, random, [6, 3]);
      for (let i = 0; i < 10; i++) {
        const e = gpu.unary('exp', a.gpu, 'float32');
        const s = gpu.binary('add', whole(e, [4, 6]), a.gpu, 'float32');
        const m = gpu.matmul(whole(s, [4, 6]), b.gpu, 'float32');
        const r = gpu.reduce('sum', whole(m, [4, 3]), [1], 'float32');
        const filled = gpu.fill(40_000, i, 'float32');
        const big = gpu.reduce('max', whole(filled), [0], 'float32'); // two passes
        gpu.download(whole(r));
        for (const data of [e, s, m, r, filled, big]) gpu.dispose(data);
      }
      const sorted = gpu.sort(a.gpu, 1, false); // a cpu hand-off: must free its cpu copies too
      gpu.dispose(sorted.values);
      gpu.dispose(sorted.indices);
      disposePairs(gpu, a, b);
    };
    workload(); // compiles every kernel; each keeps one reusable output texture
    const before = {
      ...gpu.memory(),
      gl: gpu.glTextureBalance,
      cpu: cpu.memory(),
      kernels: gpu.compiledKernels,
    };
    workload();
    workload();
    // (Leaving any one result undisposed makes this fail: checked while writing it.)
    expect({
      ...gpu.memory(),
      gl: gpu.glTextureBalance,
      cpu: cpu.memory(),
      kernels: gpu.compiledKernels,
    }).toEqual(before);
  });

  test('one compiled kernel serves every size of a rank/op/dtype', () => {
    const random = rng(12);
    // Contiguous, as the inputs below: a whole contiguous input takes a kernel of its own
    // (read at the output's texel, `kernels/elementwise.ts`).
    const x = randomPair(gpu, random, [5], 'float32', 'contiguous');
    const warm = gpu.unary('sin', x.gpu, 'float32');
    gpu.dispose(warm);
    const compiled = gpu.compiledKernels;
    for (const n of [1, 3, 17, 100, 1000]) {
      const y = randomPair(gpu, random, [n], 'float32', 'contiguous');
      expectSame(gpu, gpu.unary('sin', y.gpu, 'float32'), cpu.unary('sin', y.cpu, 'float32'), [n]);
      disposePairs(gpu, y);
    }
    expect(gpu.compiledKernels).toBe(compiled);
    disposePairs(gpu, x);
  });
});

describe('hand-offs to the cpu', () => {
  test('rank above 6 runs on the cpu and still matches', () => {
    const random = rng(13);
    const shape = [2, 1, 2, 1, 2, 1, 2];
    const x = randomPair(gpu, random, shape);
    const before = gpu.handoffs.get('rank above 6') ?? 0;
    expectSame(gpu, gpu.unary('neg', x.gpu, 'float32'), cpu.unary('neg', x.cpu, 'float32'), shape);
    expect(gpu.handoffs.get('rank above 6')).toBe(before + 1);
    disposePairs(gpu, x);
  });
});
