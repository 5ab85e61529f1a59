/**
 * A shape too large to allocate is an error naming the op and the size, raised before anything
 * is allocated, and `memory()` is left exactly as it was (no absurd byte counts).
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  arange,
  cat,
  empty,
  full,
  linspace,
  matmul,
  memory,
  ones,
  pad,
  rand,
  unfold,
  convGeometry,
  zeros,
} from '../src/index.js';
import { CpuBackend } from '../src/backend/cpu/index.js';
import { checkShape, MAX_ELEMENTS } from '../src/shape.js';

/** The message `fn` throws, after checking that memory is exactly as before. */
function refusedWithoutAllocating(fn: () => unknown): string {
  const before = memory();
  let message: string | undefined;
  try {
    fn();
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message, 'expected an error').toBeDefined();
  expect(memory()).toEqual(before);
  return message!;
}

const tooMany = (op: string, shape: string, size: number | string): string =>
  `${op}: shape ${shape} has ${size} elements, more than the 2147483647 (2^31 - 1) one tensor can hold`;

describe('shapes beyond 2^31 - 1 elements', () => {
  it('are refused by the creation functions, naming the op, the shape and the size', () => {
    expect(refusedWithoutAllocating(() => full([1e9, 1e9, 1e9], 7))).toBe(
      tooMany('full', '[1000000000, 1000000000, 1000000000]', '1e+27'),
    );
    expect(refusedWithoutAllocating(() => zeros([2 ** 16, 2 ** 15]))).toBe(
      tooMany('zeros', '[65536, 32768]', 2 ** 31),
    );
    expect(refusedWithoutAllocating(() => empty(2 ** 31))).toBe(
      tooMany('empty', '[2147483648]', 2147483648),
    );
    expect(refusedWithoutAllocating(() => rand([1e5, 1e5]))).toBe(
      tooMany('rand', '[100000, 100000]', 1e10),
    );
    expect(refusedWithoutAllocating(() => arange(0, 3e9))).toBe(
      tooMany('arange', '[3000000000]', 3e9),
    );
    expect(refusedWithoutAllocating(() => linspace(0, 1, 2 ** 32))).toBe(
      tooMany('linspace', '[4294967296]', 2 ** 32),
    );
  });

  it('are refused by ops whose result would be that large, before computing', () => {
    const column = ones([1e5, 1]);
    const row = ones([1, 1e5]);
    // A view of 2^30 elements over one number: no memory, but a real shape.
    const wide = zeros([1]).expand([2 ** 30]);
    expect(refusedWithoutAllocating(() => add(column, row))).toBe(
      tooMany('add', '[100000, 100000]', 1e10),
    );
    expect(refusedWithoutAllocating(() => matmul(column, row))).toBe(
      tooMany('matmul', '[100000, 100000]', 1e10),
    );
    expect(refusedWithoutAllocating(() => column.expand([1e5, 1e5]))).toBe(
      tooMany('expand', '[100000, 100000]', 1e10),
    );
    expect(refusedWithoutAllocating(() => cat([wide, wide, wide]))).toBe(
      tooMany('cat', '[3221225472]', 3 * 2 ** 30),
    );
    expect(refusedWithoutAllocating(() => pad(wide, [0, 2 ** 30]))).toBe(
      tooMany('pad', '[2147483648]', 2 ** 31),
    );
    const image = zeros([1, 1, 1, 1]).expand([1, 1, 2 ** 15, 2 ** 15]);
    const g = convGeometry(image.shape, [3, 3], { padding: 1 });
    expect(refusedWithoutAllocating(() => unfold(image, g))).toBe(
      tooMany('unfold', '[1, 9, 1073741824]', 9 * 2 ** 30),
    );
    for (const t of [column, row, wide, image]) t.dispose();
  });

  it('stop at exactly 2^31 - 1', () => {
    expect(MAX_ELEMENTS).toBe(2 ** 31 - 1);
    expect(() => checkShape('full', [2 ** 31 - 1])).not.toThrow();
    expect(() => checkShape('full', [2 ** 31])).toThrow(/has 2147483648 elements/);
    expect(() => checkShape('full', [0, 1e300])).not.toThrow(); // empty, whatever its other dims
  });

  it('are refused by the cpu backend itself when a primitive is called directly', () => {
    const cpu = new CpuBackend();
    expect(() => cpu.fill(2 ** 32, 0, 'float32')).toThrow(
      'cpu: cannot allocate 4294967296 elements of float32 (a tensor holds at most 2147483647, 2^31 - 1)',
    );
    expect(cpu.memory()).toEqual({ buffers: 0, bytes: 0 });
  });
});
