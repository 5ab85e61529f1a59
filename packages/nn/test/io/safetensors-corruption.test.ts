/**
 * Property: a corrupted safetensors file either loads exactly what its bytes say, or is refused
 * with a SafetensorsError — never a RangeError, TypeError or other raw error, never a hang, never
 * a leaked tensor, and with bounded memory.
 *
 * Valid files are built by hand (every readable dtype, shapes of rank 0–3 with size-0 dims, any
 * tensor order in the header and in the data), then corrupted: truncated, bytes flipped in the
 * length field, the header JSON or the data, the length field replaced, or the JSON edited
 * (dtype, shape, data_offsets, names, metadata). Both readers get the same bytes: in memory
 * (`readSafetensors`) and from a file (`loadSafetensorsFile`), and must agree.
 *
 * The oracle is a naive reader written here: `JSON.parse` and the format's rules. When only
 * data bytes changed it says exactly what must load (or which tensor must be refused: a BOOL
 * byte above 1, an I64 outside int32). When the header changed, a load that succeeds must be
 * what the naive reader makes of the same bytes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memory, type DType } from '@tensorgrad/autograd';
import {
  loadSafetensorsFile,
  readSafetensors,
  SafetensorsError,
  type SafetensorsContents,
} from '../../src/io/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- the format, written out naively ----------------------------------------------------------

const ITEM_SIZE: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U16: 2,
  U8: 1,
  BOOL: 1,
};
const FILE_DTYPES = Object.keys(ITEM_SIZE);

const LOADED_AS: Record<string, DType> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
  I32: 'int32',
  I16: 'int32',
  I8: 'int32',
  U16: 'int32',
  U8: 'int32',
  BOOL: 'bool',
};

/** IEEE half precision, from its definition. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The elements of `bytes` as `dtype`, or the reason a reader must refuse them. */
function decode(dtype: string, bytes: Uint8Array): number[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length / ITEM_SIZE[dtype]!;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case 'F64':
        out.push(view.getFloat64(8 * i, true));
        break;
      case 'F32':
        out.push(view.getFloat32(4 * i, true));
        break;
      case 'F16':
        out.push(halfToNumber(view.getUint16(2 * i, true)));
        break;
      case 'BF16': {
        const widened = new DataView(new ArrayBuffer(4));
        widened.setUint32(0, view.getUint16(2 * i, true) << 16);
        out.push(widened.getFloat32(0));
        break;
      }
      case 'I64': {
        const value = view.getBigInt64(8 * i, true);
        if (value < -(2n ** 31n) || value >= 2n ** 31n) return `I64 element ${i} is ${value}`;
        out.push(Number(value));
        break;
      }
      case 'I32':
        out.push(view.getInt32(4 * i, true));
        break;
      case 'I16':
        out.push(view.getInt16(2 * i, true));
        break;
      case 'I8':
        out.push(view.getInt8(i));
        break;
      case 'U16':
        out.push(view.getUint16(2 * i, true));
        break;
      case 'U8':
        out.push(view.getUint8(i));
        break;
      case 'BOOL': {
        const byte = view.getUint8(i);
        if (byte > 1) return `BOOL element ${i} is the byte ${byte}`;
        out.push(byte);
        break;
      }
    }
  }
  return out;
}

interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/** What a file holds, read naively; a string says why the file is invalid. */
type NaiveRead =
  | {
      ok: true;
      tensors: Map<string, { dtype: DType; shape: number[]; values: number[] }>;
      metadata: Record<string, string>;
    }
  | { ok: false; reason: string };

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The naive reader: JSON.parse and the format's rules, one after the other. */
function naiveRead(file: Uint8Array): NaiveRead {
  if (file.length < 8) return { ok: false, reason: 'short' };
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > 100_000_000 || 8 + n > file.length) return { ok: false, reason: 'header length' };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, 8 + n)));
  } catch {
    return { ok: false, reason: 'json' };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { ok: false, reason: 'not an object' };
  }
  const dataStart = 8 + n;
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return { ok: false, reason: 'metadata' };
      }
      if (!Object.values(value).every((v) => typeof v === 'string')) {
        return { ok: false, reason: 'metadata' };
      }
      metadata = { ...(value as Record<string, string>) };
      continue;
    }
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return { ok: false, reason: 'entry' };
    if (typeof v.dtype !== 'string' || !Object.hasOwn(ITEM_SIZE, v.dtype)) {
      return { ok: false, reason: 'dtype' };
    }
    if (!Array.isArray(v.shape) || !v.shape.every(isCount)) return { ok: false, reason: 'shape' };
    const o = v.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !o.every(isCount)) {
      return { ok: false, reason: 'offsets' };
    }
    const [begin, end] = o as [number, number];
    const elements = (v.shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end - begin !== elements * ITEM_SIZE[v.dtype]!) {
      return { ok: false, reason: 'size' };
    }
    entries.push({ name, dtype: v.dtype, shape: v.shape as number[], begin, end });
  }
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  for (const e of entries) {
    if (e.begin !== position) return { ok: false, reason: 'tiling' };
    position = e.end;
  }
  if (position !== file.length - dataStart) return { ok: false, reason: 'tiling' };
  const tensors = new Map<string, { dtype: DType; shape: number[]; values: number[] }>();
  for (const e of entries) {
    const values = decode(e.dtype, file.subarray(dataStart + e.begin, dataStart + e.end));
    if (typeof values === 'string') return { ok: false, reason: values };
    tensors.set(e.name, { dtype: LOADED_AS[e.dtype]!, shape: e.shape, values });
  }
  return { ok: true, tensors, metadata };
}

// ---- valid files -----------------------------------------------------------------------------

interface TensorSpec {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly bytes: Uint8Array;
}

/** Valid element bytes: BOOL is 0/1, I64 is a sign-extended int32; anything else goes. */
function validBytes(dtype: string, elements: number, raw: Uint8Array): Uint8Array {
  const bytes = raw.slice(0, elements * ITEM_SIZE[dtype]!);
  if (dtype === 'BOOL') return bytes.map((b) => b & 1);
  if (dtype === 'I64') {
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < elements; i++) {
      view.setBigInt64(8 * i, BigInt(view.getInt32(8 * i, true)), true);
    }
  }
  return bytes;
}

const tensorSpecArb = fc
  .record({
    dtype: fc.constantFrom(...FILE_DTYPES),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    raw: fc.uint8Array({ minLength: 8 * 64, maxLength: 8 * 64 }),
  })
  .map(({ dtype, shape, raw }) => ({
    dtype,
    shape,
    bytes: validBytes(
      dtype,
      shape.reduce((a, b) => a * b, 1),
      raw,
    ),
  }));

const fileArb = fc
  .record({
    tensors: fc.uniqueArray(
      fc.tuple(
        fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s !== '__metadata__'),
        tensorSpecArb,
      ),
      { minLength: 1, maxLength: 4, selector: ([name]) => name },
    ),
    metadata: fc.option(
      fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
      {
        nil: undefined,
      },
    ),
    dataOrder: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    padding: fc.nat({ max: 9 }),
  })
  .map(({ tensors, metadata, dataOrder, padding }) => {
    const specs: TensorSpec[] = tensors.map(([name, t]) => ({ name, ...t }));
    // The data section in a random order; the header lists them in the order given.
    const order = [...specs.keys()].sort((a, b) => dataOrder[a]! - dataOrder[b]! || a - b);
    const offsets = new Map<number, [number, number]>();
    let position = 0;
    for (const i of order) {
      offsets.set(i, [position, position + specs[i]!.bytes.length]);
      position += specs[i]!.bytes.length;
    }
    const header: Record<string, unknown> = {};
    if (metadata !== undefined) header['__metadata__'] = metadata;
    specs.forEach((s, i) => {
      header[s.name] = { dtype: s.dtype, shape: s.shape, data_offsets: offsets.get(i) };
    });
    return { header, specs, order, padding };
  });

/** Assembles a file: the length field, the header text (padded with spaces), the data. */
function assemble(headerText: string, data: Uint8Array, padding = 0): Uint8Array {
  const json = new TextEncoder().encode(headerText + ' '.repeat(padding));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function dataOf(specs: readonly TensorSpec[], order: readonly number[]): Uint8Array {
  const parts = order.map((i) => specs[i]!.bytes);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let position = 0;
  for (const p of parts) {
    out.set(p, position);
    position += p.length;
  }
  return out;
}

// ---- corruptions -----------------------------------------------------------------------------

/** A way to break a file, as raw choices so that fast-check can shrink them. */
type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip-length'; flips: [number, number][] }
  | { kind: 'flip-header'; flips: [number, number][] }
  | { kind: 'poke-header'; pokes: [number, string][] }
  | { kind: 'flip-data'; flips: [number, number][] }
  | { kind: 'set-length'; length: bigint }
  | { kind: 'shift-length'; delta: number }
  | { kind: 'edit-json'; edits: JsonEdit[] };

/** One edit of the parsed header: which entry (index), which field, and the new value. */
interface JsonEdit {
  readonly entry: number;
  readonly field:
    'dtype' | 'shape' | 'data_offsets' | 'reshape' | 'name' | 'delete' | 'extra' | 'metadata';
  readonly value: unknown;
}

const flipsArb = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), {
  minLength: 1,
  maxLength: 4,
});

/** Odd values a JSON field may be given: wrong types, wrong signs, huge and fractional numbers. */
const oddValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    'F32',
    'F8_E4M3',
    'f32',
    '',
    '__proto__',
    'toString',
    -1,
    0,
    1.5,
    2 ** 53,
    2 ** 64,
    1e308,
    -0,
    [],
    [0],
    [1, 2, 3],
    [-1, 4],
    [2 ** 53, 0],
    [0, 2 ** 40],
    [2 ** 31, 2 ** 31],
    [0, 2 ** 53 - 1],
    ['0', '4'],
    [[1]],
    {},
    { dtype: 'F32' },
  ),
  fc.integer({ min: -3, max: 1000 }),
  fc.array(fc.integer({ min: -1, max: 70 }), { maxLength: 4 }),
  // Shapes whose product is 0 but whose other dims are huge, and very high ranks.
  fc.array(fc.constantFrom(0, 1, 2 ** 31, 2 ** 52, 2 ** 53 - 1), { minLength: 1, maxLength: 3 }),
  fc.integer({ min: 20, max: 200 }).map((rank) => new Array<number>(rank).fill(1)),
  fc.string({ maxLength: 5 }),
);

const jsonEditArb: fc.Arbitrary<JsonEdit> = fc.record({
  entry: fc.nat(),
  field: fc.constantFrom(
    'dtype',
    'shape',
    'data_offsets',
    'reshape',
    'reshape',
    'name',
    'delete',
    'extra',
    'metadata',
  ),
  value: oddValueArb,
});

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip-length' as const), flips: flipsArb }),
  fc.record({ kind: fc.constant('flip-header' as const), flips: flipsArb }),
  fc.record({ kind: fc.constant('flip-data' as const), flips: flipsArb }),
  // Header bytes replaced by JSON's own characters: damage that often still parses.
  fc.record({
    kind: fc.constant('poke-header' as const),
    pokes: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...'{}[],:"0123456789-+.eE ntf\\u')), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    kind: fc.constant('shift-length' as const),
    delta: fc.integer({ min: -16, max: 16 }),
  }),
  fc.record({
    kind: fc.constant('set-length' as const),
    length: fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.bigInt({ min: 0n, max: 600n }),
      fc.constantFrom(0n, 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n, 100_000_001n),
    ),
  }),
  fc.record({
    kind: fc.constant('edit-json' as const),
    edits: fc.array(jsonEditArb, { minLength: 1, maxLength: 3 }),
  }),
);

/** Applies `c` to the file; says whether only data bytes changed. */
function corrupt(
  file: { header: Record<string, unknown>; specs: TensorSpec[]; order: number[]; padding: number },
  c: Corruption,
): { bytes: Uint8Array; dataOnly: boolean } {
  const text = JSON.stringify(file.header);
  const bytes = assemble(text, dataOf(file.specs, file.order), file.padding);
  const headerEnd = 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const flip = (range: [number, number], flips: [number, number][]): Uint8Array => {
    const out = bytes.slice();
    const [from, to] = range;
    if (to <= from) return out;
    for (const [at, mask] of flips) out[from + (at % (to - from))]! ^= mask;
    return out;
  };
  switch (c.kind) {
    case 'truncate':
      return { bytes: bytes.slice(0, c.at % bytes.length), dataOnly: false };
    case 'flip-length':
      return { bytes: flip([0, 8], c.flips), dataOnly: false };
    case 'flip-header':
      return { bytes: flip([8, headerEnd], c.flips), dataOnly: false };
    case 'flip-data':
      return { bytes: flip([headerEnd, bytes.length], c.flips), dataOnly: true };
    case 'poke-header': {
      const out = bytes.slice();
      for (const [at, char] of c.pokes) out[8 + (at % (headerEnd - 8))] = char.charCodeAt(0);
      return { bytes: out, dataOnly: false };
    }
    case 'shift-length': {
      const out = bytes.slice();
      const length = BigInt(Math.max(0, headerEnd - 8 + c.delta));
      new DataView(out.buffer).setBigUint64(0, length, true);
      return { bytes: out, dataOnly: false };
    }
    case 'set-length': {
      const out = bytes.slice();
      new DataView(out.buffer).setBigUint64(0, c.length, true);
      return { bytes: out, dataOnly: false };
    }
    case 'edit-json': {
      const header: Record<string, unknown> = structuredClone(file.header);
      for (const edit of c.edits) {
        const names = Object.keys(header).filter((k) => k !== '__metadata__');
        if (names.length === 0) break;
        const name = names[edit.entry % names.length]!;
        const entry = header[name] as Record<string, unknown>;
        switch (edit.field) {
          case 'dtype':
          case 'shape':
          case 'data_offsets':
            entry[edit.field] = edit.value;
            break;
          case 'reshape': {
            // A shape of the same element count, so that the entry stays consistent: ones
            // appended (high ranks), or, for an empty tensor, huge dims beside its 0.
            const shape = Array.isArray(entry['shape']) ? (entry['shape'] as unknown[]) : [];
            const empty = shape.includes(0);
            const extra = Array.isArray(edit.value) ? edit.value.length : Number(edit.value) || 0;
            const dims = empty ? [2 ** 31, 2 ** 52, 2 ** 53 - 1] : [1];
            entry['shape'] = [
              ...shape,
              ...Array.from(
                { length: Math.min(Math.abs(extra), 300) },
                (_, i) => dims[i % dims.length],
              ),
            ];
            break;
          }
          case 'name': {
            const renamed = typeof edit.value === 'string' ? edit.value : '__metadata__';
            delete header[name];
            header[renamed] = entry;
            break;
          }
          case 'delete':
            delete header[name];
            break;
          case 'extra':
            entry['extra'] = edit.value;
            break;
          case 'metadata':
            header['__metadata__'] = edit.value;
            break;
        }
      }
      const edited = JSON.stringify(header);
      return {
        bytes: assemble(edited, bytes.subarray(headerEnd), file.padding),
        dataOnly: false,
      };
    }
  }
}

// ---- the property ----------------------------------------------------------------------------

type Outcome = { ok: true; contents: SafetensorsContents } | { ok: false; error: unknown };

function attempt(read: () => SafetensorsContents): Outcome {
  try {
    return { ok: true, contents: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Fails unless `error` is a SafetensorsError, quoting what it was instead. */
function expectSafetensorsError(error: unknown, what: string): void {
  if (!(error instanceof SafetensorsError)) {
    const e = error as Error;
    expect.fail(
      `${what}: threw ${e?.name ?? typeof e}: ${e?.message ?? String(e)}\n${e?.stack ?? ''}`,
    );
  }
}

/** Same value, bit for bit, except that any NaN matches any NaN (payloads may be quieted). */
const sameNumber = (a: number, b: number): boolean =>
  (Number.isNaN(a) && Number.isNaN(b)) || Object.is(a, b);

function expectLoaded(
  contents: SafetensorsContents,
  want: NaiveRead & { ok: true },
  what: string,
): void {
  expect([...contents.tensors.keys()].sort(), what).toEqual([...want.tensors.keys()].sort());
  expect(contents.metadata, what).toEqual(want.metadata);
  for (const [name, t] of contents.tensors) {
    const w = want.tensors.get(name)!;
    expect(t.dtype, `${what}: "${name}"`).toBe(w.dtype);
    expect(t.shape, `${what}: "${name}"`).toEqual(w.shape);
    const got = Array.from(t.data());
    expect(got.length, `${what}: "${name}"`).toBe(w.values.length);
    got.forEach((g, i) => {
      if (!sameNumber(g, w.values[i]!)) {
        expect.fail(`${what}: "${name}" element ${i} is ${g}, the bytes say ${w.values[i]}`);
      }
    });
  }
}

const dispose = (o: Outcome): void => {
  if (o.ok) for (const t of o.contents.tensors.values()) t.dispose();
};

let fileCount = 0;

describe('corrupted safetensors files', () => {
  it('load what their bytes say or throw a SafetensorsError, in bounded time and memory', () => {
    const tensorsBefore = memory().tensors;
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const counts = { loaded: 0, refused: 0 };
    fc.assert(
      fc.property(fileArb, corruptionArb, (file, corruption) => {
        const { bytes, dataOnly } = corrupt(file, corruption);
        const what = `${corruption.kind} (${bytes.length} bytes)`;
        const path = join(dir, `f${fileCount++ % 8}.safetensors`);
        writeFileSync(path, bytes);

        const start = performance.now();
        const inMemory = attempt(() => readSafetensors(bytes));
        const fromFile = attempt(() => loadSafetensorsFile(path));
        expect(performance.now() - start, `${what}: both reads`).toBeLessThan(2000);
        try {
          const want = naiveRead(bytes);
          for (const [outcome, reader] of [
            [inMemory, 'readSafetensors'],
            [fromFile, 'loadSafetensorsFile'],
          ] as const) {
            if (!outcome.ok) {
              expectSafetensorsError(outcome.error, `${reader}, ${what}`);
              // Data-only damage is refused only for a byte no dtype allows.
              if (dataOnly) expect(want.ok, `${reader}, ${what}: refused a valid file`).toBe(false);
            } else {
              // A file that loads is one the naive reader reads the same way.
              if (!want.ok)
                expect.fail(`${reader}, ${what}: loaded a file that breaks ${want.reason}`);
              expectLoaded(outcome.contents, want, `${reader}, ${what}`);
            }
          }
          expect(inMemory.ok, `${what}: the two readers disagree`).toBe(fromFile.ok);
          counts[inMemory.ok ? 'loaded' : 'refused']++;
        } finally {
          dispose(inMemory);
          dispose(fromFile);
        }
      }),
      { seed: 1800, numRuns: 600 },
    );
    // Refusals, like loads, leave no tensor behind (all or nothing).
    expect(memory().tensors).toBe(tensorsBefore);
    globalThis.gc?.();
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 2 ** 20);
    // Both outcomes really happen (the corruptions are not all fatal, nor all harmless).
    expect(counts.loaded).toBeGreaterThan(50);
    expect(counts.refused).toBeGreaterThan(200);
  });
});
