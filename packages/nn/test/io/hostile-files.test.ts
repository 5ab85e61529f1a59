/**
 * Files built to hurt the reader: lying lengths on gigabyte (sparse) files, headers declaring
 * hundreds of thousands of tensors, nesting deep enough to overflow a recursive walk, duplicate
 * names. Each must be refused with a SafetensorsError saying what is wrong, after bounded work:
 * the file reader reads the 8-byte length and the header first and never more than the header
 * and the ranges it has checked against the file's size.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory } from '@tensorgrad/autograd';
import {
  loadSafetensorsFile,
  readSafetensors,
  SafetensorsError,
  writeSafetensors,
} from '../../src/io/index.js';
import { MAX_HEADER_DEPTH } from '../../src/io/header-json.js';
import { MAX_HEADER_BYTES, MAX_TENSORS } from '../../src/io/header.js';
import { buildFile, bytesOf } from './build-file.js';
import { ones, tensor } from '@tensorgrad/autograd';

const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const GIB = 2 ** 30;
const MIB = 2 ** 20;

let fileCount = 0;
/** Writes `head` at the start of a file of `size` bytes; the rest is a hole (no disk, reads as 0). */
function sparseFile(head: Uint8Array, size: number): string {
  const path = join(dir, `f${fileCount++}.safetensors`);
  const fd = fs.openSync(path, 'w');
  try {
    fs.ftruncateSync(fd, size);
    fs.writeSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return path;
}

/** The 8-byte little-endian length field followed by `json`. */
function withLength(length: number, json = ''): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, length % 2 ** 32, true);
  view.setUint32(4, Math.floor(length / 2 ** 32), true);
  out.set(text, 8);
  return out;
}

/** The error `fn` throws (failing the test when it returns). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected an error');
}

interface Cost {
  readonly error: Error;
  /** Bytes read from files through fs.readSync. */
  readonly bytesRead: number;
  /** Growth of the process's peak resident set, in bytes. */
  readonly peakGrowth: number;
  readonly milliseconds: number;
}

/**
 * Loads `path`, expecting a refusal, and measures what the refusal cost. The peak RSS
 * (`maxRSS`) only grows when the call needs more memory than the process ever held before, so a
 * reader that pulled in the whole file shows up as growth of about the file's size.
 */
function refusalCost(path: string): Cost {
  const readSync = vi.spyOn(fs, 'readSync');
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const error = errorOf(() => loadSafetensorsFile(path));
  const milliseconds = performance.now() - start;
  const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
  const bytesRead = readSync.mock.results.reduce(
    (n, r) => n + (r.type === 'return' ? (r.value as number) : 0),
    0,
  );
  readSync.mockRestore();
  return { error, bytesRead, peakGrowth, milliseconds };
}

describe('loadSafetensorsFile on gigabyte files whose header lies', () => {
  it('refuses a 1 GiB file whose header length is absurd after reading 8 bytes', () => {
    const path = sparseFile(withLength(GIB - 8), GIB);
    const cost = refusalCost(path);
    expect(cost.error).toBeInstanceOf(SafetensorsError);
    expect(cost.error.message).toMatch(
      new RegExp(
        `header length ${GIB - 8} exceeds the ${MAX_HEADER_BYTES}-byte limit \\(in .*f\\d+\\.safetensors\\)`,
      ),
    );
    expect(cost.bytesRead).toBe(8);
    expect(cost.peakGrowth).toBeLessThan(100 * MIB);
  });

  it('refuses a 1 GiB file that holds half the tensor its header declares, reading only the header', () => {
    // One F32 tensor of 2^28 elements (1 GiB) declared; the file stops 512 MiB into it.
    const json = JSON.stringify({ w: { dtype: 'F32', shape: [2 ** 28], data_offsets: [0, GIB] } });
    const head = withLength(json.length, json);
    const path = sparseFile(head, head.length + GIB / 2);
    const cost = refusalCost(path);
    expect(cost.error).toBeInstanceOf(SafetensorsError);
    expect(cost.error.message).toMatch(
      `tensor "w": data_offsets [0, ${GIB}] run past the end of the data section (${GIB / 2} bytes)`,
    );
    expect(cost.bytesRead).toBe(head.length);
    expect(cost.peakGrowth).toBeLessThan(100 * MIB);
  });

  it('refuses a file with bytes after the last tensor without reading them', () => {
    const valid = writeSafetensors({ w: ones([2]) });
    const path = sparseFile(valid, valid.length + GIB);
    const cost = refusalCost(path);
    expect(cost.error.message).toMatch(
      `the tensors cover 8 bytes of the data section, but it holds ${GIB + 8}`,
    );
    expect(cost.bytesRead).toBe(valid.length - 8);
    expect(cost.peakGrowth).toBeLessThan(100 * MIB);
  });

  it('refuses files shorter than their header length or than 8 bytes', () => {
    const head = withLength(64, '{}');
    expect(errorOf(() => loadSafetensorsFile(sparseFile(head, head.length))).message).toMatch(
      /header length 64 runs past the end of the file \(10 bytes, so at most 2\)/,
    );
    expect(errorOf(() => loadSafetensorsFile(sparseFile(new Uint8Array(3), 3))).message).toMatch(
      /file is 3 bytes, too short for the 8-byte header length/,
    );
  });

  it('reads a valid file by its declared ranges only: each tensor once, nothing else', () => {
    const bytes = writeSafetensors({ a: ones([3]), b: tensor([[1, 2]], { dtype: 'int32' }) });
    const path = sparseFile(bytes, bytes.length);
    const readSync = vi.spyOn(fs, 'readSync');
    const { tensors } = loadSafetensorsFile(path);
    // readSync(fd, buffer, offset, length, position): the length asked for.
    const lengths = readSync.mock.calls.map((call) => (call as unknown[])[3] as number);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(bytes.length);
    expect(lengths.length).toBe(4); // length field, header, a, b
    expect(tensors.get('a')!.toArray()).toEqual([1, 1, 1]);
    expect(tensors.get('b')!.toArray()).toEqual([[1, 2]]);
    for (const t of tensors.values()) t.dispose();
  });
});

describe('headers that would cost far more than their size', () => {
  it(`refuses a header declaring 600 000 empty tensors at the ${MAX_TENSORS}-tensor cap`, () => {
    const entries: string[] = [];
    for (let i = 0; i < 600_000; i++) {
      entries.push(`"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}`);
    }
    const json = `{${entries.join(',')}}`;
    const path = sparseFile(withLength(json.length, json), 8 + json.length);
    const tensorsBefore = memory().tensors;
    const cost = refusalCost(path);
    expect(cost.error).toBeInstanceOf(SafetensorsError);
    expect(cost.error.message).toMatch(
      `header has more than ${MAX_TENSORS + 1} entries (stopped at character`,
    );
    expect(cost.bytesRead).toBe(8 + json.length);
    // The header itself is 33 MB (read once, decoded once); no tensor was made.
    expect(json.length).toBeGreaterThan(30_000_000);
    expect(cost.peakGrowth).toBeLessThan(250 * MIB);
    expect(cost.milliseconds).toBeLessThan(10_000);
    expect(memory().tensors).toBe(tensorsBefore);
  });

  it('refuses metadata nested 100 000 levels deep with a SafetensorsError, not a stack overflow', () => {
    const depth = 100_000;
    const json = `{"__metadata__":${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}}`;
    for (const load of bothForms(buildFile(null, new Uint8Array(0), json))) {
      const error = errorOf(load);
      expect(error).toBeInstanceOf(SafetensorsError);
      expect(error.message).toMatch(
        `header nests deeper than ${MAX_HEADER_DEPTH} levels (at character ${16 + 5 * (MAX_HEADER_DEPTH - 1)})`,
      );
    }
    const arrays = `{"w":{"dtype":"F32","shape":${'['.repeat(depth)}${']'.repeat(depth)},"data_offsets":[0,0]}}`;
    expect(errorOf(() => readSafetensors(buildFile(null, undefined, arrays))).message).toMatch(
      `header nests deeper than ${MAX_HEADER_DEPTH} levels`,
    );
  });

  it('accepts nesting up to the bound in an unknown field of an entry (ignored, as the reference does)', () => {
    const deep = `${'['.repeat(MAX_HEADER_DEPTH - 2)}${']'.repeat(MAX_HEADER_DEPTH - 2)}`;
    const json = `{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"extra":${deep}}}`;
    const { tensors } = readSafetensors(buildFile(null, bytesOf(new Float32Array([5])), json));
    expect(tensors.get('w')!.toArray()).toEqual([5]);
  });

  it('refuses metadata values that are not strings, as the spec requires a flat string map', () => {
    const json = '{"__metadata__":{"nested":{"a":"b"}}}';
    expect(errorOf(() => readSafetensors(buildFile(null, undefined, json))).message).toMatch(
      '"__metadata__.nested" must be a string, got {"a":"b"}',
    );
  });
});

describe('duplicate names', () => {
  const entry = (begin: number) =>
    `{"dtype":"F32","shape":[1],"data_offsets":[${begin},${begin + 4}]}`;
  const data = bytesOf(new Float32Array([1, 2]));

  it('refuses a tensor named twice, in both forms (JSON.parse would keep the last silently)', () => {
    const json = `{"w":${entry(0)},"v":${entry(4)},"w":${entry(4)}}`;
    for (const load of bothForms(buildFile(null, data, json))) {
      const error = errorOf(load);
      expect(error).toBeInstanceOf(SafetensorsError);
      expect(error.message).toMatch(/header has the key "w" twice \(at character \d+\)/);
    }
  });

  it('refuses duplicates inside an entry and inside the metadata, escapes decoded', () => {
    const twiceDtype = '{"w":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    expect(
      errorOf(() => readSafetensors(buildFile(null, data.slice(0, 4), twiceDtype))).message,
    ).toMatch('header has the key "dtype" twice');
    // "\u0061" is "a": the same key spelled two ways.
    const metadata = `{"__metadata__":{"a":"1","\\u0061":"2"},"w":${entry(0)}}`;
    expect(
      errorOf(() => readSafetensors(buildFile(null, data.slice(0, 4), metadata))).message,
    ).toMatch('header has the key "a" twice');
  });

  it('treats "__proto__" as an ordinary name', () => {
    const json = `{"__proto__":${entry(0)},"constructor":${entry(4)}}`;
    const { tensors } = readSafetensors(buildFile(null, data, json));
    expect([...tensors.keys()]).toEqual(['__proto__', 'constructor']);
    expect(tensors.get('__proto__')!.toArray()).toEqual([1]);
    expect(({} as Record<string, unknown>)['dtype']).toBeUndefined(); // no prototype pollution
  });
});

describe('offsets (the reference rules: sorted by offset, they tile the data section)', () => {
  const data = bytesOf(new Float32Array([1, 2, 3]));

  it('accepts entries listed in any order, yielding tensors in offset order', () => {
    const json =
      '{"c":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
      '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const { tensors } = readSafetensors(buildFile(null, data, json));
    expect([...tensors.keys()]).toEqual(['a', 'b', 'c']);
    expect([...tensors.values()].map((t) => t.item())).toEqual([1, 2, 3]);
  });

  it('refuses two tensors sharing one range (tied weights must be saved once)', () => {
    const json =
      '{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},' +
      '"b":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}';
    expect(errorOf(() => readSafetensors(buildFile(null, data, json))).message).toMatch(
      /tensor "b": data_offsets \[0, 12\] overlap tensor "a" \[0, 12\]/,
    );
  });

  it('refuses offsets beyond 2^53 and byte counts that overflow', () => {
    const huge = `{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,18446744073709551615]}}`;
    expect(errorOf(() => readSafetensors(buildFile(null, data, huge))).message).toMatch(
      'tensor "a": data_offsets must be [begin, end] non-negative integers, got [0,18446744073709552000]',
    );
    const overflow = `{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,12]}}`;
    expect(errorOf(() => readSafetensors(buildFile(null, data, overflow))).message).toMatch(
      'tensor "a": shape must be an array of non-negative integers',
    );
  });
});

/** Loaders of `bytes` as a buffer and as a file. */
function bothForms(bytes: Uint8Array): (() => unknown)[] {
  const path = sparseFile(bytes, bytes.length);
  return [() => readSafetensors(bytes), () => loadSafetensorsFile(path)];
}
