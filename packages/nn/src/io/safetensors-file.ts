/**
 * safetensors files on disk (Node only). `node:fs` is reached through
 * `process.getBuiltinModule` at call time rather than a static import, so bundling
 * `@tensorgrad/nn` for a browser needs no `fs` shim, while these functions stay synchronous
 * like the rest of tensorgrad.
 */
import type * as NodeFs from 'node:fs';
import {
  readSafetensors,
  writeSafetensors,
  type NamedTensors,
  type SafetensorsContents,
} from './safetensors.js';
import { SafetensorsError } from './errors.js';

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
 * Reads a safetensors file (Node). See {@link readSafetensors} for dtypes and checks; a
 * malformed file's error also names the path.
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
  const bytes = nodeFs('loadSafetensorsFile').readFileSync(path);
  try {
    return readSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    if (error instanceof SafetensorsError) error.message = `${error.message} (in ${path})`;
    throw error;
  }
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
