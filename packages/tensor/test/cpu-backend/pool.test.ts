import { describe, expect, test } from 'vitest';
import { allocate, release } from '../../src/backend/cpu/data.js';
import { cpu } from './helpers.js';

describe('reuse of freed cpu arrays', () => {
  test('a released array comes back zero-filled, for the same dtype and length only', () => {
    const array = new Float32Array(1000).fill(7);
    release(array, 'float32');
    expect(allocate('float64', 1000)).not.toBe(array);
    expect(allocate('float32', 999)).not.toBe(array);
    const again = allocate('float32', 1000);
    expect(again).toBe(array);
    expect(again.every((v) => v === 0)).toBe(true);
    expect(allocate('float32', 1000)).not.toBe(array); // handed out once
  });

  test('small arrays are not kept', () => {
    const small = new Int32Array(8);
    release(small, 'int32');
    expect(allocate('int32', 8)).not.toBe(small);
  });

  test('disposed data is reused by the next kernel and still counted correctly', () => {
    const before = cpu.memory();
    const x = cpu.upload(new Array(512).fill(3), 'float32');
    const view = { data: x, shape: [512], strides: [1], offset: 0 };
    const y = cpu.unary('neg', view, 'float32');
    const yArray = cpu.download({ ...view, data: y });
    cpu.dispose(y);
    expect(() => cpu.download({ ...view, data: y })).toThrow(/disposed/);
    const z = cpu.unary('square', view, 'float32');
    expect([...cpu.download({ ...view, data: z })].every((v) => v === 9)).toBe(true);
    expect([...yArray].every((v) => v === -3)).toBe(true); // downloads are copies
    cpu.dispose(x);
    cpu.dispose(z);
    expect(cpu.memory()).toEqual(before);
  });
});
