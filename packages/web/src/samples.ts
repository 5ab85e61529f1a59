/**
 * The images the page classifies: drawn by the demo's own generator (`makeShapes` from
 * @tensorgrad/demo), from a seed that the demo's training and evaluation never use, so the
 * checkpoint has not seen them.
 */
import { makeShapes, type ImageBatch } from '@tensorgrad/demo/shapes';

/**
 * How many images, and the seed they are drawn from. Training draws batch `step` from seed
 * `1_000_003·seed + step` (1 … 300 for `npm run demo`'s seed 0) and evaluates on seeds from
 * 104729 up; 2024 is neither. The static page (static/index.html) uses the same two numbers.
 */
export const SAMPLES = { count: 24, seed: 2024 } as const;

/** The page's images at the checkpoint's `imageSize`, with their true labels. */
export function drawSamples(imageSize: number): ImageBatch {
  return makeShapes(SAMPLES.count, imageSize, SAMPLES.seed);
}
