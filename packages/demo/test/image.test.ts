import { inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { blankImage, encodePng, setPixel } from '../src/image/png.js';
import { plotPanels } from '../src/image/plot.js';
import { makeShapes, SHAPE_CLASSES } from '../src/data/shapes.js';

describe('png encoder', () => {
  test('writes a valid signature, IHDR and pixel rows that inflate back to the image', () => {
    const img = blankImage(3, 2);
    setPixel(img, 1, 0, [10, 20, 30]);
    setPixel(img, 5, 5, [1, 1, 1]); // outside: ignored
    const png = encodePng(img);
    expect(Array.from(png.subarray(0, 8))).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([3, 2]);
    const idatLength = view.getUint32(33);
    expect(new TextDecoder().decode(png.subarray(37, 41))).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(2 * (1 + 3 * 3));
    expect(Array.from(raw.subarray(0, 10))).toEqual([0, 255, 255, 255, 10, 20, 30, 255, 255, 255]);
  });

  test('the plot draws every series inside its panel', () => {
    const img = plotPanels(
      [
        {
          title: 'loss',
          series: [
            {
              label: 'a',
              points: [
                [0, 1],
                [10, 0.5],
              ],
              rgb: [200, 0, 0],
            },
          ],
        },
      ],
      200,
      100,
    );
    expect([img.width, img.height]).toEqual([200, 100]);
    let red = 0;
    for (let i = 0; i < img.pixels.length; i += 3)
      if (img.pixels[i] === 200 && img.pixels[i + 1] === 0) red++;
    expect(red).toBeGreaterThan(50);
  });
});

describe('generated shapes', () => {
  test('are reproducible from the seed and cover every class', () => {
    const a = makeShapes(60, 16, 7);
    const b = makeShapes(60, 16, 7);
    const c = makeShapes(60, 16, 8);
    expect(a.images).toEqual(b.images);
    expect(a.images).not.toEqual(c.images);
    expect(new Set(a.labels).size).toBe(SHAPE_CLASSES.length);
    expect(a.images.every((v) => v >= -1.2 && v <= 1.2)).toBe(true);
  });
});
