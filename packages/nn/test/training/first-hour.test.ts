/**
 * A PyTorch user's first program, written the way the getting-started guide teaches: a small
 * conv net with BatchNorm and pooling, fed by a shuffling DataLoader, trained with
 * CrossEntropyLoss and Adam on images drawn in code; checkpointed at an epoch boundary and
 * resumed into freshly built objects, which must continue with bit-identical losses.
 */
import { describe, expect, it } from 'vitest';
import { Generator, type Tensor, dispose, noGrad, tensor, tidy } from '@tensorgrad/autograd';
import {
  Adam,
  AdaptiveAvgPool2d,
  BatchNorm2d,
  Conv2d,
  CrossEntropyLoss,
  DataLoader,
  type Dataset,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
  StepLR,
  TensorDataset,
  checkpointFromBytes,
  checkpointToBytes,
  randomSplit,
} from '@tensorgrad/nn';

const SIZE = 8;
const CLASSES = ['horizontal bar', 'vertical bar', 'diagonal'] as const;

/** `n` noisy 8×8 images, each a bar of one class at a random place; labels are int32. */
function drawImages(n: number, g: Generator): TensorDataset {
  const pixels = new Float32Array(n * SIZE * SIZE);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % CLASSES.length;
    const at = Math.floor(g.uniform() * SIZE);
    for (let r = 0; r < SIZE; r++) {
      for (let c = 0; c < SIZE; c++) {
        const on = label === 0 ? r === at : label === 1 ? c === at : (r + at) % SIZE === c;
        pixels[(i * SIZE + r) * SIZE + c] = (on ? 1 : 0) + 0.3 * g.normal();
      }
    }
    labels[i] = label;
  }
  return new TensorDataset(
    tensor(pixels, { shape: [n, 1, SIZE, SIZE] }),
    tensor(labels, { dtype: 'int32' }),
  );
}

/** Everything a run needs, built the same way each time (the resumed run builds it afresh). */
function build(train: Dataset<Tensor[]>) {
  const generator = new Generator(7); // drives the loader's shuffle, saved in the checkpoint
  const model = new Sequential(
    new Conv2d(1, 8, 3, { padding: 1 }),
    new BatchNorm2d(8),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 16, 3, { padding: 1 }),
    new BatchNorm2d(16),
    new ReLU(),
    new AdaptiveAvgPool2d(1),
    new Flatten(),
    new Linear(16, CLASSES.length),
  );
  const optimizer = new Adam(model.parameters(), { lr: 0.01 });
  const scheduler = new StepLR(optimizer, 2, 0.5);
  const loader = new DataLoader(train, { batchSize: 32, shuffle: true, generator });
  return { model, optimizer, scheduler, generator, loader };
}

type Run = ReturnType<typeof build>;

/** `epochs` epochs of training; returns every batch's loss. */
function trainEpochs(run: Run, epochs: number): number[] {
  const criterion = new CrossEntropyLoss();
  const losses: number[] = [];
  run.model.train();
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [x, y] of run.loader) {
      losses.push(
        tidy(() => {
          run.optimizer.zeroGrad();
          const loss = criterion.forward(run.model.forward(x!), y!);
          loss.backward();
          run.optimizer.step();
          return loss.item();
        }),
      );
      dispose([x, y]);
    }
    run.scheduler.step();
  }
  return losses;
}

/** Share of `data` classified right, with BatchNorm in eval mode (running statistics). */
function accuracy(run: Run, data: Dataset<Tensor[]>): number {
  run.model.eval();
  let right = 0;
  for (const [x, y] of new DataLoader(data, { batchSize: 100 })) {
    right += tidy(() => noGrad(() => run.model.forward(x!).argmax(-1).eq(y!).sum().item()));
    dispose([x, y]);
  }
  return right / data.length;
}

describe('first hour: conv net + BatchNorm + pooling + DataLoader + CrossEntropyLoss', () => {
  it('learns the bars, and a run resumed from a checkpoint continues bit for bit', () => {
    const images = drawImages(480, new Generator(0));
    const [train, heldOut] = randomSplit(images, [0.75, 0.25], {
      generator: new Generator(1),
    });
    const first = build(train!);
    const warmUp = trainEpochs(first, 2);
    // Checkpoint at the epoch boundary: model (with BatchNorm's running statistics and
    // num_batches_tracked), Adam's moments, the scheduler and the shuffle generator.
    const bytes = checkpointToBytes({ ...first, step: 2 });
    const continued = trainEpochs(first, 3);

    const resumed = build(train!);
    const { step } = checkpointFromBytes(bytes, resumed);
    expect(step).toBe(2);
    const afterResume = trainEpochs(resumed, 3);
    // Bit for bit: the float32 loss values, not approximately.
    expect(new Float32Array(afterResume)).toEqual(new Float32Array(continued));
    expect(afterResume).toEqual(continued);
    expect(resumed.optimizer.paramGroups[0]!.lr).toBe(first.optimizer.paramGroups[0]!.lr);

    // The loss fell, and the net generalises to held-out images (chance is 1/3).
    const early = warmUp.slice(0, 3).reduce((a, b) => a + b) / 3;
    const late = continued.slice(-3).reduce((a, b) => a + b) / 3;
    expect(late).toBeLessThan(early / 4);
    const heldOutAccuracy = accuracy(first, heldOut!);
    expect(heldOutAccuracy).toBeGreaterThan(0.95);
    expect(accuracy(resumed, heldOut!)).toBe(heldOutAccuracy);
    dispose(images.tensors);
  });
});
