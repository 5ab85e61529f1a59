import { setBackend } from '@tensorgrad/autograd';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, IMAGE_SIZE, SHAPES, drawDataset, drawShape } from '../src/images.js';
import { argmaxRows, maxAbsDiff, runOn } from '../src/inference.js';
import { createModel } from '../src/model.js';
import { trainSteps } from '../src/training.js';

const PLANE = IMAGE_SIZE * IMAGE_SIZE;
const SHAPE = [SHAPES.length, CHANNELS, IMAGE_SIZE, IMAGE_SIZE];

beforeAll(() => setBackend('cpu'));

describe('images', () => {
  it('draws one image per class, channel-first, in [0, 1]', () => {
    const { pixels, labels } = drawDataset();
    expect(pixels.length).toBe(SHAPES.length * CHANNELS * PLANE);
    expect(labels).toEqual(SHAPES.map((_, i) => i));
    expect(pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('paints the shape colour at the centre and the background in the corner', () => {
    const disc = SHAPES[0]!;
    const image = drawShape(disc);
    const centre = (IMAGE_SIZE / 2) * IMAGE_SIZE + IMAGE_SIZE / 2;
    for (let c = 0; c < CHANNELS; c++) {
      expect(image[c * PLANE + centre]).toBeCloseTo(disc.colour[c]!, 6);
      expect(image[c * PLANE]).not.toBeCloseTo(disc.colour[c]!, 2);
    }
  });

  it('gives every class a different image', () => {
    const keys = SHAPES.map((shape) => drawShape(shape).join());
    expect(new Set(keys).size).toBe(SHAPES.length);
  });
});

describe('comparison helpers', () => {
  it('maxAbsDiff finds the largest elementwise gap', () => {
    expect(
      maxAbsDiff(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2.5],
          [2, 4],
        ],
      ),
    ).toBe(1);
    expect(maxAbsDiff([[1]], [[1]])).toBe(0);
  });

  it('argmaxRows picks the largest entry of each row', () => {
    expect(
      argmaxRows([
        [0.1, 0.9, 0.3],
        [-1, -2, -0.5],
      ]),
    ).toEqual([1, 2]);
  });
});

describe('model on the cpu backend', () => {
  it('gives one finite logit per class and image, the same for the same seed', () => {
    const { pixels } = drawDataset();
    const first = runOn('cpu', createModel(0), pixels, SHAPE);
    const again = runOn('cpu', createModel(0), pixels, SHAPE);
    const otherSeed = runOn('cpu', createModel(1), pixels, SHAPE);

    expect(first.logits).toHaveLength(SHAPES.length);
    for (const row of first.logits) expect(row).toHaveLength(SHAPES.length);
    expect(first.logits.flat().every(Number.isFinite)).toBe(true);
    expect(first.mode).toBeUndefined();
    expect(first.ms).toBeGreaterThan(0);
    expect(maxAbsDiff(first.logits, again.logits)).toBe(0);
    expect(maxAbsDiff(first.logits, otherSeed.logits)).toBeGreaterThan(1e-3);
  });

  it('lowers the loss in a few SGD steps', () => {
    const { pixels, labels } = drawDataset();
    const { losses, msPerStep } = trainSteps(createModel(0), pixels, SHAPE, labels, { steps: 5 });
    expect(losses).toHaveLength(6);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(msPerStep).toBeGreaterThan(0);
  });
});
