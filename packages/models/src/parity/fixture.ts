/** Reads one case's safetensors file into tensors, by fixture name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors } from '@tensorgrad/nn';
import type { Tensor } from '@tensorgrad/autograd';
import type { ParityCase } from './manifest.js';

/**
 * Every tensor of `<dir>/<case.file>` by fixture name. The file stores booleans as I32 0/1; those
 * in the case's `booleanTensors` come back as `bool`, so masks load into `bool` buffers.
 */
export function readFixtureTensors(dir: string, parityCase: ParityCase): Map<string, Tensor> {
  const { tensors: file } = readSafetensors(readFileSync(join(dir, parityCase.file)));
  const booleans = new Set(parityCase.booleanTensors);
  const tensors = new Map<string, Tensor>();
  for (const [name, t] of file) {
    tensors.set(name, booleans.has(name) ? t.cast('bool') : t);
  }
  return tensors;
}
