/**
 * How a kernel turns its float result `r` into the stored form of the output dtype.
 * Every dtype is stored as float32 (see `gpu-data.ts`), so this only rounds or clamps to 0/1.
 */
import type { DType } from '../../backend.js';

/**
 * Arithmetic results: for int32 outputs the exact answer is an integer and GLSL's `pow`,
 * `exp2`-based and division paths can land a hair off it, so round to nearest.
 */
export function arithmeticResult(dtype: DType): string[] {
  switch (dtype) {
    case 'int32':
      return ['r = Math.floor(r + 0.5);'];
    case 'bool':
      return ['if (r != 0.0) { r = 1.0; } else { r = 0.0; }'];
    default:
      return [];
  }
}

/** Casts (the `copy` primitive): float to int32 truncates toward zero, as C and torch do. */
export function castResult(dtype: DType): string[] {
  switch (dtype) {
    case 'int32':
      return ['if (r < 0.0) { r = Math.ceil(r); } else { r = Math.floor(r); }'];
    case 'bool':
      return ['if (r != 0.0) { r = 1.0; } else { r = 0.0; }'];
    default:
      return [];
  }
}
