/** The `@example`s of src/io, run as written. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ones, zeros } from '@tensorgrad/autograd';
import {
  loadSafetensorsFile,
  readSafetensors,
  saveSafetensorsFile,
  SafetensorsError,
  writeSafetensors,
} from '../../src/io/index.js';
import { decoderFor } from '../../src/io/dtypes.js';
import {
  bfloat16ToFloat32,
  float16BitsToFloat32Bits,
  float16ToFloat32,
} from '../../src/io/float16.js';
import { parseHeader } from '../../src/io/header.js';

describe('src/io examples', () => {
  it('SafetensorsError', () => {
    let caught: unknown;
    try {
      readSafetensors(new Uint8Array(3));
    } catch (e) {
      caught = e;
    }
    expect(caught instanceof SafetensorsError).toBe(true);
  });

  it('readSafetensors', () => {
    const { tensors, metadata } = readSafetensors(
      writeSafetensors({ w: ones([2, 3]) }, { step: '7' }),
    );
    expect(tensors.get('w')!.shape).toEqual([2, 3]);
    expect(metadata.step).toBe('7');
  });

  it('writeSafetensors', () => {
    const bytes = writeSafetensors(new Map([['w', zeros([4])]]), { format: 'pt' });
    expect(bytes.length % 8).toBe(0);
  });

  it('saveSafetensorsFile and loadSafetensorsFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-io-'));
    try {
      const path = join(dir, 'checkpoint.safetensors');
      saveSafetensorsFile(path, { w: ones([2]) }, { step: '100' });
      const { tensors } = loadSafetensorsFile(path);
      expect(tensors.get('w')!.toArray()).toEqual([1, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('internal helpers', () => {
    expect(float16BitsToFloat32Bits(0x3c00)).toBe(0x3f800000);
    expect(Array.from(float16ToFloat32(new Uint16Array([0x3c00, 0xc000])))).toEqual([1, -2]);
    expect(Array.from(bfloat16ToFloat32(new Uint16Array([0x3f80])))).toEqual([1]);
    expect(decoderFor('F32', 'w').itemSize).toBe(4);
    expect(parseHeader(writeSafetensors({ w: zeros([2]) })).entries[0]!.name).toBe('w');
  });
});
