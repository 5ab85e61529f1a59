/**
 * safetensors files on disk (Node only). `node:fs` is reached through
 * `process.getBuiltinModule` at call time rather than a static import, so bundling
 * `@tensorgrad/nn` for a browser needs no `fs` shim, while these functions stay synchronous
 * like the rest of tensorgrad.
 */
import type * as NodeFs from 'node:fs';
import {
  tensorsOf,
  writeSafetensors,
  type NamedTensors,
  type SafetensorsContents,
} from './safetensors.js';
import { SafetensorsError } from './errors.js';
import { parseHeaderBytes, readHeaderLength } from './header.js';

function nodeFs(operation: string): typeof NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as typeof NodeFs | undefined;
  if (fs === undefined) {
    throw new SafetensorsError(
      `${operation} needs Node.js ≥ 20.16 (process.getBuiltinModule); in a browser, fetch the bytes and use readSafetensors / writeSafetensors`,
    );
  }
  return fs;
}

/**
 * Reads a safetensors file (Node). See `readSafetensors` for dtypes and checks; a
 * malformed file's error also names the path.
 *
 * The file is never read whole: first its 8-byte header length, then the header, which is
 * checked against the file's size as the file system reports it, and only then each tensor's
 * declared byte range, straight into that tensor's own buffer. So a file whose header lies
 * (a length of gigabytes, offsets past the end of a truncated download) is refused after
 * reading at most the header, and a valid file costs one copy of its tensors in memory.
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { ones } from '@tensorgrad/autograd';
 * import { loadSafetensorsFile, saveSafetensorsFile } from '@tensorgrad/nn';
 * const path = join(tmpdir(), `tensorgrad-load-file-example-${process.pid}.safetensors`);
 * saveSafetensorsFile(path, { w: ones([2]) });
 * const { tensors } = loadSafetensorsFile(path);
 * if (tensors.get('w')!.shape.join() !== '2') throw new Error('read back');
 * ```
 */
export function loadSafetensorsFile(path: string): SafetensorsContents {
  const fs = nodeFs('loadSafetensorsFile');
  const fd = fs.openSync(path, 'r');
  try {
    const fileLength = fs.fstatSync(fd).size;
    const read = (start: number, length: number): Uint8Array =>
      readExactly(fs, fd, start, length, fileLength);
    const headerLength = readHeaderLength(read(0, Math.min(8, fileLength)), fileLength);
    const header = parseHeaderBytes(read(8, headerLength), fileLength);
    return tensorsOf(header, read);
  } catch (error) {
    if (error instanceof SafetensorsError) error.message = `${error.message} (in ${path})`;
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `fs.readSync` moves at most 2 GiB - 1 bytes a call (and may move fewer); larger tensors are
 * read in chunks of this size.
 */
const READ_CHUNK = 1 << 30;

/** `length` bytes of the open file `fd` from `start`, in a new 0-offset array. */
function readExactly(
  fs: typeof NodeFs,
  fd: number,
  start: number,
  length: number,
  fileLength: number,
): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, out, done, Math.min(READ_CHUNK, length - done), start + done);
    if (n === 0) {
      // The size was checked against fstat: the file shrank while being read.
      throw new SafetensorsError(
        `file ended at byte ${start + done} while reading bytes [${start}, ${start + length}) ` +
          `(it was ${fileLength} bytes when opened)`,
      );
    }
    done += n;
  }
  return out;
}

/**
 * Writes tensors to a safetensors file (Node). The bytes go to a temporary file that is then
 * renamed over `path`, so a crash midway never leaves a half-written file behind.
 */
export function saveSafetensorsFile(
  path: string,
  tensors: NamedTensors,
  metadata?: Record<string, string>,
): void {
  const fs = nodeFs('saveSafetensorsFile');
  const bytes = writeSafetensors(tensors, metadata);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
