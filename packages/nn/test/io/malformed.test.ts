import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { memory } from '@tensorgrad/autograd';
import { readSafetensors, SafetensorsError } from '../../src/io/index.js';
import { buildFile, bytesOf, concatBytes, splitFile } from './build-file.js';
import { parityDir } from './fixtures.js';

/** A valid two-tensor file: a = F32 [2] at [0, 8), b = I32 [1, 2] at [8, 16). */
function validParts(): { header: Record<string, unknown>; data: Uint8Array } {
  return {
    header: {
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'I32', shape: [1, 2], data_offsets: [8, 16] },
    },
    data: concatBytes(bytesOf(new Float32Array([1.5, -2])), bytesOf(new Int32Array([7, 8]))),
  };
}

function withEntry(name: string, entry: unknown, data?: Uint8Array): Uint8Array {
  const { header, data: validData } = validParts();
  return buildFile({ ...header, [name]: entry }, data ?? validData);
}

/** Expects `bytes` to be refused with a SafetensorsError whose message matches `pattern`. */
function expectRefused(bytes: Uint8Array, pattern: RegExp): void {
  let caught: unknown;
  try {
    readSafetensors(bytes);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  expect((caught as Error).message).toMatch(pattern);
}

describe('readSafetensors on malformed files', () => {
  it('accepts the untampered file the cases below start from', () => {
    const { header, data } = validParts();
    const { tensors, metadata } = readSafetensors(buildFile(header, data));
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    expect(tensors.get('a')!.toArray()).toEqual([1.5, -2]);
    expect(tensors.get('b')!.toArray()).toEqual([[7, 8]]);
    expect(metadata).toEqual({ format: 'pt' });
  });

  it('refuses files too short to hold the header length', () => {
    expectRefused(new Uint8Array(5), /file is 5 bytes, too short for the 8-byte header length/);
    expectRefused(new Uint8Array(0), /file is 0 bytes/);
  });

  it('refuses a header length beyond the end of the file', () => {
    const { header, data } = validParts();
    const file = buildFile(header, data);
    expectRefused(file.slice(0, 40), /header length \d+ runs past the end of the file \(40 bytes/);
    const lying = file.slice();
    new DataView(lying.buffer).setUint32(0, file.length, true);
    expectRefused(lying, /runs past the end of the file/);
  });

  it('refuses absurd header lengths (high word set) before allocating', () => {
    const file = new Uint8Array(16);
    new DataView(file.buffer).setUint32(4, 1, true); // 2**32
    expectRefused(file, /header length 4294967296 exceeds the 100000000-byte limit/);
  });

  it('refuses a truncated data section, naming the tensor that runs off the end', () => {
    const { header, data } = validParts();
    const file = buildFile(header, data);
    expectRefused(
      file.slice(0, file.length - 1),
      /tensor "b": data_offsets \[8, 16\] run past the end of the data section \(15 bytes\)/,
    );
  });

  it('refuses trailing bytes after the last tensor', () => {
    const { header, data } = validParts();
    expectRefused(
      buildFile(header, concatBytes(data, new Uint8Array(4))),
      /cover 16 bytes of the data section, but it holds 20/,
    );
  });

  it('refuses bad JSON, non-object headers and bad UTF-8', () => {
    expectRefused(buildFile(null, new Uint8Array(0), '{"a": {'), /header is not valid JSON/);
    expectRefused(buildFile([1, 2]), /header must be a JSON object, got \[1,2\]/);
    const badUtf8 = buildFile(null, new Uint8Array(0), '{"xx":1}');
    badUtf8[10] = 0xff;
    expectRefused(badUtf8, /header is not valid UTF-8/);
  });

  it('refuses unknown or unsupported dtypes, naming the tensor', () => {
    expectRefused(
      withEntry('b', { dtype: 'Q4', shape: [1, 2], data_offsets: [8, 16] }),
      /tensor "b": unsupported dtype "Q4" \(readable: F64, F32/,
    );
    expectRefused(
      withEntry('b', { dtype: 'F8_E4M3', shape: [8], data_offsets: [8, 16] }),
      /tensor "b": unsupported dtype "F8_E4M3"/,
    );
    expectRefused(
      withEntry('b', { shape: [1, 2], data_offsets: [8, 16] }),
      /tensor "b": unsupported dtype undefined/,
    );
  });

  it('refuses malformed shapes and offsets', () => {
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [-1, 2], data_offsets: [8, 16] }),
      /tensor "b": shape must be an array of non-negative integers, got \[-1,2\]/,
    );
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [1.5], data_offsets: [8, 16] }),
      /tensor "b": shape must be/,
    );
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: '2', data_offsets: [8, 16] }),
      /tensor "b": shape must be/,
    );
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [2], data_offsets: [8] }),
      /tensor "b": data_offsets must be \[begin, end\]/,
    );
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [0], data_offsets: [16, 8] }),
      /tensor "b": data_offsets \[16, 8\] end before they begin/,
    );
    expectRefused(withEntry('b', 'oops'), /tensor "b": entry must be an object, got "oops"/);
  });

  it('refuses offsets out of range', () => {
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [1, 2], data_offsets: [16, 24] }),
      /tensor "b": data_offsets \[16, 24\] run past the end of the data section \(16 bytes\)/,
    );
  });

  it('refuses a byte size that disagrees with shape × dtype', () => {
    expectRefused(
      withEntry('b', { dtype: 'I32', shape: [3], data_offsets: [8, 16] }),
      /tensor "b": data_offsets \[8, 16\] hold 8 bytes, but shape \[3\] of I32 needs 3 × 4 = 12/,
    );
    expectRefused(
      withEntry('b', { dtype: 'F64', shape: [2], data_offsets: [8, 16] }),
      /tensor "b": .*needs 2 × 8 = 16/,
    );
  });

  it('refuses overlapping tensors, naming both', () => {
    const { header, data } = validParts();
    const file = buildFile(
      { ...header, c: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } },
      data,
    );
    expectRefused(file, /tensor "c": data_offsets \[4, 8\] overlap tensor "a" \[0, 8\]/);
  });

  it('refuses gaps between tensors and before the first', () => {
    const gap = buildFile(
      {
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        b: { dtype: 'I32', shape: [2], data_offsets: [8, 16] },
      },
      new Uint8Array(16),
    );
    expectRefused(
      gap,
      /tensor "b": data_offsets \[8, 16\] leave a gap of 4 bytes after tensor "a"/,
    );
    const leading = buildFile(
      { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } },
      new Uint8Array(8),
    );
    expectRefused(leading, /tensor "a": .*gap of 4 bytes after the start of the data section/);
  });

  it('refuses metadata that is not string → string', () => {
    const { header, data } = validParts();
    expectRefused(
      buildFile({ ...header, __metadata__: { step: 3 } }, data),
      /"__metadata__.step" must be a string, got 3/,
    );
    expectRefused(
      buildFile({ ...header, __metadata__: [] }, data),
      /"__metadata__" must be an object/,
    );
  });

  it('refuses I64 values that int32 cannot hold, naming the tensor, element and value', () => {
    const big = new BigInt64Array([5n, -7n, 2n ** 31n]);
    const file = buildFile(
      { ids: { dtype: 'I64', shape: [3], data_offsets: [0, 24] } },
      bytesOf(big),
    );
    expectRefused(file, /tensor "ids": I64 element 2 is 2147483648, outside the int32 range/);
    const negative = buildFile(
      { ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } },
      bytesOf(new BigInt64Array([-(2n ** 31n) - 1n])),
    );
    expectRefused(negative, /I64 element 0 is -2147483649/);
  });

  it('refuses BOOL bytes other than 0 and 1', () => {
    const file = buildFile(
      { m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } },
      new Uint8Array([1, 0, 2]),
    );
    expectRefused(file, /tensor "m": BOOL element 2 is the byte 2, expected 0 or 1/);
  });

  it('refuses a lying shape in a real parity fixture (tampered in memory)', () => {
    const original = new Uint8Array(readFileSync(new URL('vit_basic.safetensors', parityDir)));
    const { header, data } = splitFile(original);
    const entry = header['param.cls_token'] as { shape: number[] };
    entry.shape = [1, 2, 32];
    expectRefused(
      buildFile(header, data),
      /tensor "param.cls_token": data_offsets \[2176, 2304\] hold 128 bytes, but shape \[1, 2, 32\] of F32 needs 64 × 4 = 256/,
    );
  });

  it('loads nothing when a late tensor is bad (no partial result, no leaked tensors)', () => {
    // "z" sorts last in the data section and fails only while being decoded.
    const file = buildFile(
      {
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        z: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
      },
      concatBytes(bytesOf(new Float32Array([1, 2])), bytesOf(new BigInt64Array([2n ** 40n]))),
    );
    const before = memory().tensors;
    expectRefused(file, /tensor "z": I64 element 0 is 1099511627776/);
    expect(memory().tensors).toBe(before);
  });
});
