/**
 * Generic op tests driven by the table in `op-samples.ts`: every sample is checked against its
 * naive reference with contiguous inputs and with non-contiguous twins of the same values, and
 * every op is checked for leaks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';
import type { NDArray } from '@tensorgrad/tensor';
import { OPS, type OpInfo, type Sample } from './op-samples.js';
import { fromTensor } from './reference.js';
import { expectClose, makeInput, nonContiguousTwin } from './helpers.js';

function label(s: Sample): string {
  const shapes = s.inputs
    .map((i) => `[${i.shape.join(',')}]${i.dtype ? ':' + i.dtype : ''}`)
    .join(' ');
  return `${shapes}${s.args ? ' ' + JSON.stringify(s.args) : ''}${s.note ? ` (${s.note})` : ''}`;
}

function check(op: OpInfo, sample: Sample, inputs: NDArray[]): void {
  const args = sample.args ?? [];
  const expected = op.ref(inputs.map(fromTensor), args);
  const dtype = op.dtype
    ? op.dtype(
        inputs.map((t) => t.dtype),
        args,
      )
    : inputs[0]!.dtype;
  const out = op.run(inputs, args);
  expectClose(out, expected, dtype, op.tol);
}

// The gpu backend (gpu.js; WebAssembly mode in headless Node) runs the contiguous samples too,
// which checks cpu-vs-gpu agreement through the same references.
const GPU = T.gpuAvailability().available;

for (const op of OPS) {
  describe.runIf(GPU)(`${op.name} on gpu`, () => {
    beforeAll(() => T.setBackend('gpu'));
    afterAll(() => T.setBackend('cpu'));
    op.samples.forEach((sample, i) => {
      test(`matches the reference: ${label(sample)}`, () => {
        T.tidy(() =>
          check(
            op,
            sample,
            sample.inputs.map((spec, k) => makeInput(spec, 17 * i + k + 1)),
          ),
        );
      });
    });
  });

  describe(op.name, () => {
    op.samples.forEach((sample, i) => {
      test(`matches the reference: ${label(sample)}`, () => {
        T.tidy(() =>
          check(
            op,
            sample,
            sample.inputs.map((spec, k) => makeInput(spec, 17 * i + k + 1)),
          ),
        );
      });
      // A twin is only non-contiguous when some input has a dim (for 'transposed': its last
      // two dims) of size > 1.
      const variants = (['flipped', 'transposed'] as const).filter((how) =>
        sample.inputs.some(
          (s) =>
            (how === 'flipped' ? s.shape : s.shape.slice(-2)).filter((d) => d > 1).length >=
            (how === 'flipped' ? 1 : 2),
        ),
      );
      for (const how of variants) {
        if (op.contiguousOnly) continue;
        test(`matches the reference with ${how} (non-contiguous) inputs: ${label(sample)}`, () => {
          T.tidy(() => {
            const inputs = sample.inputs.map((spec, k) => {
              const x = makeInput(spec, 17 * i + k + 1);
              return how === 'transposed' && (x.ndim < 2 || x.shape.slice(-2).some((d) => d < 2))
                ? x
                : nonContiguousTwin(x, how);
            });
            expect(inputs.some((t) => !t.isContiguous())).toBe(true);
            check(op, sample, inputs);
          });
        });
      }
    });

    test('leaks nothing: live tensors and buffers are the same before and after', () => {
      const inputs = op.samples.map((s, i) =>
        s.inputs.map((spec, k) => makeInput(spec, 17 * i + k + 1)),
      );
      const before = T.memory();
      T.tidy(() => op.samples.forEach((s, i) => op.run(inputs[i]!, s.args ?? [])));
      const after = T.memory();
      expect(after.buffers).toBe(before.buffers);
      expect(after.tensors).toBe(before.tensors);
      T.dispose(inputs);
    });
  });
}

describe('signed zeros as torch (1.13, cpu kernels)', () => {
  const signs = (t: T.NDArray): string[] =>
    Array.from(t.toArray() as number[]).map((v) => (Object.is(v, -0) ? '-0' : String(v)));
  test('relu keeps -0; maximum and minimum give the first operand on a tie; clamp follows', () => {
    expect(signs(T.tensor([-0, 0, -1, NaN]).relu())).toEqual(['-0', '0', '0', 'NaN']);
    expect(signs(T.tensor([-0, 0]).maximum(T.tensor([0, -0])))).toEqual(['-0', '0']);
    expect(signs(T.tensor([-0, 0]).minimum(T.tensor([0, -0])))).toEqual(['-0', '0']);
    expect(signs(T.tensor([-0, 0, NaN]).clamp(0, 1))).toEqual(['-0', '0', 'NaN']);
  });
});
