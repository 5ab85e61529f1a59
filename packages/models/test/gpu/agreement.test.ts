/**
 * Every network on the gpu backend gives the cpu's outputs and parameter gradients, with
 * configurations the parity fixtures do not use (the fixtures themselves run on the gpu through
 * `npm run parity -- <dir> --backend gpu`, which CI runs under xvfb). Each case builds the
 * network on the cpu, runs forward and a projected backward, moves the same network to the gpu
 * (`module.to('gpu')`) and runs again; no buffer may stay behind. Without a display gpu.js runs
 * its WebAssembly mode; under `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` (`npm run test:gl`) the gpu
 * backend must be real headless GL.
 *
 * Tolerance: |gpu - cpu| <= 1e-4 + 1e-3 |cpu| for outputs, 1e-4 + 1e-2 |cpu| for gradients
 * (whole networks: float32 rounding of different summation orders adds up through the layers,
 * as the parity runner's gpu tolerances state).
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Tensor,
  dispose,
  gpuAvailability,
  manualSeed,
  memory,
  noGrad,
  randn,
  setBackend,
  tensor,
  tidy,
} from '@tensorgrad/autograd';
import type { Module } from '@tensorgrad/nn';
import {
  ATSViT,
  Adapter,
  CrossViT,
  LearnableMemoryViT,
  Memformer,
  ScalableViT,
} from '@tensorgrad/models';
import { TINY_CROSS_VIT, TINY_SCALABLE_VIT } from '../tiny-configs.js';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
if (!gpu.available && requireGl)
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);

/** A fixed, uneven vector of the given shape, on the current backend. */
function ramp(shape: readonly number[], scale = 1): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => (((i * 7919) % 13) / 13 - 0.45) * scale);
  return tensor(values, { dtype: 'float32' }).reshape([...shape]);
}

interface Case {
  readonly name: string;
  readonly build: () => Module;
  /** The inputs (made on the cpu). */
  readonly inputs: () => Tensor[];
  readonly forward: (m: Module, ...inputs: Tensor[]) => Tensor[];
}

interface Run {
  readonly outputs: number[][];
  readonly grads: Map<string, number[]>;
}

function run(c: Case, m: Module, inputs: Tensor[]): Run {
  return tidy(() => {
    const outputs = c.forward(m, ...inputs);
    let loss: Tensor | null = null;
    for (const out of outputs) {
      const term = out.mul(ramp(out.shape)).sum();
      loss = loss === null ? term : loss.add(term);
    }
    loss!.backward();
    const read = (t: Tensor) => [...t.data()].map(Number);
    const grads = new Map<string, number[]>();
    for (const [name, p] of m.namedParameters()) {
      if (p.grad !== null) grads.set(name, read(p.grad));
      p.zeroGrad();
    }
    return { outputs: outputs.map(read), grads };
  });
}

function expectClose(gpuValues: number[], cpuValues: number[], rtol: number, what: string): void {
  expect(gpuValues.length, `${what}: length`).toBe(cpuValues.length);
  let worst = -1;
  let worstExcess = 0;
  cpuValues.forEach((c, k) => {
    const excess = Math.abs(gpuValues[k]! - c) - (1e-4 + rtol * Math.abs(c));
    if (!(excess <= worstExcess)) {
      worst = k;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  });
  expect(
    worst,
    `${what}: element ${worst} is ${gpuValues[worst]} on the gpu, ${cpuValues[worst]} on the cpu`,
  ).toBe(-1);
}

const img = (h: number, w: number) => () => [randn([2, 3, h, w])];
const vit = () =>
  new LearnableMemoryViT({
    imageSize: [8, 12],
    patchSize: 4,
    numClasses: 5,
    dim: 8,
    depth: 2,
    heads: 2,
    dimHead: 4,
    mlpDim: 16,
  });

const CASES: Case[] = [
  {
    name: 'learnable-memory ViT (non-square image)',
    build: vit,
    inputs: img(8, 12),
    forward: (m, x) => [(m as LearnableMemoryViT).forward(x!)],
  },
  {
    name: 'Adapter (memories, attention mask)',
    build: () => new Adapter({ vit: vit(), numMemoriesPerLayer: 3, numClasses: 4 }),
    inputs: img(8, 12),
    forward: (m, x) => [(m as Adapter).forward(x!)],
  },
  {
    name: 'ATS-ViT (token sampling with fixed noise)',
    build: () =>
      new ATSViT({
        imageSize: 16,
        patchSize: 4,
        numClasses: 5,
        dim: 8,
        depth: 2,
        maxTokensPerDepth: [8, 4],
        heads: 2,
        dimHead: 4,
        mlpDim: 16,
        sampleGumbel: (shape) => ramp(shape, 3),
      }),
    inputs: img(16, 16),
    forward: (m, x) => {
      const [logits, ids] = (m as ATSViT).forward(x!, { returnSampledTokenIds: true });
      return [logits, ids.cast('float32')];
    },
  },
  {
    name: 'CrossViT (projected cross attention)',
    build: () => new CrossViT(TINY_CROSS_VIT),
    inputs: img(16, 16),
    forward: (m, x) => [(m as CrossViT).forward(x!)],
  },
  {
    name: 'ScalableViT (reduction, windows, non-square image)',
    build: () => new ScalableViT(TINY_SCALABLE_VIT),
    inputs: img(16, 24),
    forward: (m, x) => [(m as ScalableViT).forward(x!)],
  },
  {
    name: 'Memformer (two segments, padded source, decoder loss)',
    build: () =>
      new Memformer({
        dim: 8,
        numMemorySlots: 3,
        memUpdateAttnHeads: 2,
        encNumTokens: 20,
        encDepth: 1,
        encHeads: 2,
        encMaxSeqLen: 8,
        decNumTokens: 20,
        decDepth: 1,
        decHeads: 2,
        decMaxSeqLen: 8,
      }),
    inputs: () => [
      tensor(
        [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
        { dtype: 'int32' },
      ),
      tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: 'int32' },
      ),
      tensor([
        [true, true, true, true],
        [true, true, false, false],
      ]),
    ],
    forward: (m, src, tgt, srcMask) => {
      const model = m as Memformer;
      const seg1 = model.forward(src!, { tgt, srcMask });
      const seg2 = model.forward(src!, { tgt, srcMask, mems: seg1.mem });
      return [seg1.decOut!, seg2.decOut!, seg2.mem, seg2.encOut];
    },
  },
];

describe.skipIf(!gpu.available)(`the networks on the gpu backend (gpu.js mode ${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));

  test.runIf(requireGl)('TENSORGRAD_REQUIRE_GL=1 runs on real headless GL', () => {
    expect(gpu.mode).toBe('headlessgl');
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    setBackend('cpu');
    manualSeed(11);
    const m = c.build();
    const inputs = c.inputs();
    const buffersBefore = m.buffers().map((b) => b.clone());
    const onCpu = run(c, m, inputs);
    noGrad(() => m.buffers().forEach((b, k) => b.assign(buffersBefore[k]!)));
    dispose(buffersBefore);

    setBackend('gpu');
    const before = memory().buffers;
    const moduleTensors = m.parameters().length + m.buffers().length;
    m.to('gpu');
    const gpuInputs = inputs.map((x) => x.to('gpu'));
    const onGpu = run(c, m, gpuInputs);
    expect(m.parameters().every((p) => p.backend === 'gpu')).toBe(true);
    for (const t of [...m.parameters(), ...m.buffers(), ...gpuInputs]) t.dispose();
    const after = memory().buffers;
    setBackend('cpu');

    onCpu.outputs.forEach((o, k) => expectClose(onGpu.outputs[k]!, o, 1e-3, `output ${k}`));
    expect([...onGpu.grads.keys()]).toEqual([...onCpu.grads.keys()]);
    expect(onCpu.grads.size).toBeGreaterThan(0);
    for (const [name, g] of onCpu.grads) expectClose(onGpu.grads.get(name)!, g, 1e-2, name);
    expect(after, 'buffers left behind').toBe(before - moduleTensors);
  });
});
