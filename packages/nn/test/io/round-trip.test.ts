import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, type DType } from '@tensorgrad/autograd';
import { type TypedArray } from '@tensorgrad/tensor';
import {
  loadSafetensorsFile,
  readSafetensors,
  saveSafetensorsFile,
  SafetensorsError,
  writeSafetensors,
} from '../../src/io/index.js';
import { buildFile, bytesOf, splitFile } from './build-file.js';

/** Float32 values given as bit patterns, so NaN payloads and -0 are spelled out exactly. */
const f32Bits = (...bits: number[]) => new Float32Array(new Uint32Array(bits).buffer);
const f64Bits = (...bits: bigint[]) => new Float64Array(new BigUint64Array(bits).buffer);

const SAMPLES: Record<DType, TypedArray> = {
  // quiet NaN with a payload, negative NaN, -0, +inf, smallest subnormal, 1.5
  float32: f32Bits(0x7fc01234, 0xffc00001, 0x80000000, 0x7f800000, 0x00000001, 0x3fc00000),
  float64: f64Bits(
    0x7ff8000000abcdefn,
    0xfff8000000000001n,
    0x8000000000000000n,
    0xfff0000000000000n,
    1n,
    0x3ff8000000000000n,
  ),
  int32: new Int32Array([0, -1, 2147483647, -2147483648, 42, 7]),
  bool: new Uint8Array([1, 0, 0, 1, 1, 0]),
};

describe('writeSafetensors → readSafetensors', () => {
  for (const dtype of Object.keys(SAMPLES) as DType[]) {
    it(`round-trips ${dtype} bit for bit`, () => {
      const original = tensor(SAMPLES[dtype], { shape: [2, 3], dtype });
      const { tensors } = readSafetensors(writeSafetensors({ x: original }));
      const back = tensors.get('x')!;
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual([2, 3]);
      expect(bytesOf(back.data())).toEqual(bytesOf(SAMPLES[dtype]));
    });
  }

  it('round-trips scalars and empty tensors', () => {
    const bytes = writeSafetensors({
      scalar: tensor(new Float32Array([3]), { shape: [], dtype: 'float32' }),
      empty: tensor(new Int32Array(0), { shape: [0, 4], dtype: 'int32' }),
    });
    const { tensors } = readSafetensors(bytes);
    expect(tensors.get('scalar')!.shape).toEqual([]);
    expect(tensors.get('scalar')!.item()).toBe(3);
    expect(tensors.get('empty')!.shape).toEqual([0, 4]);
  });

  it('round-trips metadata, and omits __metadata__ when there is none', () => {
    const x = tensor(new Float32Array([1]), { shape: [1], dtype: 'float32' });
    expect(readSafetensors(writeSafetensors({ x }, { step: '7', note: 'é ✓' })).metadata).toEqual({
      step: '7',
      note: 'é ✓',
    });
    expect(Object.keys(splitFile(writeSafetensors({ x })).header)).toEqual(['x']);
  });

  it('pads the header with spaces to a multiple of 8', () => {
    for (const name of ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh']) {
      const bytes = writeSafetensors({
        [name]: tensor(new Float32Array([1]), { shape: [1], dtype: 'float32' }),
      });
      const length = new DataView(bytes.buffer).getUint32(0, true);
      expect(length % 8).toBe(0);
      const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
      expect(text).toMatch(/^\{.*\} *$/);
      expect(text.trimEnd().length).toBeGreaterThan(length - 8);
    }
  });

  it('is deterministic: insertion order does not matter; larger elements come first, then names', () => {
    const make = (dtype: DType, n: number) =>
      tensor(SAMPLES[dtype].slice(0, n), { shape: [n], dtype });
    const entries: [string, ReturnType<typeof make>][] = [
      ['b_bool', make('bool', 3)],
      ['a_f32', make('float32', 1)],
      ['c_f64', make('float64', 2)],
      ['a_i32', make('int32', 2)],
      ['B_f32', make('float32', 2)],
    ];
    const forward = writeSafetensors(new Map(entries));
    const backward = writeSafetensors(Object.fromEntries([...entries].reverse()));
    expect(backward).toEqual(forward);
    const { header } = splitFile(forward);
    expect(Object.keys(header)).toEqual(['c_f64', 'B_f32', 'a_f32', 'a_i32', 'b_bool']);
    expect(header.c_f64).toEqual({ dtype: 'F64', shape: [2], data_offsets: [0, 16] });
    expect(header.a_i32).toEqual({ dtype: 'I32', shape: [2], data_offsets: [28, 36] });
    expect(header.b_bool).toEqual({ dtype: 'BOOL', shape: [3], data_offsets: [36, 39] });
  });

  it('saves views in logical order, and autograd tensors too', () => {
    const base = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3], dtype: 'float64' });
    const transposed = base.permute([1, 0]);
    const parameter = base.detach().requiresGrad_();
    const { tensors } = readSafetensors(writeSafetensors({ transposed, parameter }));
    expect(tensors.get('transposed')!.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(tensors.get('parameter')!.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('refuses a tensor named __metadata__ and non-string metadata', () => {
    const x = tensor(new Float32Array([1]), { shape: [1], dtype: 'float32' });
    expect(() => writeSafetensors({ __metadata__: x })).toThrow(/"__metadata__" is reserved/);
    expect(() => writeSafetensors({ x }, { step: 3 as unknown as string })).toThrow(
      SafetensorsError,
    );
  });

  it('refuses a source whose data disagrees with its shape', () => {
    const liar = { shape: [3], dtype: 'float32' as const, data: () => new Float32Array(2) };
    expect(() => writeSafetensors({ liar })).toThrow(
      /tensor "liar": data\(\) gave a Float32Array of 2 elements, but dtype float32 and shape \[3\] need a Float32Array of 3/,
    );
  });
});

describe('reading the dtypes tensorgrad does not store', () => {
  it('widens F16 to float32 exactly (normals, subnormals, ±0, ±inf, NaN payload)', () => {
    const halves = new Uint16Array([
      0x3c00, 0xc000, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e01, 0x7bff,
    ]);
    const file = buildFile(
      { h: { dtype: 'F16', shape: [9], data_offsets: [0, 18] } },
      bytesOf(halves),
    );
    const back = readSafetensors(file).tensors.get('h')!;
    expect(back.dtype).toBe('float32');
    const values = Array.from(back.data());
    expect(values.slice(0, 4)).toEqual([1, -2, 2 ** -24, 1023 * 2 ** -24]);
    expect(Object.is(values[4], -0)).toBe(true);
    expect(values.slice(5, 7)).toEqual([Infinity, -Infinity]);
    expect(new Uint32Array(new Float32Array(back.data()).buffer)[7]).toBe(0x7fc02000); // payload kept
    expect(values[8]).toBe(65504);
  });

  it('widens BF16 to float32 exactly', () => {
    const halves = new Uint16Array([0x3f80, 0xc049, 0x8000, 0xff80]);
    const file = buildFile(
      { h: { dtype: 'BF16', shape: [2, 2], data_offsets: [0, 8] } },
      bytesOf(halves),
    );
    const back = readSafetensors(file).tensors.get('h')!;
    expect(back.toArray()).toEqual([
      [1, -3.140625],
      [-0, -Infinity],
    ]);
  });

  it('narrows I64 within range to int32', () => {
    const values = new BigInt64Array([0n, -1n, 2147483647n, -2147483648n]);
    const file = buildFile(
      { ids: { dtype: 'I64', shape: [4], data_offsets: [0, 32] } },
      bytesOf(values),
    );
    const back = readSafetensors(file).tensors.get('ids')!;
    expect(back.dtype).toBe('int32');
    expect(back.toArray()).toEqual([0, -1, 2147483647, -2147483648]);
  });

  it('widens U8, I8, I16 and U16 to int32', () => {
    const cases = [
      { dtype: 'U8', bytes: new Uint8Array([0, 255, 7]), expected: [0, 255, 7] },
      { dtype: 'I8', bytes: bytesOf(new Int8Array([-128, 127, -1])), expected: [-128, 127, -1] },
      {
        dtype: 'I16',
        bytes: bytesOf(new Int16Array([-32768, 32767, -2])),
        expected: [-32768, 32767, -2],
      },
      { dtype: 'U16', bytes: bytesOf(new Uint16Array([65535, 0, 9])), expected: [65535, 0, 9] },
    ];
    for (const { dtype, bytes, expected } of cases) {
      const file = buildFile({ v: { dtype, shape: [3], data_offsets: [0, bytes.length] } }, bytes);
      const back = readSafetensors(file).tensors.get('v')!;
      expect(back.dtype, dtype).toBe('int32');
      expect(back.toArray(), dtype).toEqual(expected);
    }
  });

  it('reads BOOL as bool', () => {
    const file = buildFile(
      { m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } },
      new Uint8Array([1, 0, 1]),
    );
    expect(readSafetensors(file).tensors.get('m')!.toArray()).toEqual([true, false, true]);
  });
});

describe('saveSafetensorsFile → loadSafetensorsFile', () => {
  it('round-trips through a file and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-io-'));
    try {
      const path = join(dir, 'x.safetensors');
      const x = tensor(SAMPLES.float32, { shape: [3, 2], dtype: 'float32' });
      saveSafetensorsFile(path, { x }, { step: '1' });
      const { tensors, metadata } = loadSafetensorsFile(path);
      expect(metadata).toEqual({ step: '1' });
      expect(bytesOf(tensors.get('x')!.data())).toEqual(bytesOf(SAMPLES.float32));
      expect(readdirSync(dir)).toEqual(['x.safetensors']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the path in the error for a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-io-'));
    try {
      const path = join(dir, 'bad.safetensors');
      saveSafetensorsFile(path, {});
      rmSync(path);
      expect(() => loadSafetensorsFile(path)).toThrow(/ENOENT/);
      writeFileSync(path, new Uint8Array(3));
      expect(() => loadSafetensorsFile(path)).toThrow(
        `safetensors: file is 3 bytes, too short for the 8-byte header length (in ${path})`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
