/**
 * float32 softmax over contiguous rows on WebAssembly SIMD, emitted at load time by
 * `assembler.ts`. Per row: f32x4 maximum, then exp(x − max) stored and summed, then a
 * division by the sum. exp is vectorised as in Cephes' expf: x = n ln 2 + r (Cody–Waite),
 * e^r by a degree-7 polynomial (relative error ~1e-7, about 1 float32 ulp), 2^n built in the
 * exponent bits; results below e^-87.3 (float32's smallest normal) are 0, NaN stays NaN.
 * Sums accumulate in float32. Math.exp (≈15 ns an element here) made the tiny ViT's attention
 * softmax a quarter of its inference time (see benchmarks/RESULTS.md).
 */
import { encodeModule, F32, FunctionBuilder, I32, V128 } from './assembler.js';
import { instantiateKernel, reserveFloats, type WasmKernel } from './instance.js';

const LOG2E = Math.LOG2E;
/** ln 2 split so that n · LN2_HI is exact for the n that occur (Cephes). */
const LN2_HI = 0.693359375;
const LN2_LO = -2.1219444e-4;
/** Below this, e^x is under float32's smallest normal: the result is 0. */
const EXP_MIN = -87.33654;
/** Cephes expf: e^r ≈ 1 + r + r² (P5 + r (P4 + r (P3 + r (P2 + r (P1 + r P0))))). */
const P = [
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1,
  5.0000001201e-1,
];

const splat = (v: number) => new Float32Array([v, v, v, v]);

/** `softmaxRows(ptr, rows, rowFloats)`: each row of `rowFloats` (a multiple of 4) floats, in place. */
export function softmaxModuleBytes(): Uint8Array<ArrayBuffer> {
  const f = new FunctionBuilder([I32, I32, I32]);
  const [ptr, rows, rowFloats] = [0, 1, 2];
  const row = f.local(I32);
  const q = f.local(I32);
  const end = f.local(I32);
  const acc = f.local(V128);
  const vm = f.local(V128);
  const y = f.local(V128);
  const n = f.local(V128);
  const r = f.local(V128);
  const p = f.local(V128);
  const s = f.local(F32);

  /** Loops q over [ptr, end) in steps of 16 bytes (rows are never empty). */
  const overRow = (body: () => void) => {
    f.get(ptr).set(q);
    f.loop(() => {
      body();
      f.get(q).i32(16).add().tee(q).get(end).ltS().brIf(0);
    });
  };
  /** Folds the four lanes of `v` with a scalar op into `s`. */
  const horizontal = (v: number, op: () => void) => {
    f.get(v).f32x4ExtractLane(0).get(v).f32x4ExtractLane(1);
    op();
    f.get(v).f32x4ExtractLane(2).get(v).f32x4ExtractLane(3);
    op();
    op();
    f.set(s);
  };

  f.forLoop(
    row,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      f.get(ptr).get(rowFloats).i32(4).mul().add().set(end);
      // max
      f.v128Const(splat(-Infinity)).set(acc);
      overRow(() => f.get(acc).get(q).v128Load(0).f32x4Max().set(acc));
      horizontal(acc, () => f.f32Max());
      f.get(s).f32x4Splat().set(vm);
      // e = exp(x - max), stored and summed
      f.v128Zero().set(acc);
      overRow(() => {
        f.get(q).v128Load(0).get(vm).f32x4Sub().set(y);
        // n = nearest(max(y, EXP_MIN) · log2 e); r = y' − n ln 2
        f.get(y).v128Const(splat(EXP_MIN)).f32x4Max().set(r);
        f.get(r).v128Const(splat(LOG2E)).f32x4Mul().f32x4Nearest().set(n);
        f.get(r).get(n).v128Const(splat(LN2_HI)).f32x4Mul().f32x4Sub();
        f.get(n).v128Const(splat(LN2_LO)).f32x4Mul().f32x4Sub().set(r);
        // p = 1 + r + r² poly(r)
        f.v128Const(splat(P[0])).set(p);
        for (let i = 1; i < P.length; i++)
          f.get(p).get(r).f32x4Mul().v128Const(splat(P[i])).f32x4Add().set(p);
        f.get(p)
          .get(r)
          .get(r)
          .f32x4Mul()
          .f32x4Mul()
          .get(r)
          .f32x4Add()
          .v128Const(splat(1))
          .f32x4Add();
        // · 2^n, built in the exponent bits
        f.get(n)
          .i32x4TruncSatF32x4S()
          .v128Const(new Int32Array([127, 127, 127, 127]))
          .i32x4Add()
          .i32(23)
          .i32x4Shl();
        f.f32x4Mul();
        // 0 below EXP_MIN (and for the -Infinity padding); NaN lanes kept
        f.get(y)
          .v128Const(splat(EXP_MIN))
          .f32x4Ge()
          .get(y)
          .get(y)
          .f32x4Ne()
          .v128Or()
          .v128And()
          .set(p);
        f.get(q).get(p).v128Store(0);
        f.get(acc).get(p).f32x4Add().set(acc);
      });
      horizontal(acc, () => f.f32Add());
      f.get(s).f32x4Splat().set(vm);
      overRow(() => f.get(q).get(q).v128Load(0).get(vm).f32x4Div().v128Store(0));
      f.get(end).set(ptr);
    },
  );
  return encodeModule({ softmaxRows: f });
}

type SoftmaxExports = { softmaxRows: (ptr: number, rows: number, rowFloats: number) => void };

let kernel: WasmKernel<SoftmaxExports> | null | undefined;

function load(): WasmKernel<SoftmaxExports> | null {
  if (kernel === undefined) kernel = instantiateKernel<SoftmaxExports>(softmaxModuleBytes());
  return kernel;
}

/** Whether the SIMD softmax can run here (WebAssembly SIMD; off with the SIMD gemm's switch). */
export function simdSoftmaxAvailable(): boolean {
  return load() !== null;
}

/** Rows per call: 1 MiB of floats at most in kernel memory. */
const CHUNK_FLOATS = 1 << 18;

/**
 * out[r · length + t] = softmax of x[offset + r · length ...][t] for `rows` contiguous rows of
 * `length` floats (the SIMD kernel must be available).
 */
export function simdSoftmaxRows(
  x: Float32Array,
  offset: number,
  rows: number,
  length: number,
  out: Float32Array,
): void {
  const kern = load()!;
  const padded = Math.ceil(length / 4) * 4;
  const perCall = Math.max(1, Math.floor(CHUNK_FLOATS / padded));
  const f32 = reserveFloats(kern, Math.min(rows, perCall) * padded);
  for (let r0 = 0; r0 < rows; r0 += perCall) {
    const count = Math.min(perCall, rows - r0);
    const src = offset + r0 * length;
    if (padded === length) {
      f32.set(x.subarray(src, src + count * length), 0);
    } else {
      for (let r = 0; r < count; r++) {
        f32.set(x.subarray(src + r * length, src + (r + 1) * length), r * padded);
        f32.fill(-Infinity, r * padded + length, (r + 1) * padded);
      }
    }
    kern.exports.softmaxRows(0, count, padded);
    if (padded === length) out.set(f32.subarray(0, count * length), r0 * length);
    else
      for (let r = 0; r < count; r++)
        out.set(f32.subarray(r * padded, r * padded + length), (r0 + r) * length);
  }
}
