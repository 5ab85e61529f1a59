import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tensor, type DType } from '@tensorgrad/autograd';
import { readSafetensors, writeSafetensors } from '../../src/io/index.js';
import { bytesOf, splitFile } from './build-file.js';

const dtypes: DType[] = ['float32', 'float64', 'int32', 'bool'];

/** Any bit pattern of the dtype, NaN payloads included. */
function arbitraryBits(dtype: DType, size: number): fc.Arbitrary<Uint8Array> {
  const itemSize = { float32: 4, float64: 8, int32: 4, bool: 1 }[dtype];
  if (dtype === 'bool') return fc.uint8Array({ min: 0, max: 1, minLength: size, maxLength: size });
  return fc.uint8Array({ minLength: size * itemSize, maxLength: size * itemSize });
}

const arbitraryEntry = fc
  .record({
    dtype: fc.constantFrom(...dtypes),
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
  })
  .chain(({ dtype, shape }) =>
    fc.record({
      dtype: fc.constant(dtype),
      shape: fc.constant(shape),
      bytes: arbitraryBits(
        dtype,
        shape.reduce((a, b) => a * b, 1),
      ).map((b) => quietSignallingNaNs(dtype, b)),
    }),
  );

const ARRAY = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array };

/**
 * Sets the quiet bit of every signalling NaN. @tensorgrad/tensor copies host arrays element by
 * element through JS numbers, and x86 quiets a signalling NaN on that float32 → float64 step, so
 * only quiet NaNs (with any payload) survive `tensor()`/`data()`. The safetensors code itself
 * copies bytes; the writer test below checks that with signalling NaNs included.
 */
function quietSignallingNaNs(dtype: DType, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  if (dtype === 'float32') {
    const words = new Uint32Array(out.buffer);
    for (let i = 0; i < words.length; i++) {
      const isNaN = (words[i]! & 0x7f800000) === 0x7f800000 && (words[i]! & 0x007fffff) !== 0;
      if (isNaN) words[i] = words[i]! | 0x00400000;
    }
  } else if (dtype === 'float64') {
    const words = new Uint32Array(out.buffer); // little endian: high word second
    for (let i = 1; i < words.length; i += 2) {
      const high = words[i]!;
      const isNaN =
        (high & 0x7ff00000) === 0x7ff00000 && ((high & 0x000fffff) !== 0 || words[i - 1] !== 0);
      if (isNaN) words[i] = high | 0x00080000;
    }
  }
  return out;
}

describe('safetensors properties', () => {
  it('the writer copies element bytes verbatim, signalling NaNs included', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...dtypes)
          .chain((dtype) =>
            fc.record({ dtype: fc.constant(dtype), bytes: arbitraryBits(dtype, 5) }),
          ),
        ({ dtype, bytes }) => {
          // A source whose data() hands over the exact array, bypassing @tensorgrad/tensor.
          const source = { shape: [5], dtype, data: () => new ARRAY[dtype](bytes.slice().buffer) };
          const { header, data } = splitFile(writeSafetensors({ x: source }));
          const [begin, end] = (header.x as { data_offsets: [number, number] }).data_offsets;
          expect(data.slice(begin, end)).toEqual(bytes);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('write then read returns every tensor bit for bit, whatever the names and metadata', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__metadata__'),
          arbitraryEntry,
          { maxKeys: 5 },
        ),
        fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
        (entries, metadata) => {
          const tensors = Object.fromEntries(
            Object.entries(entries).map(([name, { dtype, shape, bytes }]) => {
              const data = new ARRAY[dtype](bytes.slice().buffer);
              return [name, tensor(data, { shape, dtype })];
            }),
          );
          const file = writeSafetensors(tensors, metadata);
          expect(new DataView(file.buffer).getUint32(0, true) % 8).toBe(0);
          const back = readSafetensors(file);
          expect(back.metadata).toEqual(metadata);
          expect(new Set(back.tensors.keys())).toEqual(new Set(Object.keys(entries)));
          for (const [name, { dtype, shape, bytes }] of Object.entries(entries)) {
            const t = back.tensors.get(name)!;
            expect(t.dtype).toBe(dtype);
            expect(t.shape).toEqual(shape);
            expect(bytesOf(t.data())).toEqual(bytes);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
