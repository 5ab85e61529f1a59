/**
 * float32 `add`, `sub`, `mul` and `div` on WebAssembly SIMD, in place in the cpu heap
 * (`../heap.ts`): no operand is copied. A plain JS loop over typed arrays runs at ~2.6 ns an
 * element here (the engine re-checks the arrays every iteration); f32x4 runs at the speed of
 * memory.
 *
 * Each function covers `rows` rows of `n` elements, the output contiguous and each operand
 * stepping from one row to the next by its own byte stride (0 repeats a row: a bias added to
 * every row), and along the row either through consecutive elements or, for the `S` (splat)
 * variants, staying on one (a scalar, or a [rows, 1] column broadcast along the row). So one
 * call covers a same-shape op, a bias add and an op with a scalar.
 *
 * The results are bit-identical to the typed-array kernel's: for +, −, × and ÷ of float32
 * operands, the double result rounded to float32 is the correctly rounded float32 result, which
 * is what f32x4 computes.
 */
import { FunctionBuilder, I32, V128 } from './assembler.js';

/** The binary ops computed here. */
export type SimdBinaryOp = 'add' | 'sub' | 'mul' | 'div';
export const SIMD_BINARY_OPS: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'div']);

/** How an operand steps along a row: through its elements, or staying on one (`splat`). */
type Step = 'vector' | 'splat';

/** Export name of the function for `op` with the given operand steps, e.g. `add_vs`. */
export function binaryFunctionName(op: SimdBinaryOp, a: Step, b: Step): string {
  return `${op}_${a[0]}${b[0]}`;
}

/**
 * `fn(a, aRow, b, bRow, out, rows, n)`: out[r·n + i] = a(r, i) op b(r, i) for r < rows, i < n,
 * where a(r, i) is the float at `a + r·aRow + i·4` (vector) or `a + r·aRow` (splat), b alike.
 * Pointers and row strides in bytes.
 */
export function binaryFunction(op: SimdBinaryOp, aStep: Step, bStep: Step): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32, I32]);
  const [a, aRow, b, bRow, out, rows, n] = [0, 1, 2, 3, 4, 5, 6];
  const r = f.local(I32);
  const i = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  const va = f.local(V128);
  const vb = f.local(V128);
  const vectorOp = {
    add: () => f.f32x4Add(),
    sub: () => f.f32x4Sub(),
    mul: () => f.f32x4Mul(),
    div: () => f.f32x4Div(),
  }[op];
  const scalarOp = {
    add: () => f.f32Add(),
    sub: () => f.f32Sub(),
    mul: () => f.f32Mul(),
    div: () => f.f32Div(),
  }[op];
  /** Pushes the address of element i (bytes) of the operand at `ptr` with `step`. */
  const at = (ptr: number, step: Step) =>
    step === 'vector' ? f.get(ptr).get(i).add() : f.get(ptr);

  // Bytes of a row, and of its part that whole f32x4 cover.
  f.get(n).i32(2).shl().set(end);
  f.get(n).i32(-4).and().i32(2).shl().set(vectorEnd);
  f.forLoop(
    r,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      if (aStep === 'splat') f.get(a).v128Load32Splat().set(va);
      if (bStep === 'splat') f.get(b).v128Load32Splat().set(vb);
      f.forLoop(
        i,
        () => f.i32(0),
        () => f.get(vectorEnd),
        16,
        () => {
          f.get(out).get(i).add();
          if (aStep === 'vector') at(a, aStep).v128Load();
          else f.get(va);
          if (bStep === 'vector') at(b, bStep).v128Load();
          else f.get(vb);
          vectorOp();
          f.v128Store();
        },
      );
      f.forLoop(
        i,
        () => f.get(vectorEnd),
        () => f.get(end),
        4,
        () => {
          f.get(out).get(i).add();
          at(a, aStep).f32Load();
          at(b, bStep).f32Load();
          scalarOp();
          f.f32Store();
        },
      );
      f.get(a).get(aRow).add().set(a);
      f.get(b).get(bRow).add().set(b);
      f.get(out).get(end).add().set(out);
    },
  );
  return f;
}
