/**
 * A small WebAssembly binary writer: just what the cpu backend's SIMD kernels need (one
 * imported memory, i32/f32/v128 locals, structured control flow, a few SIMD instructions).
 * Kernels are written as TypeScript calls that append instructions, so the binary is built
 * here from source at load time; no prebuilt .wasm is shipped.
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(value: number): number[] {
  const out: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function utf8(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** The body of one function: locals are declared up front, instructions appended. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** A new local of `type`; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private emit(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  // variables and constants
  get(index: number): this {
    return this.emit(0x20, ...uleb(index));
  }
  set(index: number): this {
    return this.emit(0x21, ...uleb(index));
  }
  tee(index: number): this {
    return this.emit(0x22, ...uleb(index));
  }
  i32(value: number): this {
    return this.emit(0x41, ...sleb(value));
  }

  // i32 arithmetic and comparisons
  add(): this {
    return this.emit(0x6a);
  }
  sub(): this {
    return this.emit(0x6b);
  }
  mul(): this {
    return this.emit(0x6c);
  }
  and(): this {
    return this.emit(0x71);
  }
  shl(): this {
    return this.emit(0x74);
  }
  eq(): this {
    return this.emit(0x46);
  }
  ltS(): this {
    return this.emit(0x48);
  }
  geS(): this {
    return this.emit(0x4e);
  }
  select(): this {
    return this.emit(0x1b);
  }

  // memory (align is log2 of the byte alignment)
  f32Load(offset = 0): this {
    return this.emit(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, 2, ...uleb(offset));
  }
  f64Load(offset = 0): this {
    return this.emit(0x2b, 3, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.emit(0x39, 3, ...uleb(offset));
  }
  v128Load(offset = 0): this {
    return this.simd(0x00).emit(4, ...uleb(offset));
  }
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09).emit(2, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b).emit(4, ...uleb(offset));
  }

  // SIMD arithmetic
  v128Zero(): this {
    return this.simd(0x0c).emit(...new Array<number>(16).fill(0));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }

  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Abs(): this {
    return this.simd(0xe0);
  }
  /** NaN-propagating lane-wise minimum. */
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  f32x4Floor(): this {
    return this.simd(0x68);
  }
  f32x4Gt(): this {
    return this.simd(0x44);
  }
  f32x4Lt(): this {
    return this.simd(0x43);
  }
  f32x4Le(): this {
    return this.simd(0x45);
  }
  /** Lanes of the first operand where the third's bits are set, else of the second. */
  v128Bitselect(): this {
    return this.simd(0x52);
  }
  /** NaN-propagating lane-wise maximum. */
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** Round to nearest, ties to even. */
  f32x4Nearest(): this {
    return this.simd(0x6a);
  }
  f32x4Ge(): this {
    return this.simd(0x46);
  }
  f32x4Ne(): this {
    return this.simd(0x42);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f).emit(lane);
  }
  v128And(): this {
    return this.simd(0x4e);
  }
  v128Or(): this {
    return this.simd(0x50);
  }
  i32x4TruncSatF32x4S(): this {
    return this.simd(0xf8);
  }
  i32x4Add(): this {
    return this.simd(0xae);
  }
  /** Shift each lane left by an i32 count (from the stack). */
  i32x4Shl(): this {
    return this.simd(0xab);
  }
  /** Lanes of two v128s picked by byte: `lanes[i]` < 16 from the first, else the second. */
  i8x16Shuffle(lanes: readonly number[]): this {
    return this.simd(0x0d).emit(...lanes);
  }
  /** The two low float32 lanes widened to float64 (exactly). */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** Both float64 lanes rounded to float32 lanes 0-1; lanes 2-3 are zero. */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  /** A v128 constant from four float32 (or, with `Int32Array`, int32) lanes. */
  v128Const(lanes: Float32Array | Int32Array): this {
    return this.simd(0x0c).emit(...new Uint8Array(lanes.buffer, lanes.byteOffset, 16));
  }

  /** A v128 constant of four equal float32 lanes. */
  f32x4Const(value: number): this {
    return this.v128Const(new Float32Array([value, value, value, value]));
  }

  // scalar float32
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f64Add(): this {
    return this.emit(0xa0);
  }
  /** A float32 widened to float64 (exactly). */
  f64PromoteF32(): this {
    return this.emit(0xbb);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Div(): this {
    return this.emit(0x95);
  }
  /** NaN-propagating maximum. */
  f32Max(): this {
    return this.emit(0x97);
  }

  private simd(op: number): this {
    return this.emit(0xfd, ...uleb(op));
  }

  // control flow
  /** `block` (no result) around `body`; `br(depth)` inside jumps to its end. */
  block(body: () => void): this {
    this.emit(0x02, 0x40);
    body();
    return this.emit(0x0b);
  }
  /** `if` (no result) on the i32 popped from the stack: `then` when non-zero, else `otherwise`. */
  ifElse(then: () => void, otherwise: () => void): this {
    this.emit(0x04, 0x40);
    then();
    this.emit(0x05);
    otherwise();
    return this.emit(0x0b);
  }
  /** `loop` (no result) around `body`; `br(depth)` inside jumps to its start. */
  loop(body: () => void): this {
    this.emit(0x03, 0x40);
    body();
    return this.emit(0x0b);
  }
  br(depth: number): this {
    return this.emit(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }

  /**
   * `for (counter = start; counter < end; counter += step) body()`, with start/end/step given
   * as emitters of an i32 value. Skipped entirely when start >= end.
   */
  forLoop(
    counter: number,
    start: () => void,
    end: () => void,
    step: number,
    body: () => void,
  ): this {
    start();
    this.set(counter);
    return this.block(() => {
      this.get(counter);
      end();
      this.geS().brIf(0);
      this.loop(() => {
        body();
        this.get(counter).i32(step).add().tee(counter);
        end();
        this.ltS().brIf(0);
      });
    });
  }

  /** The encoded body (locals, run-length grouped by type, then the code). */
  encode(): number[] {
    const runs: [number, ValType][] = [];
    for (const type of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const body = [
      ...uleb(runs.length),
      ...runs.flatMap(([count, type]) => [...uleb(count), type]),
      ...this.code,
      0x0b,
    ];
    return [...uleb(body.length), ...body];
  }
}

/**
 * A module of exported functions over one memory imported as `env.memory`. With
 * `sharedMaximumPages` the import is a shared memory of at most that many 64 KiB pages (the
 * threaded kernels: WebAssembly requires a shared memory to declare its maximum).
 */
export function encodeModule(
  functions: Record<string, FunctionBuilder>,
  sharedMaximumPages?: number,
): Uint8Array<ArrayBuffer> {
  const entries = Object.entries(functions);
  const types = entries.flatMap(([, f]) => [
    0x60,
    ...uleb(f.params.length),
    ...f.params,
    ...uleb(f.results.length),
    ...f.results,
  ]);
  // Memory limits: flag 0 (minimum only) or 3 (shared, minimum and maximum), minimum 1 page.
  const limits =
    sharedMaximumPages === undefined ? [0x00, 1] : [0x03, 1, ...uleb(sharedMaximumPages)];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(entries.length), ...types]),
    ...section(2, [...uleb(1), ...utf8('env'), ...utf8('memory'), 0x02, ...limits]),
    ...section(3, [...uleb(entries.length), ...entries.flatMap((_, i) => uleb(i))]),
    ...section(7, [
      ...uleb(entries.length),
      ...entries.flatMap(([name], i) => [...utf8(name), 0x00, ...uleb(i)]),
    ]),
    ...section(10, [...uleb(entries.length), ...entries.flatMap(([, f]) => f.encode())]),
  ];
  return new Uint8Array(bytes);
}
