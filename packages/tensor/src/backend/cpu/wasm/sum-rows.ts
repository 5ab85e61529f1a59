/**
 * Summing the rows of a float32 matrix into float64 sums on WebAssembly SIMD, in place in the
 * cpu heap: the reduction of a bias gradient (`sumToShape` of a [batch · tokens, features]
 * gradient to [features]), which the typed-array sweep ran at a quarter of a training step's
 * elementwise time.
 *
 * Each float32 lane is widened to float64 (exactly) and added to its column's float64 sum,
 * row after row: the same additions in the same order as the typed-array sweep in
 * `../reduce.ts`, so the sums are bit-identical to it.
 */
import { FunctionBuilder, I32, V128 } from './assembler.js';

/** `i8x16.shuffle` lanes moving float32 lanes 2-3 of a v128 to lanes 0-1. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * `sumRows(x, xRow, acc, accRow, rows, n)`: for r < rows, j < n,
 * acc[r·accRow + j] (float64) += x[r·xRow + j] (float32). Pointers and row strides in bytes
 * (`accRow` 0 folds every row into one row of sums).
 */
export function sumRowsFunction(): FunctionBuilder {
  const f = new FunctionBuilder([I32, I32, I32, I32, I32, I32]);
  const [x, xRow, acc, accRow, rows, n] = [0, 1, 2, 3, 4, 5];
  const r = f.local(I32);
  const j = f.local(I32);
  const vectorEnd = f.local(I32);
  const end = f.local(I32);
  const v = f.local(V128);
  const at = f.local(I32);
  // j walks x in bytes; its float64 sum lies at acc + 2 j.
  f.get(n).i32(2).shl().set(end);
  f.get(n).i32(-4).and().i32(2).shl().set(vectorEnd);
  f.forLoop(
    r,
    () => f.i32(0),
    () => f.get(rows),
    1,
    () => {
      f.forLoop(
        j,
        () => f.i32(0),
        () => f.get(vectorEnd),
        16,
        () => {
          f.get(x).get(j).add().v128Load().set(v);
          f.get(acc).get(j).i32(1).shl().add().set(at);
          f.get(at).get(at).v128Load().get(v).f64x2PromoteLowF32x4().f64x2Add().v128Store();
          f.get(at)
            .get(at)
            .v128Load(16)
            .get(v)
            .get(v)
            .i8x16Shuffle(HIGH_HALF)
            .f64x2PromoteLowF32x4()
            .f64x2Add()
            .v128Store(16);
        },
      );
      f.forLoop(
        j,
        () => f.get(vectorEnd),
        () => f.get(end),
        4,
        () => {
          f.get(acc).get(j).i32(1).shl().add().set(at);
          f.get(at).get(at).f64Load().get(x).get(j).add().f32Load().f64PromoteF32().f64Add();
          f.f64Store();
        },
      );
      f.get(x).get(xRow).add().set(x);
      f.get(acc).get(accRow).add().set(acc);
    },
  );
  return f;
}
