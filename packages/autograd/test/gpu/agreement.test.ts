/**
 * The same gradients on the gpu backend (float32) as on the cpu backend, for every sample of the
 * op table, and no leaked textures. Without a display gpu.js runs in its fallback mode; under
 * `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` the gpu backend must be real headless GL.
 *
 * Tolerance: float32 results of the two backends differ by rounding (different summation order,
 * GLSL transcendental functions), so an element agrees when |gpu - cpu| <= 1e-4 + 1e-3 |cpu|.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { type Tensor, fromRaw, memory, tidy } from '@tensorgrad/autograd';
import { type NDArray, gpuAvailability, setBackend, tensor as rawTensor } from '@tensorgrad/tensor';
import { OP_SAMPLES, type OpSample, Sampler } from '../op-samples.js';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
const ATOL = 1e-4;
const RTOL = 1e-3;

if (!gpu.available) {
  if (requireGl)
    throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);
  console.warn(`[autograd gpu tests] skipped: no gpu backend can be created here (${gpu.reason})`);
}

/** A fixed projection vector, so that one backward checks a full vector-Jacobian product. */
function projection(shape: readonly number[]): NDArray {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => ((i * 7919) % 13) / 13 - 0.45);
  return rawTensor(values, { dtype: 'float32', shape });
}

interface Result {
  readonly out: Float64Array;
  readonly grads: (Float64Array | null)[];
  readonly gradBackends: (string | null)[];
}

/** Forward and backward of one sample on the current backend, read back to the host. */
function run(sample: OpSample): Result {
  return tidy(() => {
    const inputs = sample.inputs(new Sampler(7, 'float32'));
    const leaves = inputs.map((x) => fromRaw(x, x.dtype === 'float32'));
    const out = sample.fn(...leaves);
    out
      .cast('float32')
      .mul(fromRaw(projection(out.shape)))
      .sum()
      .backward();
    const result = {
      out: Float64Array.from(out.data()),
      grads: leaves.map((l: Tensor) => (l.grad === null ? null : Float64Array.from(l.grad.data()))),
      gradBackends: leaves.map((l: Tensor) => l.grad?.backend ?? null),
    };
    // Leaf grads outlive tidy by design; these leaves are about to go, so free them.
    for (const leaf of leaves) leaf.zeroGrad();
    return result;
  });
}

function expectClose(
  gpuValues: Float64Array,
  cpuValues: Float64Array,
  what: string,
  tolerance: number,
): void {
  expect(gpuValues.length, what).toBe(cpuValues.length);
  let worst = { i: -1, excess: 0 };
  cpuValues.forEach((c, i) => {
    const g = gpuValues[i] as number;
    const excess = Math.abs(g - c) - tolerance * (ATOL + RTOL * Math.abs(c));
    if (Number.isNaN(g) !== Number.isNaN(c) || excess > worst.excess)
      worst = { i, excess: Number.isNaN(excess) ? Infinity : excess };
  });
  const i = worst.i;
  expect(i, `${what}: element ${i} differs: gpu ${gpuValues[i]} vs cpu ${cpuValues[i]}`).toBe(-1);
}

describe.skipIf(!gpu.available)(`gpu agreement (gpu.js mode: ${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));

  test.runIf(requireGl)('TENSORGRAD_REQUIRE_GL=1 runs on real headless GL', () => {
    expect(gpu.mode).toBe('headlessgl');
  });

  test.each(
    OP_SAMPLES.map(
      (s, i) => [`${s.name}${s.note === undefined ? '' : ` (${s.note})`} #${i}`, s] as const,
    ),
  )('%s', (_label, sample) => {
    setBackend('cpu');
    const reference = run(sample);
    setBackend('gpu');
    const before = memory();
    const result = run(sample);
    const after = memory();
    setBackend('cpu');
    const tolerance = sample.gpuTolerance ?? 1;
    expectClose(result.out, reference.out, 'forward', tolerance);
    result.grads.forEach((g, k) => {
      const r = reference.grads[k];
      expect(g === null, `grad of input ${k} present on one backend only`).toBe(r === null);
      if (g !== null && r !== null) expectClose(g, r, `grad of input ${k}`, tolerance);
    });
    // float32 gradients were computed on the gpu (float64 work is handed to the cpu by design).
    result.gradBackends.forEach((b) => b !== null && expect(b).toBe('gpu'));
    expect(
      { tensors: after.tensors, buffers: after.buffers },
      'leaked tensors or textures',
    ).toEqual({
      tensors: before.tensors,
      buffers: before.buffers,
    });
  });
});
