/**
 * Reading and checking the header of a safetensors file:
 *
 * ```
 * [8 bytes]  N = header length, unsigned 64-bit little endian
 * [N bytes]  UTF-8 JSON: { "__metadata__": {str: str}, name: {dtype, shape, data_offsets}, ... }
 * [rest]     tensor bytes; data_offsets are relative to the start of this section
 * ```
 *
 * The readers follow that order and trust nothing they have not checked: the 8-byte length
 * first (bounded by {@link MAX_HEADER_BYTES} and by the file's real size), then the header
 * (strict JSON with bounded nesting, no duplicate names, at most {@link MAX_TENSORS} tensors),
 * then every entry against the file's real size, and only then the tensor bytes, each range
 * read once. Every rule the format states is checked before a single tensor is made, so a file
 * that breaks one loads nothing. The rules are those of the reference implementation
 * (huggingface/safetensors): sorted by offset, the tensors tile the data section exactly, with
 * no gap, no overlap and nothing after the last one.
 */
import { SafetensorsError } from './errors.js';
import { parseHeaderJson, type JsonObject } from './header-json.js';
import { decoderFor } from './dtypes.js';
import { shapeString } from '@tensorgrad/tensor';

/** One tensor entry of a checked header. */
export interface HeaderEntry {
  readonly name: string;
  /** The safetensors dtype name, e.g. `F32`. */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range relative to the start of the data section, `end` exclusive. */
  readonly begin: number;
  readonly end: number;
}

/** A checked header: tensor entries in file order (by offset), metadata, and where data starts. */
export interface Header {
  readonly entries: readonly HeaderEntry[];
  readonly metadata: Record<string, string>;
  /** Byte position of the data section within the file. */
  readonly dataStart: number;
}

/** The key that holds string metadata rather than a tensor. */
export const METADATA_KEY = '__metadata__';

/**
 * Headers above this size are refused, as the reference implementation does (its
 * `MAX_HEADER_SIZE`, 100 000 000 bytes): a corrupt length field must not make the reader
 * allocate gigabytes before noticing.
 */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * The most tensors one file may declare. Every tensor becomes a `Tensor` object, so a header of
 * a few megabytes declaring a million empty tensors would otherwise cost far more memory than
 * the file; sharded checkpoints of the largest models hold a few thousand tensors per file.
 */
export const MAX_TENSORS = 100_000;

/**
 * Reads the header length from the first 8 bytes of a file of `fileLength` bytes and checks
 * that it is plausible: at most {@link MAX_HEADER_BYTES}, and within the file.
 * @param prefix the file's first bytes (at least 8 when the file has them).
 * @throws SafetensorsError for a file too short or a header length out of bounds.
 */
export function readHeaderLength(prefix: Uint8Array, fileLength: number): number {
  if (fileLength < 8 || prefix.length < 8) {
    throw new SafetensorsError(
      `file is ${fileLength} bytes, too short for the 8-byte header length`,
    );
  }
  const lengthView = new DataView(prefix.buffer, prefix.byteOffset, 8);
  const headerLength = lengthView.getUint32(0, true) + lengthView.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  if (8 + headerLength > fileLength) {
    throw new SafetensorsError(
      `header length ${headerLength} runs past the end of the file (${fileLength} bytes, so at most ${fileLength - 8})`,
    );
  }
  return headerLength;
}

/**
 * Parses and checks the header of a safetensors file held whole in memory.
 * @throws SafetensorsError naming the tensor and the broken rule.
 * For example, `parseHeader(writeSafetensors({ w: zeros([2]) })).entries[0].name` gives 'w'.
 */
export function parseHeader(bytes: Uint8Array): Header {
  const headerLength = readHeaderLength(bytes.subarray(0, 8), bytes.length);
  return parseHeaderBytes(bytes.subarray(8, 8 + headerLength), bytes.length);
}

/**
 * Parses and checks the JSON header `headerBytes` (the file's bytes 8 to 8 + its length) of a
 * file of `fileLength` bytes. Every offset is checked against the file's real length, so the
 * caller can read the tensors knowing that every range lies inside the file and that together
 * they cover its data section exactly.
 * @throws SafetensorsError naming the tensor and the broken rule.
 */
export function parseHeaderBytes(headerBytes: Uint8Array, fileLength: number): Header {
  const json = decodeJson(headerBytes);
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileLength - dataStart;

  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = checkMetadata(value);
    else entries.push(checkEntry(name, value, dataLength));
  }
  if (entries.length > MAX_TENSORS) {
    throw new SafetensorsError(
      `header declares ${entries.length} tensors; tensorgrad reads at most ${MAX_TENSORS} from one file`,
    );
  }
  checkTiling(entries, dataLength);
  return { entries, metadata, dataStart };
}

function decodeJson(headerBytes: Uint8Array): JsonObject {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  // One member more than the tensors: `__metadata__`.
  const json = parseHeaderJson(text, MAX_TENSORS + 1);
  if (!isPlainObject(json)) {
    throw new SafetensorsError(`header must be a JSON object, got ${describe(json)}`);
  }
  return json as JsonObject;
}

function checkMetadata(value: unknown): Record<string, string> {
  if (!isPlainObject(value)) {
    throw new SafetensorsError(`"${METADATA_KEY}" must be an object, got ${describe(value)}`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new SafetensorsError(`"${METADATA_KEY}.${key}" must be a string, got ${describe(v)}`);
    }
  }
  return { ...(value as Record<string, string>) };
}

function checkEntry(name: string, value: unknown, dataLength: number): HeaderEntry {
  if (!isPlainObject(value)) {
    throw new SafetensorsError(`entry must be an object, got ${describe(value)}`, name);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  const decoder = decoderFor(dtype, name);
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new SafetensorsError(
      `shape must be an array of non-negative integers, got ${describe(shape)}`,
      name,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeInteger)) {
    throw new SafetensorsError(
      `data_offsets must be [begin, end] non-negative integers, got ${describe(offsets)}`,
      name,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) {
    throw new SafetensorsError(`data_offsets [${begin}, ${end}] end before they begin`, name);
  }
  if (end > dataLength) {
    throw new SafetensorsError(
      `data_offsets [${begin}, ${end}] run past the end of the data section (${dataLength} bytes)`,
      name,
    );
  }
  const elements = (shape as number[]).reduce((a, b) => a * b, 1);
  const expected = elements * decoder.itemSize;
  if (end - begin !== expected) {
    throw new SafetensorsError(
      `data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape ${shapeString(shape)} of ${dtype} ` +
        `needs ${elements} × ${decoder.itemSize} = ${expected}`,
      name,
    );
  }
  return { name, dtype: dtype as string, shape: shape as number[], begin, end };
}

/**
 * The tensors must tile the data section exactly: sorted by offset, each starts where the
 * previous one ended, the first at 0 and the last at the end. Overlaps would let one write
 * show through two tensors; gaps and trailing bytes mean the header and data disagree.
 */
function checkTiling(entries: HeaderEntry[], dataLength: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  let previous: HeaderEntry | undefined;
  for (const entry of entries) {
    if (entry.begin < position) {
      throw new SafetensorsError(
        `data_offsets [${entry.begin}, ${entry.end}] overlap tensor "${previous!.name}" [${previous!.begin}, ${previous!.end}]`,
        entry.name,
      );
    }
    if (entry.begin > position) {
      const after =
        previous === undefined ? 'the start of the data section' : `tensor "${previous.name}"`;
      throw new SafetensorsError(
        `data_offsets [${entry.begin}, ${entry.end}] leave a gap of ${entry.begin - position} bytes after ${after}`,
        entry.name,
      );
    }
    position = entry.end;
    previous = entry;
  }
  if (position !== dataLength) {
    throw new SafetensorsError(
      `the tensors cover ${position} bytes of the data section, but it holds ${dataLength} ` +
        '(trailing bytes, or a truncated header)',
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
