/**
 * nn on the gpu backend: every layer family, the losses, einops and the optimizers give the
 * cpu's outputs and gradients (float32 on both; an element agrees when |gpu - cpu| <= 1e-4 +
 * 1e-3 |cpu|), and leave no texture behind. Each case builds its module on the cpu, runs
 * forward and a projected backward, then moves the same module to the gpu (`module.to('gpu')`)
 * and runs again. Without a display gpu.js runs its WebAssembly mode; under
 * `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a` (`npm run test:gl`) the gpu backend must be real
 * headless GL.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  type Tensor,
  gpuAvailability,
  dispose,
  manualSeed,
  memory,
  noGrad,
  randn,
  setBackend,
  tensor,
  tidy,
} from '@tensorgrad/autograd';
import {
  Adam,
  AvgPool2d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  Embedding,
  F,
  GELU,
  GRUCell,
  GroupNorm,
  LayerNorm,
  Linear,
  LogSoftmax,
  MaxPool2d,
  Module,
  SGD,
  SiLU,
  Softmax,
  einsum,
  padSequence,
  rearrange,
  reduce,
} from '@tensorgrad/nn';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
if (!gpu.available && requireGl)
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend can be created: ${gpu.reason}`);

const ATOL = 1e-4;
const RTOL = 1e-3;

/** A fixed, uneven projection (on the current backend), so that one backward checks a whole vector-Jacobian product. */
function projection(shape: readonly number[]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Array.from({ length: size }, (_, i) => ((i * 7919) % 13) / 13 - 0.45),
    { dtype: 'float32' },
  ).reshape([...shape]);
}

/** One case: a module (or null) and a function of it and of its inputs. */
interface Case {
  readonly name: string;
  readonly module: () => Module | null;
  /** Inputs, made on the cpu; float inputs get gradients. */
  readonly inputs: () => Tensor[];
  readonly forward: (m: Module | null, ...inputs: Tensor[]) => Tensor | Tensor[];
}

interface Run {
  readonly outputs: number[][];
  readonly grads: number[][];
  readonly backends: string[];
}

/** Forward, projected backward, and everything read back, on the backend the tensors are on. */
function run(c: Case, m: Module | null, inputs: Tensor[]): Run {
  return tidy(() => {
    const result = c.forward(m, ...inputs);
    const outputs = Array.isArray(result) ? result : [result];
    let loss: Tensor | null = null;
    for (const out of outputs) {
      if (!out.isFloatingPoint) continue;
      const term = out.mul(projection(out.shape)).sum();
      loss = loss === null ? term : loss.add(term);
    }
    const leaves = [...(m?.parameters() ?? []), ...inputs.filter((x) => x.requiresGrad)];
    if (loss !== null && leaves.length > 0) loss.backward();
    const read = (t: Tensor) => [...t.data()].map(Number);
    const runResult = {
      outputs: outputs.map(read),
      grads: leaves.map((l) => (l.grad === null ? [] : read(l.grad))),
      backends: outputs.map((o) => o.backend),
    };
    for (const l of leaves) l.zeroGrad();
    return runResult;
  });
}

function expectClose(gpuValues: number[], cpuValues: number[], what: string): void {
  expect(gpuValues.length, `${what}: length`).toBe(cpuValues.length);
  const i = cpuValues.findIndex((c, k) => {
    const g = gpuValues[k]!;
    return Number.isNaN(g) !== Number.isNaN(c) || Math.abs(g - c) > ATOL + RTOL * Math.abs(c);
  });
  expect(i, `${what}: element ${i} is ${gpuValues[i]} on the gpu, ${cpuValues[i]} on the cpu`).toBe(
    -1,
  );
}

const images = () => [randn([2, 3, 7, 6]).requiresGrad_()];
const CASES: Case[] = [
  {
    name: 'Linear',
    module: () => new Linear(5, 3),
    inputs: () => [randn([4, 5]).requiresGrad_()],
    forward: (m, x) => (m as Linear).forward(x!),
  },
  {
    name: 'Conv2d, stride 2, padding 1',
    module: () => new Conv2d(3, 4, 3, { stride: 2, padding: 1 }),
    inputs: images,
    forward: (m, x) => (m as Conv2d).forward(x!),
  },
  {
    name: 'Conv2d, 2 groups, dilation 2',
    module: () => new Conv2d(4, 6, 3, { groups: 2, dilation: 2, padding: 2 }),
    inputs: () => [randn([1, 4, 6, 5]).requiresGrad_()],
    forward: (m, x) => (m as Conv2d).forward(x!),
  },
  {
    name: 'Conv1d',
    module: () => new Conv1d(3, 4, 3, { padding: 1 }),
    inputs: () => [randn([2, 3, 8]).requiresGrad_()],
    forward: (m, x) => (m as Conv1d).forward(x!),
  },
  {
    name: 'LayerNorm',
    module: () => new LayerNorm(6),
    inputs: () => [randn([2, 4, 6]).requiresGrad_()],
    forward: (m, x) => (m as LayerNorm).forward(x!),
  },
  {
    name: 'GroupNorm',
    module: () => new GroupNorm(2, 4),
    inputs: () => [randn([2, 4, 3, 3]).requiresGrad_()],
    forward: (m, x) => (m as GroupNorm).forward(x!),
  },
  {
    name: 'BatchNorm2d, training: output and running statistics',
    module: () => new BatchNorm2d(3),
    inputs: images,
    forward: (m, x) => {
      const norm = m as BatchNorm2d;
      return [norm.forward(x!), norm.runningMean!.mul(1), norm.runningVar!.mul(1)];
    },
  },
  {
    name: 'Embedding (the gradient scatters into the used rows)',
    module: () => new Embedding(10, 4),
    inputs: () => [
      tensor(
        [
          [1, 3, 3],
          [9, 0, 1],
        ],
        { dtype: 'int32' },
      ),
    ],
    forward: (m, ids) => (m as Embedding).forward(ids!),
  },
  {
    name: 'GRUCell',
    module: () => new GRUCell(4, 5),
    inputs: () => [randn([3, 4]).requiresGrad_(), randn([3, 5]).requiresGrad_()],
    forward: (m, x, h) => (m as GRUCell).forward(x!, h!),
  },
  {
    name: 'MaxPool2d and AvgPool2d',
    module: () => null,
    inputs: images,
    forward: (_m, x) => [
      new MaxPool2d(2).forward(x!),
      new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false }).forward(x!),
    ],
  },
  {
    name: 'GELU, SiLU, Softmax, LogSoftmax',
    module: () => null,
    inputs: () => [randn([3, 7]).mul(3).requiresGrad_()],
    forward: (_m, x) => [
      new GELU().forward(x!),
      new SiLU().forward(x!),
      new Softmax(-1).forward(x!),
      new LogSoftmax(0).forward(x!),
    ],
  },
  {
    name: 'losses: cross-entropy (label smoothing, ignored index), MSE, BCE with logits',
    module: () => null,
    inputs: () => [randn([5, 4]).requiresGrad_(), randn([5, 4]).requiresGrad_()],
    forward: (_m, logits, other) => {
      const target = tensor([0, 3, -100, 2, 1], { dtype: 'int32' }); // on the current backend
      return [
        F.crossEntropy(logits!, target, { labelSmoothing: 0.1 }),
        F.mseLoss(logits!, other!),
        F.binaryCrossEntropyWithLogits(logits!, other!.sigmoid()),
      ];
    },
  },
  {
    name: 'einops: rearrange, reduce, einsum',
    module: () => null,
    inputs: () => [randn([2, 3, 4, 4]).requiresGrad_(), randn([2, 5, 3]).requiresGrad_()],
    forward: (_m, x, y) => [
      rearrange(x!, 'b c (h p1) (w p2) -> b (h w) (p1 p2 c)', { p1: 2, p2: 2 }),
      reduce(x!, 'b c h w -> b c', 'max'),
      einsum(reduce(x!, 'b c h w -> b h c', 'mean'), y!, 'b h c, b n c -> b h n'),
    ],
  },
  {
    name: 'padSequence',
    module: () => null,
    inputs: () => [randn([3, 2]).requiresGrad_(), randn([1, 2]).requiresGrad_()],
    forward: (_m, a, b) => padSequence([a!, b!], { batchFirst: true, paddingValue: -1 }),
  },
];

describe.skipIf(!gpu.available)(`nn on the gpu backend (gpu.js mode ${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));

  test.runIf(requireGl)('TENSORGRAD_REQUIRE_GL=1 runs on real headless GL', () => {
    expect(gpu.mode).toBe('headlessgl');
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    setBackend('cpu');
    manualSeed(5);
    const m = c.module();
    const inputs = c.inputs();
    // the gpu run starts from the same running statistics as the cpu run
    const buffersBefore = m?.buffers().map((b) => b.clone()) ?? [];
    const onCpu = run(c, m, inputs);
    noGrad(() => m?.buffers().forEach((b, k) => b.assign(buffersBefore[k]!)));
    dispose(buffersBefore);

    setBackend('gpu');
    const before = memory().buffers;
    const moduleTensors = (m?.parameters().length ?? 0) + (m?.buffers().length ?? 0);
    m?.to('gpu');
    const gpuInputs = inputs.map((x) => {
      const moved = x.detach().to('gpu');
      return x.requiresGrad ? moved.requiresGrad_() : moved;
    });
    const onGpu = run(c, m, gpuInputs);
    // the module's and the gpu inputs' buffers go; nothing else may stay
    for (const t of [...(m?.parameters() ?? []), ...(m?.buffers() ?? []), ...gpuInputs])
      t.dispose();
    const after = memory().buffers;
    setBackend('cpu');

    expect(onGpu.backends.every((b) => b === 'gpu')).toBe(true);
    onCpu.outputs.forEach((o, k) => expectClose(onGpu.outputs[k]!, o, `output ${k}`));
    onCpu.grads.forEach((g, k) => expectClose(onGpu.grads[k]!, g, `gradient ${k}`));
    expect(after, 'buffers left behind').toBe(before - moduleTensors);
  });

  test.each([
    [
      'SGD with momentum and weight decay',
      (p: Tensor[]) => new SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 }),
    ],
    ['Adam', (p: Tensor[]) => new Adam(p, { lr: 0.05 })],
  ] as const)('%s: three steps on a small MLP end at the same weights', (_name, makeOptimizer) => {
    const train = (backend: 'cpu' | 'gpu', layers: Linear[]): number[][] => {
      setBackend(backend);
      if (backend === 'gpu') for (const l of layers) l.to('gpu');
      const params = layers.flatMap((l) => l.parameters());
      const opt = makeOptimizer(params);
      const x = randnOn(backend, [6, 4], 1);
      const y = randnOn(backend, [6, 2], 2);
      for (let step = 0; step < 3; step++) {
        tidy(() => {
          opt.zeroGrad();
          const out = layers[1]!.forward(layers[0]!.forward(x).tanh());
          F.mseLoss(out, y).backward();
          opt.step();
        });
      }
      return params.map((p) => [...p.data()].map(Number));
    };
    setBackend('cpu');
    manualSeed(9);
    const cpuLayers = [new Linear(4, 8), new Linear(8, 2)];
    manualSeed(9);
    const gpuLayers = [new Linear(4, 8), new Linear(8, 2)];
    const onCpu = train('cpu', cpuLayers);
    const onGpu = train('gpu', gpuLayers);
    setBackend('cpu');
    onCpu.forEach((p, k) => expectClose(onGpu[k]!, p, `parameter ${k}`));
    // the steps moved the weights
    const initial = (() => {
      manualSeed(9);
      return [new Linear(4, 8), new Linear(8, 2)].flatMap((l) => l.parameters());
    })();
    expect([...initial[0]!.data()]).not.toEqual(onCpu[0]);
  });
});

/** The same seeded normal numbers on either backend (drawn on the cpu, then moved). */
function randnOn(backend: 'cpu' | 'gpu', shape: number[], seed: number): Tensor {
  setBackend('cpu');
  manualSeed(seed);
  const x = randn(shape);
  setBackend(backend);
  return backend === 'cpu' ? x : x.to('gpu');
}
