/**
 * One semantics on both backends at the edges: every unary and binary primitive (the ops
 * behind the autograd tables' `UNARY`/`BINARY` entries) on NaN, ±Infinity, ±0, subnormals,
 * float32's extremes and ordinary values — binary ops on the whole cross product — must give
 * the cpu's answer on the gpu; int32 must be exact beyond 2^24; reductions over an empty axis
 * must agree. Run it under `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` for real GLSL (headless GL);
 * without a display gpu.js runs its WebAssembly mode.
 *
 * Equality is exact (NaN equals NaN, and the sign of a zero counts), except that a finite,
 * normal, non-zero result may differ by rtol 1e-5 (float32 math in the kernels vs the cpu's
 * float64 then rounded). The one documented difference: a gpu that flushes subnormals
 * (`subnormals: 'flushed'`, headless GL) may read a subnormal input and write a subnormal
 * result as a zero of the same sign, so there a result also passes when it equals, after
 * flushing, the cpu's answer for some flushing of the inputs.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { BINARY_OPS, UNARY_OPS, type DType, type View } from '../src/backend/backend.js';
import type { GpuBackend } from '../src/backend/gpu/index.js';
import * as T from '../src/index.js';
import { cpu, gpuUnderTest, requireGl } from './gpu/harness.js';

const gpu = gpuUnderTest();
const flushes = gpu.subnormals === 'flushed';
afterAll(() => expect(gpu.memory().buffers).toBe(0));

const FLT_MIN = 1.1754943508222875e-38; // smallest normal float32
const FLT_MAX = 3.4028234663852886e38;

/** The inputs: special values, then a few ordinary ones (some past 8192 for sin and cos). */
const VALUES = [
  NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1e-45,
  -1e-45,
  1e-40,
  -1e-40,
  3.4028235e38,
  -3.4028235e38,
  1.17549435e-38,
  -1.17549435e-38,
  1,
  -1,
  0.5,
  -0.5,
  -0.3,
  2.5,
  -2.5,
  3,
  -7,
  88.72,
  100,
  1e-5,
  123456.7,
  1e10,
  1e37,
  -3e20,
].map(Math.fround);

/** The values a texture holds as they are (no subnormals): these run in the gpu's kernels. */
const ON_TEXTURES = VALUES.filter((v) => !(v !== 0 && Math.abs(v) < 1.1754943508222875e-38));

/** Ops whose results are bool. */
const PREDICATES = new Set(['isnan', 'isfinite', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);
PREDICATES.add('and').add('or').add('xor');

const text = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** A subnormal as the zero of its sign (what a flushing gpu reads and writes). */
function flush(x: number): number {
  return Math.abs(x) < FLT_MIN && x !== 0 ? (x < 0 ? -0 : 0) : x;
}

/** Equal as the header says: NaN = NaN, zeros by sign, rtol 1e-5 on normal finite results. */
function agrees(got: number, want: number): boolean {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (got === want) return want !== 0 || Object.is(got, want);
  const ordinary = Number.isFinite(want) && Math.abs(want) >= FLT_MIN;
  return ordinary && Number.isFinite(got) && Math.abs(got - want) <= 1e-5 * Math.abs(want);
}

/** Run `op` on `inputs` (one array per operand, float32 or `dtype`) on a backend, read back. */
function runOn(
  backend: typeof cpu | GpuBackend,
  op: string,
  inputs: readonly (readonly number[])[],
  dtype: DType,
  outDtype: DType,
): number[] {
  const data = inputs.map((values) => backend.upload(values, dtype));
  const views: View[] = data.map((d) => ({ data: d, shape: [d.size], strides: [1], offset: 0 }));
  const out =
    views.length === 1
      ? backend.unary(op as T.UnaryOp, views[0]!, outDtype)
      : backend.binary(op as T.BinaryOp, views[0]!, views[1]!, outDtype);
  try {
    return Array.from(backend.download({ ...views[0]!, data: out }));
  } finally {
    backend.dispose(out);
    for (const d of data) backend.dispose(d);
  }
}

/**
 * Every element where the gpu disagrees with the cpu, as `op(args): gpu x, cpu y` lines.
 * With a flushing gpu, the cpu is also asked on each flushing of the inputs (see the header).
 */
function disagreements(
  op: string,
  inputs: readonly (readonly number[])[],
  dtype: DType = 'float32',
): string[] {
  const outDtype: DType = PREDICATES.has(op) ? 'bool' : dtype;
  const got = runOn(gpu, op, inputs, dtype, outDtype);
  const exact = runOn(cpu, op, inputs, dtype, outDtype);
  const answers = [exact];
  if (flushes && dtype === 'float32') {
    const choices = inputs.map((x) => [x, x.map(flush)]);
    const combos: (readonly number[])[][] =
      choices.length === 1
        ? choices[0]!.map((x) => [x])
        : choices[0]!.flatMap((x) => choices[1]!.map((y) => [x, y]));
    for (const combo of combos) answers.push(runOn(cpu, op, combo, dtype, outDtype).map(flush));
  }
  const lines: string[] = [];
  got.forEach((g, i) => {
    const ok = answers.some((a) => agrees(g, a[i]!) || (flushes && agrees(flush(g), a[i]!)));
    if (!ok) {
      const args = inputs.map((x) => text(x[i]!)).join(', ');
      lines.push(`${op}(${args}): gpu ${text(g)}, cpu ${text(exact[i]!)}`);
    }
  });
  return lines;
}

describe('special values: the gpu gives the cpu answer', () => {
  test('the gpu reports how it treats subnormals, and does so', () => {
    // headless GL (llvmpipe) flushes; webasm is IEEE
    if (requireGl) expect(gpu.subnormals).toBe('flushed');
    if (gpu.mode === 'webasm') expect(gpu.subnormals).toBe('kept');
    // Normal inputs, a subnormal product: a flushing kernel writes zero.
    const [product] = runOn(gpu, 'mul', [[2 ** -70], [2 ** -60]], 'float32', 'float32');
    expect(product).toBe(flushes ? 0 : 2 ** -130);
  });

  // Without subnormals the data goes to textures and the gpu's kernels compute; with them, a
  // flushing gpu keeps the data on the host and the cpu computes (tested apart, below).
  test.each(UNARY_OPS.map((op) => [op]))('%s on every special value', (op) => {
    expect(disagreements(op, [ON_TEXTURES])).toEqual([]);
    expect(disagreements(op, [VALUES])).toEqual([]);
  });

  test.each(BINARY_OPS.map((op) => [op]))('%s on every pair of special values', (op) => {
    for (const values of [ON_TEXTURES, VALUES]) {
      const a = values.flatMap((x) => values.map(() => x));
      const b = values.flatMap(() => values);
      expect(disagreements(op, [a, b])).toEqual([]);
    }
  });

  test('the special values without subnormals do reach the kernels', () => {
    const handedOff = (): number => [...gpu.handoffs.values()].reduce((n, k) => n + k, 0);
    const before = handedOff();
    expect(disagreements('maximum', [ON_TEXTURES, [...ON_TEXTURES].reverse()])).toEqual([]);
    expect(handedOff()).toBe(before);
  });

  test('the disagreements of the issue, by name', () => {
    const [exp89] = runOn(gpu, 'exp', [[89]], 'float32', 'float32');
    expect(exp89).toBe(Infinity);
    expect(runOn(gpu, 'log1p', [[exp89!, 1e37, 3.4028235e38]], 'float32', 'float32')).toEqual([
      Infinity,
      Math.fround(Math.log1p(Math.fround(1e37))),
      Math.fround(Math.log1p(FLT_MAX)),
    ]);
    // torch: relu(-0) is -0, and maximum/minimum give their first operand on a tie.
    expect(runOn(gpu, 'relu', [[NaN, -0, -1]], 'float32', 'float32')).toEqual([NaN, -0, 0]);
    expect(
      runOn(
        gpu,
        'maximum',
        [
          [-0, 0],
          [0, -0],
        ],
        'float32',
        'float32',
      ),
    ).toEqual([-0, 0]);
    expect(
      runOn(
        gpu,
        'minimum',
        [
          [-0, 0],
          [0, -0],
        ],
        'float32',
        'float32',
      ),
    ).toEqual([-0, 0]);
    expect(runOn(gpu, 'sign', [[NaN, -0, -1e-3]], 'float32', 'float32')).toEqual([0, 0, -1]); // torch.sign
    expect(
      runOn(
        gpu,
        'div',
        [
          [0, -0],
          [-1, 3],
        ],
        'float32',
        'float32',
      ),
    ).toEqual([-0, -0]);
    // sin(1e37) came out -1 (the driver's sin); 0.0695 is the float32 answer
    const [sin] = runOn(gpu, 'sin', [[1e37]], 'float32', 'float32');
    expect(sin).toBeCloseTo(Math.sin(Math.fround(1e37)), 6);
    // gpu.js's uniform cache compares with ===, so -0 after +0 was sent as +0.
    const zeros = [0, -0, 0, -0].map((v) => {
      const data = gpu.fill(1, v, 'float32');
      const [z] = gpu.download({ data, shape: [1], strides: [1], offset: 0 });
      gpu.dispose(data);
      return z;
    });
    expect(zeros.map((z) => Object.is(z, -0))).toEqual([false, true, false, true]);
    // A flushing gpu keeps subnormal data on the host and hands its ops to the cpu ...
    expect(runOn(gpu, 'floor', [[-1e-45]], 'float32', 'float32')).toEqual([-1]);
    // ... the documented exception: a gpu kernel's result that underflows is flushed.
    const [tiny] = runOn(gpu, 'mul', [[1e-30], [1e-10]], 'float32', 'float32');
    expect(tiny).toBe(flushes ? 0 : Math.fround(Math.fround(1e-30) * Math.fround(1e-10)));
  });

  test('subnormal data on a flushing gpu: kept on the host, its ops handed to the cpu', () => {
    const handoffs = gpu.handoffs;
    const reason = 'float32 subnormals are kept on the host (this device flushes them to zero)';
    const before = handoffs.get(reason) ?? 0;
    const x = gpu.upload([1e-40, -1e-45, 2], 'float32');
    const filled = gpu.fill(2, -1e-42, 'float32');
    try {
      expect(Array.from(gpu.readAll(x))).toEqual([1e-40, -1e-45, 2].map(Math.fround));
      expect(Array.from(gpu.readAll(filled))).toEqual([Math.fround(-1e-42), Math.fround(-1e-42)]);
      const view = { data: x, shape: [3], strides: [1], offset: 0 };
      const sum = gpu.binary('add', view, view, 'float32');
      try {
        // 2 · 1e-40 is subnormal too: the cpu computed it and the result stays on the host.
        const doubled = [1e-40, -1e-45, 2].map((v) => Math.fround(Math.fround(v) * 2));
        expect(Array.from(gpu.readAll(sum))).toEqual(doubled);
      } finally {
        gpu.dispose(sum);
      }
      if (flushes) expect(handoffs.get(reason)).toBeGreaterThan(before);
    } finally {
      gpu.dispose(x);
      gpu.dispose(filled);
    }
  });
});

describe('int32 is exact over the int32 range', () => {
  const INTS = [
    0, 1, -1, 7, -3, 4095, 4097, 16777216, 16777217, -16777217, 2147483647, -2147483648,
  ];

  test('uploads beyond 2^24 read back exactly (kept on the host)', () => {
    const x = gpu.upload(INTS, 'int32');
    expect(Array.from(gpu.readAll(x))).toEqual(INTS);
    const view = { data: x, shape: [3], strides: [-2], offset: 10 };
    expect(Array.from(gpu.download(view))).toEqual([2147483647, 16777217, 4097]);
    gpu.dispose(x);
  });

  test('an int32 matmul giving 16777217 returns 16777217', () => {
    const a = gpu.upload([4096, 1], 'int32');
    const b = gpu.upload([4096, 1], 'int32');
    const view = (data: T.BackendData, shape: number[]): View => ({
      data,
      shape,
      strides: shape.length === 2 ? [shape[1]!, 1] : [1],
      offset: 0,
    });
    const c = gpu.matmul(view(a, [1, 2]), view(b, [2, 1]), 'int32');
    expect(Array.from(gpu.readAll(c))).toEqual([16777217]);
    for (const d of [a, b, c]) gpu.dispose(d);
  });

  test.each(['neg', 'abs', 'sign', 'relu', 'floor', 'ceil', 'round', 'square'].map((op) => [op]))(
    'unary %s matches the cpu exactly',
    (op) => {
      expect(disagreements(op, [INTS], 'int32')).toEqual([]);
    },
  );

  const BINARY_INT = ['add', 'sub', 'mul', 'pow', 'maximum', 'minimum', 'mod', 'eq', 'lt', 'ge'];
  test.each(BINARY_INT.map((op) => [op]))('binary %s matches the cpu exactly', (op) => {
    const a = INTS.flatMap((x) => INTS.map(() => x));
    const b = INTS.flatMap(() => INTS);
    expect(disagreements(op, [a, b], 'int32')).toEqual([]);
  });

  test('sums, products, cumsum and fill are exact', () => {
    const x = gpu.upload([16777216, 1, 3], 'int32');
    const whole: View = { data: x, shape: [3], strides: [1], offset: 0 };
    const sum = gpu.reduce('sum', whole, [0], 'int32');
    const prod = gpu.reduce('prod', whole, [0], 'int32');
    const scan = gpu.cumsum(whole, 0, 'int32');
    const filled = gpu.fill(2, 16777217, 'int32');
    expect(Array.from(gpu.readAll(sum))).toEqual([16777220]);
    expect(Array.from(gpu.readAll(prod))).toEqual([50331648]);
    expect(Array.from(gpu.readAll(scan))).toEqual([16777216, 16777217, 16777220]);
    expect(Array.from(gpu.readAll(filled))).toEqual([16777217, 16777217]);
    for (const d of [x, sum, prod, scan, filled]) gpu.dispose(d);
  });

  test('int32 arithmetic is handed to the cpu, moving values stays on the gpu', () => {
    const arithmetic = 'int32 arithmetic runs on cpu (exact beyond 2^24)';
    const before = gpu.handoffs.get(arithmetic) ?? 0;
    const x = gpu.upload([3, 1, 2], 'int32');
    const whole: View = { data: x, shape: [3], strides: [1], offset: 0 };
    const added = gpu.binary('add', whole, whole, 'int32');
    expect(gpu.handoffs.get(arithmetic)).toBe(before + 1);
    const biggest = gpu.reduce('argmax', whole, [0], 'int32');
    const copied = gpu.copy(whole, 'float32');
    expect(gpu.handoffs.get(arithmetic)).toBe(before + 1);
    expect(Array.from(gpu.readAll(biggest))).toEqual([0]);
    for (const d of [x, added, biggest, copied]) gpu.dispose(d);
  });
});

describe('reductions over an empty axis agree on both backends (and with torch)', () => {
  const outcome = (f: () => T.NDArray): string => {
    try {
      const y = f();
      const result = `${T.shapeString(y.shape)} ${JSON.stringify(y.toArray())}`;
      y.dispose();
      return result;
    } catch (err) {
      return `throws: ${(err as Error).message}`;
    }
  };
  // torch 1.13 on torch.zeros(2, 0) along dim -1 (and torch.zeros(0, 3) along dim 0)
  const CASES: [string, (x: T.NDArray) => T.NDArray, string][] = [
    ['softmax', (x) => T.softmax(x, -1), '[2, 0] [[],[]]'],
    ['logSoftmax', (x) => T.logSoftmax(x, -1), '[2, 0] [[],[]]'],
    ['softmax of [0, 3] along 0', (x) => T.softmax(x.reshape([0, 2]), 0), '[0, 2] []'],
    ['sum', (x) => T.sum(x, -1), '[2] [0,0]'],
    ['mean', (x) => T.mean(x, -1), '[2] [null,null]'],
    ['prod', (x) => T.prod(x, -1), '[2] [1,1]'],
    ['cumsum', (x) => T.cumsum(x, -1), '[2, 0] [[],[]]'],
    ['max', (x) => T.max(x, -1), 'throws: max: cannot reduce over an empty axis'],
    ['argmax', (x) => T.argmax(x, -1), 'throws: argmax: cannot reduce over an empty axis'],
  ];

  test.each(CASES)('%s', (_, f, expected) => {
    const results = (['cpu', 'gpu'] as const).map((backend) =>
      outcome(() => f(T.zeros([2, 0], { backend }))),
    );
    expect(results[0]!.startsWith(expected)).toBe(true);
    expect(results[1]).toBe(results[0]);
  });
});

describe('backendInfo reports the subnormal treatment of the current gpu', () => {
  test('present for the gpu, absent for the cpu', () => {
    T.setBackend('gpu');
    try {
      const info = T.backendInfo();
      expect(info.subnormals).toBe(T.getBackend().subnormals);
      expect(['kept', 'flushed']).toContain(info.subnormals);
    } finally {
      T.setBackend('cpu');
    }
    expect(T.backendInfo().subnormals).toBeUndefined();
  });
});
