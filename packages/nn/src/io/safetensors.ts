/**
 * safetensors in memory: bytes ⇄ tensors. Works in the browser and in Node; the file
 * helpers live in `safetensors-file.ts` so that a browser bundle never sees `node:fs`.
 */
import type { TypedArray } from '@tensorgrad/tensor';
import { tensor, type DType, type Tensor } from '@tensorgrad/autograd';
import { decoderFor, WRITTEN_DTYPE, WRITTEN_ITEM_SIZE } from './dtypes.js';
import { SafetensorsError } from './errors.js';
import { METADATA_KEY, parseHeader, type Header } from './header.js';
import { shapeString } from '@tensorgrad/tensor';

/** What {@link readSafetensors} returns: tensors in file order, and the string metadata. */
export interface SafetensorsContents {
  readonly tensors: Map<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/**
 * Anything {@link writeSafetensors} can save: a tensor, or any object with its `shape`,
 * `dtype` and `data()` (numbers computed elsewhere can be saved without making a tensor).
 * @example
 * ```ts
 * import { writeSafetensors, readSafetensors, type SafetensorsSource } from '@tensorgrad/nn';
 * const plain: SafetensorsSource = { shape: [2], dtype: 'float32', data: () => new Float32Array([1, 2]) };
 * const { tensors } = readSafetensors(writeSafetensors({ plain }));
 * if (String(tensors.get('plain')?.toArray()) !== '1,2') throw new Error('SafetensorsSource');
 * ```
 */
export interface SafetensorsSource {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** A contiguous row-major copy of the elements. */
  data(): TypedArray;
}

/**
 * Tensors to save, by name: a `Map` (its order is irrelevant, see {@link writeSafetensors}) or a plain object.
 */
export type NamedTensors =
  ReadonlyMap<string, SafetensorsSource> | Readonly<Record<string, SafetensorsSource>>;

// Typed arrays are views in host byte order and safetensors is little endian. Every platform
// tensorgrad targets (x86, ARM in its usual mode, WebAssembly) is little endian; refuse
// loudly rather than load byte-swapped numbers on one that is not.
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function assertLittleEndianHost(): void {
  if (!HOST_IS_LITTLE_ENDIAN) {
    throw new SafetensorsError('this host is big endian, which is not supported');
  }
}

/**
 * Reads every tensor of a safetensors file held in memory.
 *
 * F32 → float32, F64 → float64, I32 → int32, BOOL → bool; F16 and BF16 are widened to float32,
 * I8/I16/U8/U16 to int32, and I64 narrowed to int32 with a range check. The header is checked
 * against the buffer's length before any tensor byte is read (see `header.ts`), so a malformed
 * file loads nothing.
 *
 * @throws SafetensorsError naming the tensor and the broken rule.
 * @example
 * ```ts
 * import { ones } from '@tensorgrad/autograd';
 * import { readSafetensors, writeSafetensors } from '@tensorgrad/nn';
 * const { tensors, metadata } = readSafetensors(writeSafetensors({ w: ones([2, 3]) }, { step: '7' }));
 * if (tensors.get('w')!.shape.join() !== '2,3') throw new Error('shape');
 * if (metadata['step'] !== '7') throw new Error('metadata');
 * ```
 */
export function readSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsContents {
  assertLittleEndianHost();
  // A plain Uint8Array view: a Node Buffer is a Uint8Array whose slice() shares memory
  // instead of copying, which the decoders below rely on.
  const file =
    bytes instanceof Uint8Array
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : new Uint8Array(bytes);
  const header = parseHeader(file);
  // slice() copies into a fresh, 0-offset buffer: aligned for typed-array views, and detached
  // from the caller's bytes.
  return tensorsOf(header, (start, length) => file.slice(start, start + length));
}

/**
 * Makes the tensors of a checked header, reading each one's bytes through `read(start,
 * length)` (file positions), which must return a private, 0-offset array of exactly `length`
 * bytes. All or nothing: if one tensor fails to decode (an I64 out of range, a BOOL byte of
 * 7), the tensors made so far are disposed before the error propagates.
 * @internal
 */
export function tensorsOf(
  header: Header,
  read: (start: number, length: number) => Uint8Array,
): SafetensorsContents {
  assertLittleEndianHost();
  const tensors = new Map<string, Tensor>();
  try {
    for (const entry of header.entries) {
      const bytes = read(header.dataStart + entry.begin, entry.end - entry.begin);
      const { dtype, data } = decoderFor(entry.dtype, entry.name).decode(bytes, entry.name);
      tensors.set(entry.name, tensor(data, { shape: [...entry.shape], dtype }));
    }
  } catch (error) {
    for (const t of tensors.values()) t.dispose();
    throw error;
  }
  return { tensors, metadata: header.metadata };
}

/**
 * Serialises tensors to safetensors bytes.
 *
 * The output is deterministic: tensors are laid out by element size, largest first (so every
 * tensor is naturally aligned once the 8-byte-aligned data section is), then by name; the JSON
 * header lists `__metadata__` first and the tensors in data order, and is padded with spaces
 * to a multiple of 8 bytes. Element bytes are copied verbatim, so NaN payloads and -0 survive
 * a save/load round trip.
 *
 * @param metadata string → string pairs stored under `__metadata__` (omitted when empty).
 * @throws SafetensorsError for a reserved name, non-string metadata, or data that disagrees with its shape.
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { writeSafetensors } from '@tensorgrad/nn';
 * const bytes = writeSafetensors(new Map([['w', zeros([4])]]), { format: 'pt' });
 * if (bytes.length % 8 !== 0) throw new Error('8-byte aligned');
 * ```
 */
export function writeSafetensors(
  tensors: NamedTensors,
  metadata: Record<string, string> = {},
): Uint8Array {
  assertLittleEndianHost();
  const named: [string, SafetensorsSource][] = isMap(tensors)
    ? [...tensors.entries()]
    : Object.entries(tensors);
  const items = named.map(([name, source]) => ({ name, source, data: checkedData(name, source) }));
  items.sort(
    (a, b) =>
      WRITTEN_ITEM_SIZE[b.source.dtype] - WRITTEN_ITEM_SIZE[a.source.dtype] ||
      compareNames(a.name, b.name),
  );

  const header: Record<string, unknown> = {};
  const metadataEntries = Object.entries(metadata);
  if (metadataEntries.length > 0) {
    for (const [key, value] of metadataEntries) {
      if (typeof value !== 'string') {
        throw new SafetensorsError(`metadata "${key}" must be a string, got ${typeof value}`);
      }
    }
    header[METADATA_KEY] = { ...metadata };
  }
  let offset = 0;
  for (const { name, source, data } of items) {
    header[name] = {
      dtype: WRITTEN_DTYPE[source.dtype],
      shape: [...source.shape],
      data_offsets: [offset, offset + data.byteLength],
    };
    offset += data.byteLength;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // spaces: valid JSON whitespace
  let position = 8 + headerLength;
  for (const { data } of items) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return out;
}

function isMap(tensors: NamedTensors): tensors is ReadonlyMap<string, SafetensorsSource> {
  return tensors instanceof Map;
}

/** Code-unit order: the same on every JS engine and locale (unlike `localeCompare`). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ARRAY_TYPE: Record<DType, abstract new (...args: never[]) => TypedArray> = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

function checkedData(name: string, source: SafetensorsSource): TypedArray {
  if (name === METADATA_KEY) {
    throw new SafetensorsError(
      `"${METADATA_KEY}" is reserved for metadata and cannot name a tensor`,
    );
  }
  if (!Object.hasOwn(WRITTEN_DTYPE, source.dtype)) {
    throw new SafetensorsError(`cannot write dtype ${JSON.stringify(source.dtype)}`, name);
  }
  const data = source.data();
  const elements = source.shape.reduce((a, b) => a * b, 1);
  if (!(data instanceof ARRAY_TYPE[source.dtype]) || data.length !== elements) {
    throw new SafetensorsError(
      `data() gave a ${data.constructor.name} of ${data.length} elements, but dtype ${source.dtype} and ` +
        `shape ${shapeString(source.shape)} need a ${ARRAY_TYPE[source.dtype].name} of ${elements}`,
      name,
    );
  }
  return data;
}
