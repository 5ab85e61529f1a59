/**
 * Reading and checking the header of a safetensors file:
 *
 * ```
 * [8 bytes]  N = header length, unsigned 64-bit little endian
 * [N bytes]  UTF-8 JSON: { "__metadata__": {str: str}, name: {dtype, shape, data_offsets}, ... }
 * [rest]     tensor bytes; data_offsets are relative to the start of this section
 * ```
 *
 * Every rule the format states is checked before a single tensor is made, so a file that
 * breaks one loads nothing.
 */
import { SafetensorsError } from './errors.js';
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
 * Headers above this size are refused, as the reference implementation does: a corrupt length
 * field must not make the reader allocate gigabytes before noticing.
 */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Parses and checks the header of a safetensors file.
 * @throws SafetensorsError naming the tensor and the broken rule.
 * For example, `parseHeader(writeSafetensors({ w: zeros([2]) })).entries[0].name` gives 'w'.
 */
export function parseHeader(bytes: Uint8Array): Header {
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `file is ${bytes.length} bytes, too short for the 8-byte header length`,
    );
  }
  const lengthView = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerLength = lengthView.getUint32(0, true) + lengthView.getUint32(4, true) * 2 ** 32;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(
      `header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit`,
    );
  }
  if (8 + headerLength > bytes.length) {
    throw new SafetensorsError(
      `header length ${headerLength} runs past the end of the file (${bytes.length} bytes, so at most ${bytes.length - 8})`,
    );
  }
  const json = decodeJson(bytes.subarray(8, 8 + headerLength));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;

  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, value] of Object.entries(json)) {
    if (name === METADATA_KEY) metadata = checkMetadata(value);
    else entries.push(checkEntry(name, value, dataLength));
  }
  checkTiling(entries, dataLength);
  return { entries, metadata, dataStart };
}

function decodeJson(headerBytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(headerBytes);
  } catch {
    throw new SafetensorsError('header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SafetensorsError(`header is not valid JSON (${(error as Error).message})`);
  }
  if (!isPlainObject(json)) {
    throw new SafetensorsError(`header must be a JSON object, got ${describe(json)}`);
  }
  return json;
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
