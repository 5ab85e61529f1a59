/**
 * float32 matmul precision (see `matmul-precision-cases.ts`) on the cpu backend, on both of its
 * float32 kernels: the WebAssembly SIMD kernel and the typed-array fallback
 * (`TENSORGRAD_SIMD=0`).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { setSimdGemm, simdGemmEnabled } from '../src/backend/cpu/wasm/gemm.js';
import { setBackend } from '../src/index.js';
import { matmulPrecision } from './matmul-precision-cases.js';

const kernels = [
  { kernel: 'SIMD', simd: true },
  { kernel: 'typed-array', simd: false },
].filter((k) => !k.simd || simdGemmEnabled());

describe.each(kernels)('cpu, float32 on the $kernel kernel', ({ simd }) => {
  beforeAll(() => {
    setBackend('cpu');
    setSimdGemm(simd);
  });
  afterAll(() => setSimdGemm(true));
  matmulPrecision();
});
