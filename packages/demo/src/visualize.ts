/**
 * Pictures that show what a trained model does: where the ViT's CLS token looks, and which
 * patches ATS-ViT keeps. Both read the model's own tensors; nothing is re-implemented here.
 */
import { noGrad, tensor, tidy, type Tensor } from '@tensorgrad/autograd';
import { atsVit, learnableMemoryVit } from '@tensorgrad/models';
import { SHAPE_CLASSES, type ImageBatch } from './data/shapes.js';
import { drawText } from './image/font.js';
import { blankImage, setPixel, type RgbImage } from './image/png.js';

const SCALE = 4;
const PAD = 8;
const LABEL = 14;

/** Pixel (x, y) of image `i` of a batch as RGB bytes (the data is roughly in [-1, 1]). */
function pixel(b: ImageBatch, i: number, x: number, y: number): number[] {
  const plane = b.size * b.size;
  return [0, 1, 2].map((c) => {
    const v = b.images[i * 3 * plane + c * plane + y * b.size + x]! / 2 + 0.5;
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  });
}

/** A grid with one column per image and one row per `layers` entry, each an RGB function. */
function grid(
  b: ImageBatch,
  count: number,
  rows: readonly { title: string; color: (i: number, x: number, y: number) => number[] }[],
): RgbImage {
  const cell = b.size * SCALE;
  const img = blankImage(PAD + count * (cell + PAD), rows.length * (cell + LABEL + PAD) + PAD);
  rows.forEach((row, r) => {
    const top = PAD + r * (cell + LABEL + PAD);
    drawText(img, row.title, PAD, top, 2, [60, 60, 60]);
    for (let i = 0; i < count; i++) {
      const left = PAD + i * (cell + PAD);
      for (let y = 0; y < cell; y++)
        for (let x = 0; x < cell; x++)
          setPixel(
            img,
            left + x,
            top + LABEL + y,
            row.color(i, Math.floor(x / SCALE), Math.floor(y / SCALE)),
          );
    }
  });
  return img;
}

function batchTensor(b: ImageBatch): Tensor {
  return tensor(b.images, { shape: [b.n, 3, b.size, b.size] });
}

/**
 * The last layer's attention from the CLS token to every patch (mean over heads), overlaid on
 * each image: red where the token looks. Captured with a forward hook on the layer's softmax.
 */
export function attentionMapImage(
  model: learnableMemoryVit.ViT,
  b: ImageBatch,
  patchSize: number,
): RgbImage {
  const layers = model.transformer.layers;
  const attention = layers.get(layers.length - 1)!.get(0) as learnableMemoryVit.Attention;
  const grid2 = b.size / patchSize;
  const maps = tidy(() => {
    let captured: number[] = [];
    const handle = attention.attend.registerForwardHook((_m, _args, attn) => {
      // attn: [b, heads, tokens, tokens]; row 0 is the CLS query, columns 1.. the patches.
      captured = Array.from(attn.select(2, 0).slice(2, 1).mean(1).data() as Float32Array);
    });
    noGrad(() => model.eval().forward(batchTensor(b)));
    handle.remove();
    model.train();
    return captured;
  });
  const weight = (i: number, x: number, y: number) => {
    const row = maps.slice(i * grid2 * grid2, (i + 1) * grid2 * grid2);
    const max = Math.max(...row);
    return row[Math.floor(y / patchSize) * grid2 + Math.floor(x / patchSize)]! / max;
  };
  return grid(b, b.n, [
    { title: 'input', color: (i, x, y) => pixel(b, i, x, y) },
    {
      title: 'cls attention (last layer)',
      color: (i, x, y) => {
        const w = weight(i, x, y);
        return pixel(b, i, x, y).map((v, c) =>
          Math.round(v * (0.25 + 0.2 * w) + (c === 0 ? 255 * 0.55 * w : 0)),
        );
      },
    },
  ]);
}

/** Which patches survive ATS-ViT's last sampling layer: kept patches bright, dropped ones greyed. */
export function keptPatchesImage(model: atsVit.ViT, b: ImageBatch, patchSize: number): RgbImage {
  const grid2 = b.size / patchSize;
  const kept = tidy(() =>
    noGrad(() => {
      const [, ids] = model.eval().forward(batchTensor(b), { returnSampledTokenIds: true });
      model.train();
      const width = ids.shape[1]!;
      const values = ids.data() as Int32Array;
      return Array.from(
        { length: b.n },
        (_, i) =>
          new Set(Array.from(values.slice(i * width, (i + 1) * width)).filter((v) => v >= 0)),
      );
    }),
  );
  return grid(b, b.n, [
    { title: 'input', color: (i, x, y) => pixel(b, i, x, y) },
    {
      title: `patches kept by ats (${[...kept].map((s) => s.size).join(' ')})`,
      color: (i, x, y) => {
        const on = kept[i]!.has(Math.floor(y / patchSize) * grid2 + Math.floor(x / patchSize));
        return on ? pixel(b, i, x, y) : pixel(b, i, x, y).map((v) => Math.round(200 + v * 0.2));
      },
    },
  ]);
}

/** The first image of each class in `pool`, in class order: the pictures show one of each. */
export function onePerClass(pool: ImageBatch): ImageBatch {
  const picks: number[] = [];
  for (let c = 0; c < SHAPE_CLASSES.length; c++) {
    const at = pool.labels.indexOf(c);
    if (at >= 0) picks.push(at);
  }
  const plane = 3 * pool.size * pool.size;
  const images = new Float32Array(picks.length * plane);
  picks.forEach((k, j) => images.set(pool.images.subarray(k * plane, (k + 1) * plane), j * plane));
  return {
    images,
    labels: Int32Array.from(picks, (k) => pool.labels[k]!),
    n: picks.length,
    size: pool.size,
  };
}
