/**
 * Half-precision formats widened to float32 on load. Both conversions are exact (every
 * float16 and bfloat16 value is a float32 value), and they work on bit patterns so that
 * NaN payloads, infinities and -0 survive.
 */

/**
 * The float32 bit pattern of an IEEE 754 binary16 value.
 * For example, `float16BitsToFloat32Bits(0x3c00)` gives 0x3f800000 (1.0).
 */
export function float16BitsToFloat32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0; // inf / NaN
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0; // ±0
  // Subnormal: renormalise so the leading 1 becomes the implicit bit of a float32 normal.
  let e = 113;
  let m = mantissa;
  while ((m & 0x400) === 0) {
    m <<= 1;
    e -= 1;
  }
  return (sign | (e << 23) | ((m & 0x3ff) << 13)) >>> 0;
}

/**
 * Widens little-endian float16 values to float32.
 * For example, `float16ToFloat32(new Uint16Array([0x3c00, 0xc000]))` gives Float32Array [1, -2].
 */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) bits[i] = float16BitsToFloat32Bits(halves[i]!);
  return new Float32Array(bits.buffer);
}

/**
 * Widens bfloat16 values to float32: a bfloat16 is the top half of a float32.
 * For example, `bfloat16ToFloat32(new Uint16Array([0x3f80]))` gives Float32Array [1].
 */
export function bfloat16ToFloat32(halves: Uint16Array): Float32Array {
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) bits[i] = halves[i]! << 16;
  return new Float32Array(bits.buffer);
}
