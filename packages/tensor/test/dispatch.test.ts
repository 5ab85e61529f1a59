/**
 * Dispatch: ops run on the current backend, inputs held elsewhere are moved, float64 stays on
 * the cpu. Needs the gpu backend (gpu.js), skipped where it cannot start.
 */
import { afterEach, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe.runIf(T.gpuAvailability().available)('dispatch between cpu and gpu', () => {
  afterEach(() => T.setBackend('cpu'));

  test('creation honours opts.backend; to() moves explicitly and keeps the values', () => {
    const g = T.tensor([1, 2, 3], { backend: 'gpu' });
    expect(g.backend).toBe('gpu');
    const c = g.to('cpu');
    expect(c.backend).toBe('cpu');
    expect(c.toArray()).toEqual([1, 2, 3]);
    expect(c.to('gpu').backend).toBe('gpu');
  });
  test('an op runs on the current backend and moves inputs held by another', () => {
    const g = T.tensor([1, 2, 3], { backend: 'gpu' });
    const c = T.tensor([10, 20, 30]);
    expect(g.add(c).backend).toBe('cpu');
    expect(g.add(c).toArray()).toEqual([11, 22, 33]);
    T.setBackend('gpu');
    expect(c.add(g).backend).toBe('gpu');
    expect(c.add(g).toArray()).toEqual([11, 22, 33]);
  });
  test('float64 is handed to the cpu even when the gpu is current', () => {
    T.setBackend('gpu');
    const x = T.tensor([1, 2], { dtype: 'float64' });
    expect(x.backend).toBe('cpu');
    expect(x.mul(T.tensor([3, 4])).backend).toBe('cpu');
    expect(x.mul(T.tensor([3, 4])).dtype).toBe('float64');
    expect(() => x.to('gpu')).toThrow(
      'to: a float64 tensor cannot live on the gpu backend (it does not support float64)',
    );
  });
  test('moving leaks nothing on either backend', () => {
    const g = T.tensor([1, 2, 3], { backend: 'gpu' });
    const before = T.memory();
    T.tidy(() => {
      g.add(T.ones([3]))
        .to('gpu')
        .sum();
    });
    expect(T.memory()).toEqual(before);
  });
});
