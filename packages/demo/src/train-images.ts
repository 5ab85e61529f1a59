import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualSeed } from '@tensorgrad/autograd';
import { noGrad, tensor, tidy, type Tensor } from '@tensorgrad/autograd';
import {
  AdamW,
  CosineAnnealingLR,
  DataLoader,
  F,
  TensorDataset,
  type Module,
} from '@tensorgrad/nn';
import { ATSViT, CrossViT, LearnableMemoryViT as ViT } from '@tensorgrad/models';
import type { atsVit, CrossViTOptions, learnableMemoryVit } from '@tensorgrad/models';
import { makeShapes, SHAPE_CLASSES, type ImageBatch } from './data/shapes.js';
import { encodePng } from './image/png.js';
import { plotPanels } from './image/plot.js';
import { progressBar } from './progress.js';
import type { RunOptions } from './run-options.js';
import { attentionMapImage, keptPatchesImage, onePerClass } from './visualize.js';

/** Options of the image-classification run. */
export interface ImageRunOptions extends RunOptions {
  readonly model: ImageModelName;
}

/** What the run measured. */
export interface ImageRunResult {
  readonly accuracy: number;
  readonly finalLoss: number;
  readonly seconds: number;
  readonly files: string[];
}

const IMAGE_SIZE = 32;
const PATCH_SIZE = 8;

/** The image models the demo can train. */
export type ImageModelName = 'vit' | 'crossvit' | 'ats';

/** Sizes the ViT and ATS-ViT share. */
const VIT_SIZES = {
  imageSize: IMAGE_SIZE,
  patchSize: PATCH_SIZE,
  numClasses: SHAPE_CLASSES.length,
  dim: 48,
  depth: 3,
  heads: 4,
  dimHead: 12,
  mlpDim: 96,
  dropout: 0,
  embDropout: 0,
};

/**
 * The constructor options of each image model: small enough to train on two cores in about a
 * minute. They are also saved in the checkpoint's metadata (`config`), so that a program that
 * has only the file, such as the browser page in packages/web, can rebuild the network.
 */
export const IMAGE_MODEL_OPTIONS: {
  readonly vit: learnableMemoryVit.ViTOptions;
  readonly ats: atsVit.ViTOptions;
  readonly crossvit: CrossViTOptions;
} = {
  vit: VIT_SIZES,
  // 16 patches; the last two layers keep at most 8 and then 4 of them
  ats: { ...VIT_SIZES, maxTokensPerDepth: [16, 8, 4] },
  crossvit: {
    imageSize: IMAGE_SIZE,
    numClasses: SHAPE_CLASSES.length,
    smDim: 32,
    lgDim: 48,
    smPatchSize: 8,
    smEncDepth: 1,
    smEncHeads: 2,
    smEncMlpDim: 64,
    smEncDimHead: 16,
    lgPatchSize: 16,
    lgEncDepth: 2,
    lgEncHeads: 2,
    lgEncMlpDim: 96,
    lgEncDimHead: 16,
    crossAttnDepth: 1,
    crossAttnHeads: 2,
    crossAttnDimHead: 16,
    depth: 2,
    dropout: 0,
    embDropout: 0,
  },
};

/** The image model of the demo, built from {@link IMAGE_MODEL_OPTIONS}. */
export function buildImageModel(kind: ImageModelName): Module & { forward(img: Tensor): Tensor } {
  if (kind === 'ats') return new ATSViT(IMAGE_MODEL_OPTIONS.ats);
  if (kind === 'crossvit') return new CrossViT(IMAGE_MODEL_OPTIONS.crossvit);
  return new ViT(IMAGE_MODEL_OPTIONS.vit);
}

function batchTensors(b: ImageBatch): { x: Tensor; y: Tensor } {
  return {
    x: tensor(b.images, { shape: [b.n, 3, b.size, b.size] }),
    y: tensor(b.labels, { dtype: 'int32' }),
  };
}

/** Fraction of rows of `logits` whose argmax equals `labels`. */
function accuracy(logits: Tensor, labels: Int32Array): number {
  const predicted = logits.argmax(-1).data();
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** Images per held-out batch (and per `makeShapes` call that draws them). */
const EVAL_BATCH = 100;

/** Held-out images, drawn `EVAL_BATCH` at a time from seeds the training stream never uses. */
function heldOutImages(images: number, seed: number): TensorDataset<[Tensor, Tensor]> {
  const pixels = 3 * IMAGE_SIZE * IMAGE_SIZE;
  const x = new Float32Array(images * pixels);
  const y = new Int32Array(images);
  for (let start = 0; start < images; start += EVAL_BATCH) {
    const n = Math.min(EVAL_BATCH, images - start);
    const b = makeShapes(n, IMAGE_SIZE, seed * 7919 + 104729 + start);
    x.set(b.images, start * pixels);
    y.set(b.labels, start);
  }
  return new TensorDataset(
    tensor(x, { shape: [images, 3, IMAGE_SIZE, IMAGE_SIZE] }),
    tensor(y, { dtype: 'int32' }),
  );
}

/** Accuracy on held-out images (drawn from a seed the training stream never uses). */
export function evaluate(
  model: Module & { forward(img: Tensor): Tensor },
  images: number,
  seed: number,
): number {
  model.eval();
  const right = tidy(() => {
    let count = 0;
    const loader = new DataLoader(heldOutImages(images, seed), { batchSize: EVAL_BATCH });
    for (const [x, y] of loader) {
      count += tidy(() => noGrad(() => model.forward(x).argmax(-1).eq(y).sum().item()));
    }
    return count;
  });
  model.train();
  return right / images;
}

/** Trains the image model on freshly drawn images each step, evaluates, saves checkpoint + plot. */
export function runImageDemo(o: ImageRunOptions): ImageRunResult {
  manualSeed(o.seed);
  const model = buildImageModel(o.model);
  const params = model.parameters();
  const count = params.reduce((n, p) => n + p.size, 0);
  o.log(
    `${o.model}: ${count.toLocaleString('en')} parameters; ${SHAPE_CLASSES.length} classes (${SHAPE_CLASSES.join(', ')})`,
  );
  const opt = new AdamW(params, { lr: o.lr, weightDecay: 0.01 });
  const schedule = new CosineAnnealingLR(opt, o.steps, o.lr * 0.05);

  const losses: [number, number][] = [];
  const trainAcc: [number, number][] = [];
  const evalAcc: [number, number][] = [];
  const bar = progressBar(o.steps, 'img');
  const started = performance.now();
  let smoothLoss = NaN;
  let smoothAcc = NaN;
  for (let step = 1; step <= o.steps; step++) {
    const batch = makeShapes(o.batchSize, IMAGE_SIZE, o.seed * 1_000_003 + step);
    const [loss, acc] = tidy(() => {
      const { x, y } = batchTensors(batch);
      const logits = model.forward(x);
      const lossT = F.crossEntropy(logits, y);
      opt.zeroGrad();
      lossT.backward();
      opt.step();
      return [lossT.item(), accuracy(logits, batch.labels)] as const;
    });
    schedule.step();
    smoothLoss = Number.isNaN(smoothLoss) ? loss : 0.9 * smoothLoss + 0.1 * loss;
    smoothAcc = Number.isNaN(smoothAcc) ? acc : 0.9 * smoothAcc + 0.1 * acc;
    losses.push([step, loss]);
    trainAcc.push([step, smoothAcc]);
    if (step % Math.max(1, Math.floor(o.steps / 5)) === 0 || step === o.steps) {
      evalAcc.push([step, evaluate(model, Math.min(200, o.evalImages), o.seed)]);
    }
    const seconds = (performance.now() - started) / 1000;
    bar.update(step, { loss: smoothLoss, acc: smoothAcc, rate: (step * o.batchSize) / seconds });
  }
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  const acc = evaluate(model, o.evalImages, o.seed);

  mkdirSync(o.out, { recursive: true });
  const checkpoint = join(o.out, `${o.model}.safetensors`);
  // Enough to rebuild and use the network from the file alone (see IMAGE_MODEL_OPTIONS).
  model.saveSafetensors(checkpoint, {
    model: o.model,
    config: JSON.stringify(IMAGE_MODEL_OPTIONS[o.model]),
    classes: JSON.stringify(SHAPE_CLASSES),
    steps: String(o.steps),
    seed: String(o.seed),
    heldOutAccuracy: String(acc),
  });
  const plot = join(o.out, `${o.model}-training.png`);
  writeFileSync(
    plot,
    encodePng(
      plotPanels([
        { title: 'loss', series: [{ label: 'train', points: losses, rgb: [200, 60, 40] }] },
        {
          title: 'accuracy',
          yRange: [0, 1],
          series: [
            { label: 'train', points: trainAcc, rgb: [40, 110, 200] },
            { label: 'held out', points: evalAcc, rgb: [30, 150, 60] },
          ],
        },
      ]),
    ),
  );
  const files = [checkpoint, plot];
  // Learners want to see inside: where the CLS token looks, or which patches ATS kept.
  const examples = onePerClass(makeShapes(120, IMAGE_SIZE, o.seed + 4242));
  if (model instanceof ViT) {
    files.push(join(o.out, 'vit-attention.png'));
    writeFileSync(files.at(-1)!, encodePng(attentionMapImage(model, examples, PATCH_SIZE)));
  } else if (model instanceof ATSViT) {
    files.push(join(o.out, 'ats-kept-patches.png'));
    writeFileSync(files.at(-1)!, encodePng(keptPatchesImage(model, examples, PATCH_SIZE)));
  }
  return { accuracy: acc, finalLoss: smoothLoss, seconds, files };
}
