/**
 * float32 softmax over contiguous rows on WebAssembly SIMD, emitted at load time by
 * `assembler.ts`. Per row: f32x4 maximum, then exp(x − max) stored and summed, then a
 * division by the sum; exp as in Cephes' expf (`exp.ts`, ~1 float32 ulp). Sums accumulate
 * in float32. Math.exp (≈15 ns an element here) made the tiny ViT's attention
 * softmax a quarter of its inference time (see benchmarks/RESULTS.md).
 */
import { encodeModule, F32, FunctionBuilder, I32, V128 } from './assembler.js';
import { expLocals, pushExp, splat } from './exp.js';
import { instantiateKernel, reserveFloats, type WasmKernel } from './instance.js';

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
  const p = f.local(V128);
  const e = expLocals(f);
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
        pushExp(f, y, e);
        f.set(p);
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

/**
 * `softmaxInHeap(x, out, rows, n)`: the softmax of each of `rows` contiguous rows of `n` floats
 * at byte pointer `x` into `out`, for rows in the cpu heap (no copy, no padding: the last
 * n % 4 floats of a row go one at a time through the same exp). The vector lanes' sums are
 * folded, then the last floats added.
 */
export function softmaxInHeapFunction(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32]);
  const [x, out, rows, n] = [0, 1, 2, 3];
  const row = f.local(I32);
  const i = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  const acc = f.local(V128);
  const vm = f.local(V128);
  const y = f.local(V128);
  const p = f.local(V128);
  const e = expLocals(f);
  const s = f.local(F32);

  const overVectors = (body: () => void) =>
    f.forLoop(
      i,
      () => f.i32(0),
      () => f.get(vectorEnd),
      16,
      body,
    );
  const overTail = (body: () => void) =>
    f.forLoop(
      i,
      () => f.get(vectorEnd),
      () => f.get(end),
      4,
      body,
    );
  /** Folds the four lanes of `v` with a scalar op into `s`. */
  const horizontal = (v: number, op: () => void) => {
    f.get(v).f32x4ExtractLane(0).get(v).f32x4ExtractLane(1);
    op();
    f.get(v).f32x4ExtractLane(2).get(v).f32x4ExtractLane(3);
    op();
    op();
    f.set(s);
  };

  f.get(n).i32(2).shl().set(end);
  f.get(n).i32(-4).and().i32(2).shl().set(vectorEnd);
  f.forLoop(
    row,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      // max (NaN-propagating, so a NaN makes the whole row NaN)
      f.f32x4Const(-Infinity).set(acc);
      overVectors(() => f.get(acc).get(x).get(i).add().v128Load().f32x4Max().set(acc));
      horizontal(acc, () => f.f32Max());
      overTail(() => f.get(s).get(x).get(i).add().f32Load().f32Max().set(s));
      f.get(s).f32x4Splat().set(vm);
      // e = exp(x - max), stored and summed
      f.v128Zero().set(acc);
      overVectors(() => {
        f.get(x).get(i).add().v128Load().get(vm).f32x4Sub().set(y);
        pushExp(f, y, e);
        f.set(p);
        f.get(out).get(i).add().get(p).v128Store();
        f.get(acc).get(p).f32x4Add().set(acc);
      });
      horizontal(acc, () => f.f32Add());
      overTail(() => {
        f.get(x).get(i).add().f32Load().f32x4Splat().get(vm).f32x4Sub().set(y);
        pushExp(f, y, e);
        f.set(p);
        f.get(out).get(i).add().get(p).f32x4ExtractLane(0).f32Store();
        f.get(s).get(p).f32x4ExtractLane(0).f32Add().set(s);
      });
      // / sum
      f.get(s).f32x4Splat().set(vm);
      overVectors(() =>
        f.get(out).get(i).add().get(out).get(i).add().v128Load().get(vm).f32x4Div().v128Store(),
      );
      overTail(() =>
        f.get(out).get(i).add().get(out).get(i).add().f32Load().get(s).f32Div().f32Store(),
      );
      f.get(x).get(end).add().set(x);
      f.get(out).get(end).add().set(out);
    },
  );
  return f;
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
