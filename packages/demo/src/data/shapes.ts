/**
 * A procedurally generated image-classification data set: every image is drawn in code from a
 * seed, so nothing is downloaded and every run sees the same images.
 *
 * Six classes of 3-channel images. Each image gets a random colour pair, position, size,
 * frequency/phase and pixel noise, so the model has to learn the pattern, not a template.
 */

/** Class names, index = label. */
export const SHAPE_CLASSES = [
  'horizontal stripes',
  'vertical stripes',
  'diagonal stripes',
  'checkerboard',
  'disc',
  'cross',
] as const;

/** A batch of images `[n, 3, size, size]` (row-major float32) with int32 labels. */
export interface ImageBatch {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly n: number;
  readonly size: number;
}

/** mulberry32: a tiny, well-mixed 32-bit generator; enough for drawing pictures reproducibly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether pixel (x, y) is "ink" for the given class and random geometry. */
function inked(label: number, x: number, y: number, g: Geometry): boolean {
  const u = x - g.cx;
  const v = y - g.cy;
  switch (label) {
    case 0:
      return Math.floor((y + g.phase) / g.period) % 2 === 0;
    case 1:
      return Math.floor((x + g.phase) / g.period) % 2 === 0;
    case 2:
      return Math.floor((x + y + g.phase) / (g.period * 1.5)) % 2 === 0;
    case 3:
      return (
        (Math.floor((x + g.phase) / g.period) + Math.floor((y + g.phase) / g.period)) % 2 === 0
      );
    case 4:
      return u * u + v * v <= g.radius * g.radius;
    default:
      return (
        (Math.abs(u) <= g.thickness && Math.abs(v) <= g.radius) ||
        (Math.abs(v) <= g.thickness && Math.abs(u) <= g.radius)
      );
  }
}

interface Geometry {
  cx: number;
  cy: number;
  radius: number;
  thickness: number;
  period: number;
  phase: number;
}

/** Draws `n` labelled images of `size`×`size` pixels from `seed` (labels cycle through classes). */
export function makeShapes(n: number, size: number, seed: number): ImageBatch {
  const rand = mulberry32(seed);
  const images = new Float32Array(n * 3 * size * size);
  const labels = new Int32Array(n);
  const plane = size * size;
  for (let i = 0; i < n; i++) {
    const label = Math.floor(rand() * SHAPE_CLASSES.length);
    labels[i] = label;
    const g: Geometry = {
      cx: size * (0.3 + 0.4 * rand()),
      cy: size * (0.3 + 0.4 * rand()),
      radius: size * (0.2 + 0.15 * rand()),
      thickness: 1 + Math.floor(rand() * 2),
      period: 2 + Math.floor(rand() * 3),
      phase: Math.floor(rand() * 8),
    };
    const ink = [rand(), rand(), rand()];
    const paper = ink.map((c) => (c + 0.35 + 0.3 * rand()) % 1);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const on = inked(label, x, y, g);
        for (let c = 0; c < 3; c++) {
          const value = (on ? ink[c]! : paper[c]!) + 0.1 * (rand() - 0.5);
          images[i * 3 * plane + c * plane + y * size + x] = (value - 0.5) * 2; // roughly [-1, 1]
        }
      }
    }
  }
  return { images, labels, n, size };
}
