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
  type BinaryKernel,
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

/** The module: every binary op with every pair of steps but splat-splat, and the row sums. */
export function inHeapModuleBytes(): Uint8Array<ArrayBuffer> {
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
  return encodeModule(functions, HEAP_MAXIMUM_PAGES);
}

type SumRowsKernel = (
  x: number,
  xRow: number,
  acc: number,
  accRow: number,
  rows: number,
  n: number,
) => void;
type UnaryKernel = (x: number, out: number, n: number) => void;
type Exports = Record<string, BinaryKernel> & {
  sumRows: SumRowsKernel;
  gelu: UnaryKernel;
  geluGrad: UnaryKernel;
  softmax: (x: number, out: number, rows: number, n: number) => void;
};

let kernel: Exports | null | undefined;
let calls = 0;

/**
 * How many times a kernel of this module ran (tests check that the SIMD path was taken).
 * @internal
 */
export function inHeapCallCount(): number {
  return calls;
}

/**
 * The module instantiated over the heap's memory; null without a heap or SIMD. Switched off
 * with the SIMD gemm (`TENSORGRAD_SIMD=0`, `setSimdGemm(false)`), so the tests run both paths.
 */
function load(): Exports | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  const memory = heapMemory();
  if (memory === null) return null;
  try {
    const module = new WebAssembly.Module(inHeapModuleBytes());
    kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as Exports;
  } catch {
    // No SIMD: the typed-array kernel.
  }
  return kernel;
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
  const exports = simdGemmEnabled() ? load() : null;
  if (exports === null) return false;
  const fn =
    exports[binaryFunctionName(op, as === 1 ? 'vector' : 'splat', bs === 1 ? 'vector' : 'splat')];
  const scratch: Float32Array[] = [];
  calls++;
  try {
    const aPtr = pointerOf(a, scratch);
    const bPtr = pointerOf(b, scratch);
    const [ao, bo] = rows.offsets;
    if (rowStrides !== null) {
      fn(
        aPtr + ao * 4,
        rowStrides[0] * 4,
        bPtr + bo * 4,
        rowStrides[1] * 4,
        out.byteOffset,
        rows.rowCount,
        n,
      );
    } else {
      for (let r = 0; r < rows.rowCount; r++, rows.next()) {
        fn(
          aPtr + rows.offsets[0] * 4,
          0,
          bPtr + rows.offsets[1] * 4,
          0,
          out.byteOffset + r * n * 4,
          1,
          n,
        );
      }
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
 * heap array the caller frees with `heapRelease` once it has stored it.
 */
export function simdSumRows(
  rows: StridedRows,
  x: Float32Array,
  outSize: number,
): Float64Array | null {
  const [xs, os] = rows.innerStrides;
  const rowStrides = rows.uniformRowStrides();
  if (xs !== 1 || os !== 1 || rowStrides === null || !inHeap(x)) return null;
  const exports = simdGemmEnabled() ? load() : null;
  if (exports === null) return null;
  const acc = heapAllocate('float64', outSize, Math.max(outSize * 8, HEAP_MIN_BYTES), true);
  if (acc === null) return null;
  calls++;
  exports.sumRows(
    x.byteOffset + rows.offsets[0] * 4,
    rowStrides[0] * 4,
    acc.byteOffset + rows.offsets[1] * 8,
    rowStrides[1] * 8,
    rows.rowCount,
    rows.rowLength,
  );
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
  const exports = simdGemmEnabled() ? load() : null;
  if (exports === null) return false;
  calls++;
  const fn = exports[op];
  if (contiguous) {
    fn(x.byteOffset + rows.offsets[0] * 4, out.byteOffset, rows.rowCount * n);
  } else {
    for (let r = 0; r < rows.rowCount; r++, rows.next()) {
      fn(x.byteOffset + rows.offsets[0] * 4, out.byteOffset + r * n * 4, n);
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
  const exports = simdGemmEnabled() ? load() : null;
  if (exports === null) return false;
  calls++;
  exports.softmax(x.byteOffset + offset * 4, out.byteOffset, rows, n);
  return true;
}
