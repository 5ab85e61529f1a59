/**
 * Procedurally drawn test images: one simple shape per class, computed in code (not with the
 * canvas API) so that the pixels are exactly the same in every browser and on every run.
 */

/** Side of the square images, in pixels. */
export const IMAGE_SIZE = 32;

/** Colour channels per pixel (RGB). */
export const CHANNELS = 3;

/** An RGB colour with channels in [0, 1]. */
export type Rgb = readonly [number, number, number];

/** One drawable class: its name and whether a point (pixel centre, in [-1, 1]²) is inside it. */
export interface ShapeClass {
  readonly name: string;
  readonly inside: (x: number, y: number) => boolean;
  readonly colour: Rgb;
}

/** The classes, in label order: label `i` is `SHAPES[i]`. */
export const SHAPES: readonly ShapeClass[] = [
  { name: 'disc', inside: (x, y) => x * x + y * y < 0.45, colour: [0.95, 0.35, 0.25] },
  {
    name: 'ring',
    inside: (x, y) => {
      const r2 = x * x + y * y;
      return r2 < 0.6 && r2 > 0.25;
    },
    colour: [0.25, 0.75, 0.4],
  },
  {
    name: 'square',
    inside: (x, y) => Math.abs(x) < 0.6 && Math.abs(y) < 0.6,
    colour: [0.3, 0.45, 0.95],
  },
  // Apex at the top, base at y = 0.6; screen y grows downwards.
  {
    name: 'triangle',
    inside: (x, y) => y < 0.6 && Math.abs(x) < (y + 0.7) / 2,
    colour: [0.95, 0.8, 0.2],
  },
  {
    name: 'stripes',
    inside: (_x, y) => Math.floor((y + 1) * 4) % 2 === 0,
    colour: [0.7, 0.3, 0.85],
  },
  {
    name: 'cross',
    inside: (x, y) =>
      (Math.abs(x) < 0.18 || Math.abs(y) < 0.18) && Math.abs(x) < 0.75 && Math.abs(y) < 0.75,
    colour: [0.2, 0.8, 0.85],
  },
];

/** Background colour behind every shape. */
const BACKGROUND: Rgb = [0.08, 0.09, 0.12];

/**
 * Draw `shape` as a `[3, size, size]` image (channel-first, as PyTorch's convolution-free ViT
 * expects), values in [0, 1], sampled at pixel centres without anti-aliasing.
 * @example
 * drawShape(SHAPES[0]!).length; // 3 * 32 * 32
 */
export function drawShape(shape: ShapeClass, size = IMAGE_SIZE): Float32Array {
  const plane = size * size;
  const pixels = new Float32Array(CHANNELS * plane);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const x = ((col + 0.5) / size) * 2 - 1;
      const y = ((row + 0.5) / size) * 2 - 1;
      const rgb = shape.inside(x, y) ? shape.colour : BACKGROUND;
      for (let c = 0; c < CHANNELS; c++) pixels[c * plane + row * size + col] = rgb[c]!;
    }
  }
  return pixels;
}

/** One image per class, stacked as `[SHAPES.length, 3, size, size]` values, and their labels. */
export function drawDataset(size = IMAGE_SIZE): { pixels: Float32Array; labels: number[] } {
  const images = SHAPES.map((shape) => drawShape(shape, size));
  const pixels = new Float32Array(images.reduce((n, image) => n + image.length, 0));
  images.forEach((image, i) => pixels.set(image, i * image.length));
  return { pixels, labels: SHAPES.map((_, i) => i) };
}
