import { setPixel, type RgbImage } from './png.js';

// A 3x5 pixel font, just the characters the plots need. Each glyph is five rows of three bits.
// prettier-ignore
const GLYPHS: Record<string, readonly number[]> = {
  '0': [7, 5, 5, 5, 7], '1': [2, 6, 2, 2, 7], '2': [7, 1, 7, 4, 7], '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1], '5': [7, 4, 7, 1, 7], '6': [7, 4, 7, 5, 7], '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7], '9': [7, 5, 7, 1, 7], '.': [0, 0, 0, 0, 2], '-': [0, 0, 7, 0, 0],
  '%': [5, 1, 2, 4, 5], ' ': [0, 0, 0, 0, 0], '(': [1, 2, 2, 2, 1], ')': [4, 2, 2, 2, 4], ':': [0, 2, 0, 2, 0], '/': [1, 1, 2, 4, 4],
  A: [2, 5, 7, 5, 5], C: [7, 4, 4, 4, 7], D: [6, 5, 5, 5, 6], E: [7, 4, 6, 4, 7],
  G: [7, 4, 5, 5, 7], H: [5, 5, 7, 5, 5], I: [7, 2, 2, 2, 7], L: [4, 4, 4, 4, 7],
  M: [5, 7, 7, 5, 5], N: [7, 5, 5, 5, 5], O: [7, 5, 5, 5, 7], P: [7, 5, 7, 4, 4],
  R: [7, 5, 6, 5, 5], S: [7, 4, 7, 1, 7], T: [7, 2, 2, 2, 2], U: [5, 5, 5, 5, 7],
  V: [5, 5, 5, 5, 2], W: [5, 5, 7, 7, 5], Y: [5, 5, 2, 2, 2], K: [5, 5, 6, 5, 5],
  F: [7, 4, 6, 4, 4], B: [6, 5, 6, 5, 6], X: [5, 5, 2, 5, 5], Z: [7, 1, 2, 4, 7],
};

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length * 4 * scale;
}

/** Draws `text` (upper-cased) with its top-left corner at (x, y). */
export function drawText(
  img: RgbImage,
  text: string,
  x: number,
  y: number,
  scale: number,
  rgb: readonly number[],
): void {
  [...text.toUpperCase()].forEach((ch, i) => {
    const rows = GLYPHS[ch] ?? GLYPHS[' ']!;
    rows.forEach((bits, row) => {
      for (let col = 0; col < 3; col++) {
        if (!(bits & (4 >> col))) continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++)
            setPixel(img, x + (i * 4 + col) * scale + dx, y + row * scale + dy, rgb);
      }
    });
  });
}
