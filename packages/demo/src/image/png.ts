import { deflateSync } from 'node:zlib';

/** An RGB image held as bytes, row-major, 3 bytes a pixel. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** A white RGB canvas. */
export function blankImage(width: number, height: number): RgbImage {
  return { width, height, pixels: new Uint8Array(width * height * 3).fill(255) };
}

/** Sets one pixel, ignoring coordinates outside the image (callers draw freely near edges). */
export function setPixel(img: RgbImage, x: number, y: number, rgb: readonly number[]): void {
  const xi = Math.round(x);
  const yi = Math.round(y);
  if (xi < 0 || yi < 0 || xi >= img.width || yi >= img.height) return;
  const at = (yi * img.width + xi) * 3;
  img.pixels[at] = rgb[0]!;
  img.pixels[at + 1] = rgb[1]!;
  img.pixels[at + 2] = rgb[2]!;
}

// PNG's chunks carry a CRC-32 (ISO 3309) of their type and data.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(Buffer.from(type, 'ascii'), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes an RGB image as a PNG file (8-bit truecolour, no filtering, zlib-deflated). */
export function encodePng(img: RgbImage): Uint8Array {
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, img.width);
  hv.setUint32(4, img.height);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  const rowBytes = img.width * 3;
  const raw = new Uint8Array((rowBytes + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    raw[y * (rowBytes + 1)] = 0; // filter type "None" for every scanline
    raw.set(img.pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  const signature = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = [
    signature,
    chunk('IHDR', header),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
