/**
 * float32 matrix product on WebAssembly SIMD (f32x4), emitted at load time by `assembler.ts`
 * (a 0.8 KB module, compiled synchronously; no prebuilt binary).
 *
 * c = a b runs in 4 × 8 register tiles: 8 f32x4 accumulators, per step of the depth one
 * `v128.load32_splat` of a per row and two f32x4 loads of b. The kernel reads its operands
 * through strides, so most products need no packing:
 *   a(i, p) at  aPtr + (i / 4) · aPanel + (i % 4) · aRow + p · aStep   (bytes)
 *   b(p, j) at  bPtr + (j / 8) · bPanel + p · bStep + (j % 8) · 4
 * covers a row-major or column-major a (a transposed view), a row-major b, and the packed
 * panels the large products use (blocked by KC in depth so that panels stay in L1/L2). Only
 * a b whose rows are not contiguous (a transposed weight, x @ Wᵀ) is packed in JS.
 *
 * Accumulation is blocked: the registers sum at most KC = 256 products in float32, as tfjs and
 * XNNPACK do, and each block's partial sums are then added into a float64 c (widened in the
 * kernel, rounded to float32 once at the end). The error is ≲ min(k, 256) · 2⁻²³ · Σ|a||b| per
 * element rather than k · 2⁻²³ · Σ|a||b|: a running float32 sum of 10⁶ products of 0.1 and 1
 * was off by 1 % (100958 for 100000), the blocked one by 2.4e-6, the error of one 256-term
 * block. Products no deeper than KC have a single block and never touch float64.
 */
import {
  instantiateKernel,
  instantiateOnHeap,
  reserveFloats,
  type WasmKernel,
} from './instance.js';
import { HEAP_MAXIMUM_PAGES, heapScratch, inHeap } from '../heap.js';
import { encodeModule, FunctionBuilder, I32, V128 } from './assembler.js';
import { threadedGemm } from './threaded-gemm.js';

/** Rows and columns of the kernel's register tile. */
export const MR = 4;
export const NR = 8;
/**
 * Above this depth, products are packed and blocked (a 4 × 256 a panel and a 256 × 8 b panel
 * fit in L1).
 */
const KC = 256;
/** Row panels per block in the packed path: 16 × 4 rows × 256 floats = 64 KiB, in L2. */
const MC_PANELS = 16;
/** How the kernel writes c (its `cMode` argument): float32, float64, or added into float64. */
const C_FLOAT32 = 0;
const C_FLOAT64 = 1;
const C_ADD64 = 2;
/** `i8x16.shuffle` lanes moving float32 lanes 2-3 of a v128 to lanes 0-1. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** `i8x16.shuffle` lanes joining float32 lanes 0-1 of two v128s. */
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * `gemm(aPtr, aPanel, aRow, aStep, bPtr, bPanel, bStep, cPtr, ldc, cPanel, mPanels, nPanels, k,
 * cMode)`: c = a b over depth k, written as `cMode` says (`C_FLOAT32`, `C_FLOAT64`, `C_ADD64`).
 * `ldc` (bytes from one row of c to the next) and `cPanel` (bytes from one 8-column panel to
 * the next) describe either layout.
 */
export function gemmModuleBytes(sharedMaximumPages?: number): Uint8Array<ArrayBuffer> {
  return encodeModule({ gemm: gemmFunction(), narrow: narrowFunction() }, sharedMaximumPages);
}

/** The `gemm` function of {@link gemmModuleBytes}. */
function gemmFunction(): FunctionBuilder {
  const f = new FunctionBuilder(new Array(14).fill(I32));
  const [
    aPtr,
    aPanel,
    aRow,
    aStep,
    bPtr,
    bPanel,
    bStep,
    cPtr,
    ldc,
    cPanel,
    mPanels,
    nPanels,
    k,
    cMode,
  ] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const ib = f.local(I32);
  const iEnd = f.local(I32);
  const jp = f.local(I32);
  const ip = f.local(I32);
  const p = f.local(I32);
  const bp = f.local(I32);
  const cp = f.local(I32);
  const ap = Array.from({ length: MR }, () => f.local(I32));
  const acc = Array.from({ length: 2 * MR }, () => f.local(V128));
  const b0 = f.local(V128);
  const b1 = f.local(V128);
  const av = f.local(V128);

  /**
   * Writes the 4 × 8 tile of accumulators to c at cp (advancing cp by rows): as float32, or
   * widened to float64 (lanes 0-1 and 2-3 of each f32x4 become one f64x2; the shuffle moves
   * 2-3 down), stored or added to what c holds.
   */
  const writeTile = (how: 'float32' | 'float64' | 'add64') => {
    for (let r = 0; r < MR; r++) {
      if (how === 'float32') {
        f.get(cp)
          .get(acc[2 * r])
          .v128Store(0);
        f.get(cp)
          .get(acc[2 * r + 1])
          .v128Store(16);
      } else {
        for (let pair = 0; pair < 4; pair++) {
          const v = acc[2 * r + (pair >> 1)];
          f.get(cp).get(v);
          if (pair % 2 === 1) f.get(v).i8x16Shuffle(HIGH_HALF);
          f.f64x2PromoteLowF32x4();
          if (how === 'add64')
            f.get(cp)
              .v128Load(16 * pair)
              .f64x2Add();
          f.v128Store(16 * pair);
        }
      }
      if (r < MR - 1) f.get(cp).get(ldc).add().set(cp);
    }
  };

  f.forLoop(
    ib,
    () => f.i32(0),
    () => f.get(mPanels),
    MC_PANELS,
    () => {
      // iEnd = min(ib + MC_PANELS, mPanels)
      f.get(ib)
        .i32(MC_PANELS)
        .add()
        .get(mPanels)
        .get(ib)
        .i32(MC_PANELS)
        .add()
        .get(mPanels)
        .ltS()
        .select()
        .set(iEnd);
      f.forLoop(
        jp,
        () => f.i32(0),
        () => f.get(nPanels),
        1,
        () => {
          f.forLoop(
            ip,
            () => f.get(ib),
            () => f.get(iEnd),
            1,
            () => {
              f.get(aPtr).get(ip).get(aPanel).mul().add().set(ap[0]);
              for (let r = 1; r < MR; r++)
                f.get(ap[r - 1])
                  .get(aRow)
                  .add()
                  .set(ap[r]);
              f.get(bPtr).get(jp).get(bPanel).mul().add().set(bp);
              // cp = cPtr + ip · MR · ldc + jp · cPanel
              f.get(cPtr)
                .get(ip)
                .i32(MR)
                .mul()
                .get(ldc)
                .mul()
                .add()
                .get(jp)
                .get(cPanel)
                .mul()
                .add()
                .set(cp);
              for (const a of acc) f.v128Zero().set(a);
              f.forLoop(
                p,
                () => f.i32(0),
                () => f.get(k),
                1,
                () => {
                  f.get(bp).v128Load(0).set(b0);
                  f.get(bp).v128Load(16).set(b1);
                  f.get(bp).get(bStep).add().set(bp);
                  for (let r = 0; r < MR; r++) {
                    f.get(ap[r]).v128Load32Splat(0).set(av);
                    f.get(ap[r]).get(aStep).add().set(ap[r]);
                    f.get(acc[2 * r])
                      .get(av)
                      .get(b0)
                      .f32x4Mul()
                      .f32x4Add()
                      .set(acc[2 * r]);
                    f.get(acc[2 * r + 1])
                      .get(av)
                      .get(b1)
                      .f32x4Mul()
                      .f32x4Add()
                      .set(acc[2 * r + 1]);
                  }
                },
              );
              f.get(cMode)
                .i32(C_ADD64)
                .eq()
                .ifElse(
                  () => writeTile('add64'),
                  () =>
                    f.get(cMode).ifElse(
                      () => writeTile('float64'),
                      () => writeTile('float32'),
                    ),
                );
            },
          );
        },
      );
    },
  );
  return f;
}

/**
 * `narrow(ptr, count)`: the `count` float64 at `ptr` (a multiple of 4) rounded to float32, in
 * place, packed from `ptr`. Each step reads 32 bytes at ptr + 8i and writes 16 at ptr + 4i,
 * so it never overwrites what is still to be read. (`Float32Array.set` from a `Float64Array`
 * converts too, but took 0.23 ms for 512 × 512 values: 2 % of a 512³ product.)
 */
function narrowFunction(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32]);
  const [ptr, count] = [0, 1];
  const i = f.local(I32);
  const source = () => f.get(ptr).get(i).i32(8).mul().add();
  f.forLoop(
    i,
    () => f.i32(0),
    () => f.get(count),
    4,
    () => {
      f.get(ptr).get(i).i32(4).mul().add();
      source().v128Load(0).f32x4DemoteF64x2Zero();
      source().v128Load(16).f32x4DemoteF64x2Zero();
      f.i8x16Shuffle(LOW_HALVES).v128Store(0);
    },
  );
  return f;
}

/** A strided matrix: element (i, j) is at `data[offset + i * rowStride + j * colStride]`. */
export interface Matrix {
  data: ArrayLike<number>;
  offset: number;
  rowStride: number;
  colStride: number;
}

type GemmFn = (...args: number[]) => void;

/** The instantiated gemm module. */
export type Kernel = WasmKernel<{ gemm: GemmFn; narrow: (ptr: number, count: number) => void }>;

let kernel: Kernel | null | undefined;
/** Off with `TENSORGRAD_SIMD=0` in the environment, or `setSimdGemm(false)`. */
let enabled =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
    ?.TENSORGRAD_SIMD !== '0';

/**
 * The instantiated kernel, or null where WebAssembly SIMD is unavailable: over the cpu heap's
 * memory where there is one (operands in the heap are then read where they lie), else over a
 * memory of its own.
 */
export function load(): Kernel | null {
  kernel ??=
    instantiateOnHeap(gemmModuleBytes(HEAP_MAXIMUM_PAGES)) ?? instantiateKernel(gemmModuleBytes());
  return kernel;
}

/** Whether float32 products run on the SIMD kernel (available here and not switched off). */
export function simdGemmEnabled(): boolean {
  return enabled && load() !== null;
}

/** Turns the SIMD kernel on or off (off: float32 products take the typed-array kernel). */
export function setSimdGemm(on: boolean): void {
  enabled = on;
}

/** Slack after each operand: a partial tile reads up to 4 rows / 8 columns past the valid ones. */
const round16 = (floats: number) => Math.ceil(floats / 4) * 4;

/** Copies the span of `x` that a non-negatively strided view reaches (one memcpy when possible). */
function copySpan(x: Matrix, span: number, f32: Float32Array, at: number): void {
  const data = x.data;
  if (data instanceof Float32Array) f32.set(data.subarray(x.offset, x.offset + span), at);
  else for (let i = 0; i < span; i++) f32[at + i] = data[x.offset + i];
}

/**
 * The pointer (from the kernel's base, in bytes) of element `offset` of `data` when the kernel
 * works in the heap and `data` lies there, and the `floats` floats the kernel may read from it
 * (the operand's span and the slack a partial tile reads past it) are inside the memory; else
 * null, and the operand is copied. Reads past the operand's end land in other blocks or the
 * kernel's workspace: only the partial tiles' unused lanes see them.
 */
function inPlace(kern: Kernel, data: ArrayLike<number>, offset: number, floats: number) {
  if (!kern.heap || !(data instanceof Float32Array) || !inHeap(data)) return null;
  const at = data.byteOffset + offset * 4;
  if (at + floats * 4 > kern.memory.buffer.byteLength) return null;
  return at - kern.base;
}

/** Where an operand lies in kernel memory and how the kernel steps through it (bytes). */
interface Placed {
  ptr: number;
  panel: number;
  row: number;
  step: number;
  end: number;
}

/**
 * A row stride, in floats, for a copy of rows of `length` floats: whole 64-byte lines, an odd
 * number of them. The kernel walks down 256 rows of b (and 4 of a) at once; rows a power of
 * two apart in bytes map to a few cache sets and evict each other (512³ read in place ran at
 * 15 GFLOP/s), rows an odd number of lines apart use every set.
 */
function paddedStride(length: number): number {
  const lines = Math.ceil(length / 16);
  return (lines % 2 === 0 ? lines + 1 : lines) * 16;
}

/**
 * Copies `rows` rows of `cols` values of x (contiguous rows) to `at` in kernel memory, `ld`
 * floats apart; `slack` zero rows follow (partial tiles read past the last row). Returns the
 * end of the copy, in floats.
 */
function copyRows(
  x: Matrix,
  rows: number,
  cols: number,
  ld: number,
  slack: number,
  kern: Kernel,
  at: number,
): number {
  const end = at + (rows + slack) * ld;
  const f32 = reserveFloats(kern, end);
  const data = x.data;
  for (let i = 0, s = x.offset; i < rows; i++, s += x.rowStride) {
    if (data instanceof Float32Array) f32.set(data.subarray(s, s + cols), at + i * ld);
    else for (let j = 0; j < cols; j++) f32[at + i * ld + j] = data[s + j];
  }
  f32.fill(0, at + rows * ld, end);
  return end;
}

/**
 * Places a (m × depth from column p0): as is when its rows or columns are contiguous, else (or
 * when `pack`) packed into 4-row panels.
 */
function placeA(
  a: Matrix,
  m: number,
  p0: number,
  depth: number,
  f32: Float32Array,
  at: number,
  kern: Kernel,
  pack: boolean,
): Placed {
  const { rowStride: rs, colStride: cs } = a;
  if (!pack && cs === 1 && rs >= 0) {
    const span = (m - 1) * rs + depth;
    const ptr = inPlace(kern, a.data, a.offset + p0, span + MR * rs + 64);
    if (ptr !== null) return { ptr, panel: MR * rs * 4, row: rs * 4, step: 4, end: at };
    f32 = reserveFloats(kern, at + span + 4 * rs + 64);
    copySpan({ ...a, offset: a.offset + p0 }, span, f32, at);
    return {
      ptr: at * 4,
      panel: MR * rs * 4,
      row: rs * 4,
      step: 4,
      end: round16(at + span + MR * rs),
    };
  }
  if (!pack && rs === 1 && cs >= 0) {
    const span = (depth - 1) * cs + m;
    const ptr = inPlace(kern, a.data, a.offset + p0 * cs, span + MR + 64);
    if (ptr !== null) return { ptr, panel: MR * 4, row: 4, step: cs * 4, end: at };
    f32 = reserveFloats(kern, at + span + 64);
    copySpan({ ...a, offset: a.offset + p0 * cs }, span, f32, at);
    return { ptr: at * 4, panel: MR * 4, row: 4, step: cs * 4, end: round16(at + span + MR) };
  }
  const mPanels = Math.ceil(m / MR);
  f32 = reserveFloats(kern, at + mPanels * MR * depth);
  const ad = a.data;
  for (let ip = 0; ip < mPanels; ip++) {
    const panel = at + ip * MR * depth;
    for (let r = 0; r < MR; r++) {
      const i = ip * MR + r;
      let d = panel + r;
      if (i >= m) {
        for (let p = 0; p < depth; p++, d += MR) f32[d] = 0;
        continue;
      }
      for (let p = 0, s = a.offset + i * rs + p0 * cs; p < depth; p++, d += MR, s += cs)
        f32[d] = ad[s];
    }
  }
  return {
    ptr: at * 4,
    panel: MR * depth * 4,
    row: 4,
    step: MR * 4,
    end: at + mPanels * MR * depth,
  };
}

/**
 * Places b (depth from row p0 × n): as is when its rows are contiguous, else (or when `pack`)
 * packed into 8-column panels.
 */
function placeB(
  b: Matrix,
  p0: number,
  depth: number,
  n: number,
  f32: Float32Array,
  at: number,
  kern: Kernel,
  pack: boolean,
): Placed {
  const { rowStride: rs, colStride: cs } = b;
  if (!pack && cs === 1 && rs >= 0) {
    const span = (depth - 1) * rs + n;
    const ptr = inPlace(kern, b.data, b.offset + p0 * rs, span + NR + 64);
    if (ptr !== null) return { ptr, panel: NR * 4, row: 0, step: rs * 4, end: at };
    f32 = reserveFloats(kern, at + span + 64);
    copySpan({ ...b, offset: b.offset + p0 * rs }, span, f32, at);
    return { ptr: at * 4, panel: NR * 4, row: 0, step: rs * 4, end: round16(at + span + NR) };
  }
  const nPanels = Math.ceil(n / NR);
  f32 = reserveFloats(kern, at + nPanels * NR * depth);
  const bd = b.data;
  for (let jp = 0; jp < nPanels; jp++) {
    const panel = at + jp * NR * depth;
    const cols = Math.min(NR, n - jp * NR);
    for (let p = 0; p < depth; p++) {
      const d = panel + p * NR;
      let s = b.offset + (p0 + p) * rs + jp * NR * cs;
      let c = 0;
      for (; c < cols; c++, s += cs) f32[d + c] = bd[s];
      for (; c < NR; c++) f32[d + c] = 0;
    }
  }
  return {
    ptr: at * 4,
    panel: NR * depth * 4,
    row: 0,
    step: NR * 4,
    end: at + nPanels * NR * depth,
  };
}

/**
 * out[outOffset + i · n + j] = Σₚ a(i, p) b(p, j) for i < m, j < n, in float32 on the SIMD
 * kernel (which must be enabled: see {@link simdGemmEnabled}). Large products are split over
 * the worker pool (`threaded-gemm.ts`); the result is bit-identical either way.
 */
export function simdGemm(
  a: Matrix,
  b: Matrix,
  out: Float32Array,
  outOffset: number,
  m: number,
  k: number,
  n: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    out.fill(0, outOffset, outOffset + m * n);
    return;
  }
  if (threadedGemm(a, b, out, outOffset, m, k, n)) return;
  const kern = load()!;
  try {
    gemmOn(kern, (args) => kern.exports.gemm(...args), a, b, out, outOffset, m, k, n);
  } catch (error) {
    if (!(error instanceof RangeError) || !kern.heap) throw error;
    // The heap cannot grow to hold this product's temporaries: a memory of its own, which has
    // no maximum (`out` is written only at the end, so nothing is half done).
    privateKernel ??= instantiateKernel(gemmModuleBytes())!;
    const own = privateKernel;
    gemmOn(own, (args) => own.exports.gemm(...args), a, b, out, outOffset, m, k, n);
  }
}

/** The kernel over a memory of its own, for products too large for the heap. */
let privateKernel: Kernel | undefined;

/**
 * Runs one kernel call `gemm(...args)` (the argument list of {@link gemmModuleBytes}), on this
 * thread or split over threads.
 */
export type GemmRunner = (args: number[]) => void;

/**
 * The product of {@link simdGemm} on kernel `kern` (whose memory it uses from byte 0): places
 * the operands block by block and hands each block's kernel call to `run`.
 */
export function gemmOn(
  kern: Kernel,
  run: GemmRunner,
  a: Matrix,
  b: Matrix,
  out: Float32Array,
  outOffset: number,
  m: number,
  k: number,
  n: number,
): void {
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  const ldc = nPanels * NR;
  const cells = mPanels * MR * ldc;
  // More than one depth block: the first block's float32 sums are stored into a float64 c,
  // the others' added to it.
  const wide = k > KC;
  const cBytes = wide ? 8 : 4;
  const cFloats = (cells * cBytes) / 4;
  if (kern.heap) {
    // The workspace: above every block in use (nothing is allocated until the product ends).
    kern.base = heapScratch(0);
    kern.f32 = new Float32Array(kern.memory.buffer, kern.base, 0);
  }
  const base = kern.base;
  // c first (fixed size), then a and b: placing may grow the memory.
  let f32 = reserveFloats(kern, cFloats);
  // Deep products of operands with contiguous rows: both are copied whole, row by row (a
  // memcpy each), to rows an odd number of cache lines apart, and read in place block after
  // block instead of being packed per block in JS (512³: 10.9 instead of 11.9 ms on one
  // thread; the calling thread packs while the others wait, so it matters more on several).
  // Shallower products read their operands in place, copied as one span (64³: 19 µs, 31 µs
  // with the row copies).
  const copied = k > KC && a.colStride === 1 && b.colStride === 1 && m > MR;
  let lda = 0;
  let ldb = 0;
  let bAt = 0;
  if (copied) {
    lda = paddedStride(k);
    ldb = paddedStride(n);
    bAt = copyRows(a, m, k, lda, mPanels * MR - m, kern, cFloats);
    copyRows(b, k, n, ldb, 0, kern, bAt);
    f32 = kern.f32;
  }
  // Deep products with enough rows to reuse b's panels are packed: their blocks then sit in
  // L1/L2 whatever the row stride (read in place, a 512-float row stride aliases in cache:
  // 512³ ran at 15 GFLOP/s instead of 33). A few rows read b in place: [1, 512] @ [512, 512]
  // took 0.9 ms packed, 0.1 ms not.
  const pack = k > KC && m > 4 * MR;
  for (let pc = 0; pc < k; pc += KC) {
    const depth = Math.min(KC, k - pc);
    const A: Placed = copied
      ? { ptr: (cFloats + pc) * 4, panel: MR * lda * 4, row: lda * 4, step: 4, end: 0 }
      : placeA(a, m, pc, depth, f32, cFloats, kern, pack);
    const B: Placed = copied
      ? { ptr: (bAt + pc * ldb) * 4, panel: NR * 4, row: 0, step: ldb * 4, end: 0 }
      : placeB(b, pc, depth, n, kern.f32, A.end, kern, pack);
    run([
      base + A.ptr,
      A.panel,
      A.row,
      A.step,
      base + B.ptr,
      B.panel,
      B.step,
      base,
      ldc * cBytes,
      NR * cBytes,
      mPanels,
      nPanels,
      depth,
      !wide ? C_FLOAT32 : pc === 0 ? C_FLOAT64 : C_ADD64,
    ]);
    f32 = kern.f32;
  }
  // One rounding to float32 per element; c then lies as a float32 c does.
  if (wide) kern.exports.narrow(base, cells);
  // Rows of c are ldc ≥ n apart: close the gaps in place (a memmove per row), then one copy out.
  if (ldc !== n) for (let i = 1; i < m; i++) f32.copyWithin(i * n, i * ldc, i * ldc + n);
  out.set(f32.subarray(0, m * n), outOffset);
}
