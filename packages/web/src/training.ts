/** A few plain SGD steps, to show that backward passes run on the gpu backend too. */
import { noGrad, tensor, tidy, type Tensor } from '@tensorgrad/autograd';
import { SGD, crossEntropy } from '@tensorgrad/nn';
import type { createModel } from './model.js';

/** A loss as a number (`item()` is typed `number | boolean` because it also serves bool tensors). */
const lossValue = (loss: Tensor): number => Number(loss.item());

/** The cross-entropy before the first step and after each step (`steps + 1` values). */
export interface TrainingRun {
  readonly losses: number[];
  /** Mean time of one step (forward, backward, update), in milliseconds. */
  readonly msPerStep: number;
}

/**
 * Train `model` in place on the current backend for `steps` SGD steps on the whole batch.
 * The learning rate is large because the point is a visibly falling loss in a handful of steps.
 */
export function trainSteps(
  model: ReturnType<typeof createModel>,
  pixels: Float32Array,
  shape: readonly number[],
  labels: readonly number[],
  { steps = 5, lr = 0.1 } = {},
): TrainingRun {
  model.train();
  const optimizer = new SGD(model.parameters(), { lr, momentum: 0.9 });
  const batch = () => ({ x: tensor(pixels, { shape }), y: tensor(labels, { dtype: 'int32' }) });

  // Each step records the loss it descends from; the last value is measured after the last step.
  const losses: number[] = [];
  const start = performance.now();
  for (let step = 0; step < steps; step++) {
    tidy(() => {
      const { x, y } = batch();
      const loss = crossEntropy(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses.push(lossValue(loss));
    });
  }
  const msPerStep = (performance.now() - start) / steps;
  losses.push(
    tidy(() =>
      noGrad(() => {
        const { x, y } = batch();
        return lossValue(crossEntropy(model.forward(x), y));
      }),
    ),
  );
  model.eval();
  return { losses, msPerStep };
}
