/**
 * The kernels that compute in place in the cpu heap (`../heap.ts`): one WebAssembly module
 * over the heap's shared memory holding the float32 binary ops (`binary.ts`) and the row sums
 * (`sum-rows.ts`), gelu and its derivative (`gelu.ts`), softmax rows (`softmax.ts`), and the drivers that turn the backend's views into their calls. Each
 * driver returns false / null when its kernel does not apply; the caller then runs the
 * typed-array kernel.
 */
import { encodeModule, type FunctionBuilder } from './assembler.js';
import {
  binaryFunction,
  binaryFunctionName,
  SIMD_BINARY_OPS,
  type SimdBinaryOp,
} from './binary.js';
import { sumRowsFunction } from './sum-rows.js';
import { geluFunction } from './gelu.js';
import { softmaxInHeapFunction } from './softmax.js';
import {
  HEAP_MAXIMUM_PAGES,
  HEAP_MIN_BYTES,
  heapAllocate,
  heapMemory,
  heapRelease,
  inHeap,
} from '../heap.js';
import type { StridedRows } from '../strided.js';
import { simdGemmEnabled } from './gemm.js';
import { KernelPool, startPool } from '../pool/pool.js';
import { cpuThreads, onThreadsChanged } from '../pool/threads.js';

/** The module's functions: every binary op with each pair of steps but splat-splat, and more. */
function moduleFunctions(): Record<string, FunctionBuilder> {
  const functions: Record<string, FunctionBuilder> = {};
  for (const op of SIMD_BINARY_OPS as ReadonlySet<SimdBinaryOp>) {
    for (const [aStep, bStep] of [
      ['vector', 'vector'],
      ['vector', 'splat'],
      ['splat', 'vector'],
    ] as const) {
      functions[binaryFunctionName(op, aStep, bStep)] = binaryFunction(op, aStep, bStep);
    }
  }
  functions.sumRows = sumRowsFunction();
  functions.gelu = geluFunction(false);
  functions.geluGrad = geluFunction(true);
  functions.softmax = softmaxInHeapFunction();
  return functions;
}

type Kernel = (...args: number[]) => void;

interface Loaded {
  /** The compiled module (the workers instantiate it again over the same memory). */
  readonly module: WebAssembly.Module;
  readonly exports: Record<string, Kernel>;
  /** The functions' names, in the order the pool numbers them. */
  readonly names: readonly string[];
}

let loaded: Loaded | null | undefined;
let pooled: KernelPool | null | undefined;
let calls = 0;
let threadedCalls = 0;

onThreadsChanged(() => {
  pooled?.terminate();
  pooled = undefined;
});

/**
 * How many times a kernel of this module ran (tests check that the SIMD path was taken).
 * @internal
 */
export function inHeapCallCount(): number {
  return calls;
}

/**
 * How many of those calls were shared out over the pool (tests check that threads ran).
 * @internal
 */
export function inHeapThreadedCount(): number {
  return threadedCalls;
}

/**
 * The module instantiated over the heap's memory; null without a heap or SIMD, or when
 * switched off with the SIMD gemm (`TENSORGRAD_SIMD=0`, `setSimdGemm(false)`: the tests run
 * both paths).
 */
function load(): Loaded | null {
  if (!simdGemmEnabled()) return null;
  if (loaded !== undefined) return loaded;
  loaded = null;
  const memory = heapMemory();
  if (memory === null) return null;
  try {
    const functions = moduleFunctions();
    const module = new WebAssembly.Module(encodeModule(functions, HEAP_MAXIMUM_PAGES));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    loaded = {
      module,
      exports: instance.exports as Record<string, Kernel>,
      names: Object.keys(functions),
    };
  } catch {
    // No SIMD: the typed-array kernels.
  }
  return loaded;
}

/** Calls with less work than this (elements) stay on the calling thread. */
const THREAD_MIN = 1 << 15;
/** Parts per thread: a thread the system runs less then takes fewer. */
const CHUNKS_PER_THREAD = 2;

/**
 * Runs `name` over `count` items (rows, or elements in groups of `unit`): in one call, or cut
 * into parts of whole units shared out over the pool when the call holds `work` ≥ THREAD_MIN
 * elements and threads are on. `args(start, end)` are the arguments for items [start, end).
 */
function run(
  kern: Loaded,
  name: string,
  count: number,
  work: number,
  unit: number,
  args: (start: number, end: number) => number[],
): void {
  calls++;
  const threads = work >= THREAD_MIN ? cpuThreads().threads : 1;
  if (threads > 1 && pooled === undefined) {
    const memory = heapMemory()!;
    pooled = startPool(kern.module, memory, kern.names, kern.exports);
  }
  const pool = threads > 1 && pooled != null && pooled.ready() > 0 ? pooled : null;
  const parts =
    pool === null
      ? 1
      : Math.min(Math.floor(count / unit), threads * CHUNKS_PER_THREAD, KernelPool.maxChunks);
  if (parts < 2) {
    kern.exports[name](...args(0, count));
    return;
  }
  const chunks: number[][] = [];
  for (let t = 0; t < parts; t++) {
    const start = Math.floor((t * count) / parts / unit) * unit;
    const end = t === parts - 1 ? count : Math.floor(((t + 1) * count) / parts / unit) * unit;
    chunks.push(args(start, end));
  }
  threadedCalls++;
  pool!.run(kern.names.indexOf(name), chunks);
}

/** A non-heap operand up to this many floats is copied into the heap for the call (a bias). */
const COPY_MAX = 1 << 14;
/** Rows shorter than this, when each row needs its own call, stay in the typed-array kernel. */
const MIN_CALL_ROW = 64;

/**
 * `out` (contiguous, in the heap) = `op` of the float32 operands walked by `rows` (operand 0
 * is `a`, 1 is `b`); false, with nothing written, when this kernel does not apply: no SIMD,
 * `out` outside the heap, an operand stepping through its row by other than 0 or 1 element,
 * a large operand outside the heap, or many short rows that need a call each.
 */
export function simdBinary(
  op: SimdBinaryOp,
  rows: StridedRows,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
): boolean {
  const n = rows.rowLength;
  const [as, bs] = rows.innerStrides;
  if (!inHeap(out) || (as !== 0 && as !== 1) || (bs !== 0 && bs !== 1) || (as === 0 && bs === 0))
    return false;
  if ((!inHeap(a) && a.length > COPY_MAX) || (!inHeap(b) && b.length > COPY_MAX)) return false;
  const rowStrides = rows.uniformRowStrides();
  if (rowStrides === null && n < MIN_CALL_ROW) return false;
  const kern = load();
  if (kern === null) return false;
  const name = binaryFunctionName(op, as === 1 ? 'vector' : 'splat', bs === 1 ? 'vector' : 'splat');
  const scratch: Float32Array[] = [];
  try {
    const aPtr = pointerOf(a, scratch);
    const bPtr = pointerOf(b, scratch);
    const o = out.byteOffset;
    if (rowStrides === null) {
      for (let r = 0; r < rows.rowCount; r++, rows.next()) {
        const [ao, bo] = rows.offsets;
        run(kern, name, n, n, 4, (s, e) => [
          aPtr + (ao + s * as) * 4,
          0,
          bPtr + (bo + s * bs) * 4,
          0,
          o + (r * n + s) * 4,
          1,
          e - s,
        ]);
      }
      return true;
    }
    const [ao, bo] = rows.offsets;
    const [aRow, bRow] = rowStrides;
    if (rows.rowCount === 1) {
      // one row: parts of it
      run(kern, name, n, n, 4, (s, e) => [
        aPtr + (ao + s * as) * 4,
        0,
        bPtr + (bo + s * bs) * 4,
        0,
        o + s * 4,
        1,
        e - s,
      ]);
    } else {
      // evenly spaced rows: parts of whole rows
      run(kern, name, rows.rowCount, rows.rowCount * n, 1, (s, e) => [
        aPtr + (ao + s * aRow) * 4,
        aRow * 4,
        bPtr + (bo + s * bRow) * 4,
        bRow * 4,
        o + s * n * 4,
        e - s,
        n,
      ]);
    }
  } finally {
    for (const s of scratch) heapRelease(s);
  }
  return true;
}

/** The byte address of `array`'s first element in the heap, copying it there if it is not. */
function pointerOf(array: Float32Array, scratch: Float32Array[]): number {
  if (inHeap(array)) return array.byteOffset;
  const copy = heapAllocate(
    'float32',
    array.length,
    Math.max(array.byteLength, HEAP_MIN_BYTES),
    false,
  );
  if (copy === null) throw new Error('cpu: the heap cannot hold a copy of a small operand');
  copy.set(array);
  scratch.push(copy as Float32Array);
  return copy.byteOffset;
}

/**
 * The float64 column sums of the float32 rows `rows` walks (operand 0 the input `x`, operand 1
 * the output slots), for a sweep whose rows step through both contiguously: `outSize` sums, or
 * null when the kernel does not apply (see `reduceBySweep` in `../reduce.ts`). The result is a
 * heap array the caller frees with `heapRelease` once it has stored it. Threads take bands of
 * columns, each summing its columns over every row in order.
 */
export function simdSumRows(
  rows: StridedRows,
  x: Float32Array,
  outSize: number,
): Float64Array | null {
  const [xs, os] = rows.innerStrides;
  const rowStrides = rows.uniformRowStrides();
  if (xs !== 1 || os !== 1 || rowStrides === null || !inHeap(x)) return null;
  const kern = load();
  if (kern === null) return null;
  const acc = heapAllocate('float64', outSize, Math.max(outSize * 8, HEAP_MIN_BYTES), true);
  if (acc === null) return null;
  const x0 = x.byteOffset + rows.offsets[0] * 4;
  const acc0 = acc.byteOffset + rows.offsets[1] * 8;
  const [xRow, accRow] = rowStrides;
  const { rowCount, rowLength: n } = rows;
  run(kern, 'sumRows', n, rowCount * n, 4, (s, e) => [
    x0 + s * 4,
    xRow * 4,
    acc0 + s * 8,
    accRow * 8,
    rowCount,
    e - s,
  ]);
  return acc as Float64Array;
}

/**
 * `out` (contiguous, in the heap) = `op` ('gelu' or 'geluGrad') of the float32 rows `rows`
 * walks in `x`; false, with nothing written, when the kernel does not apply (no SIMD, an array
 * outside the heap, rows not stepping through `x` one element at a time, or many short rows).
 */
export function simdUnary(
  op: 'gelu' | 'geluGrad',
  rows: StridedRows,
  x: Float32Array,
  out: Float32Array,
): boolean {
  const n = rows.rowLength;
  if (!inHeap(out) || !inHeap(x) || rows.innerStrides[0] !== 1) return false;
  const rowStrides = rows.uniformRowStrides();
  const contiguous = rows.rowCount === 1 || (rowStrides !== null && rowStrides[0] === n);
  if (!contiguous && n < MIN_CALL_ROW) return false;
  const kern = load();
  if (kern === null) return false;
  if (contiguous) {
    const x0 = x.byteOffset + rows.offsets[0] * 4;
    const total = rows.rowCount * n;
    run(kern, op, total, total, 4, (s, e) => [x0 + s * 4, out.byteOffset + s * 4, e - s]);
  } else {
    for (let r = 0; r < rows.rowCount; r++, rows.next()) {
      const x0 = x.byteOffset + rows.offsets[0] * 4;
      const o = out.byteOffset + r * n * 4;
      run(kern, op, n, n, 4, (s, e) => [x0 + s * 4, o + s * 4, e - s]);
    }
  }
  return true;
}

/**
 * `out` = softmax of `rows` contiguous rows of `n` floats of `x` from element `offset`, in
 * place in the heap; false, with nothing written, when an array is outside the heap or there
 * is no SIMD (the caller then takes the copying kernel of `softmax.ts`).
 */
export function simdSoftmaxInHeap(
  x: Float32Array,
  offset: number,
  rows: number,
  n: number,
  out: Float32Array,
): boolean {
  if (!inHeap(x) || !inHeap(out)) return false;
  const kern = load();
  if (kern === null) return false;
  const x0 = x.byteOffset + offset * 4;
  run(kern, 'softmax', rows, rows * n, 1, (s, e) => [
    x0 + s * n * 4,
    out.byteOffset + s * n * 4,
    e - s,
    n,
  ]);
  return true;
}
