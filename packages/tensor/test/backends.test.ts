/**
 * Backend registry and conformance: every registered backend implements every primitive.
 */
import { describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

describe('registry', () => {
  test('Node defaults to cpu and says why', () => {
    const info = T.backendInfo();
    expect(info.name).toBe(process.env.TENSORGRAD_BACKEND === 'gpu' ? info.name : 'cpu');
    expect(info.reason.length).toBeGreaterThan(0);
  });
  test('setBackend(cpu) switches and is reported', () => {
    T.setBackend('cpu');
    expect(T.getBackend().name).toBe('cpu');
    expect(T.backendInfo()).toEqual({ name: 'cpu', reason: "setBackend('cpu')" });
  });
  test('gpu availability is known, with a reason', () => {
    const g = T.gpuAvailability();
    expect(typeof g.available).toBe('boolean');
    expect(g.reason.length).toBeGreaterThan(0);
  });
});

describe('every backend implements every primitive', () => {
  const backends: T.Backend[] = [T.getBackend()];
  for (const name of ['cpu', 'gpu'] as const) {
    test(`${name}: all PRIMITIVES are functions`, (ctx) => {
      const previous = T.getBackend().name;
      if (name === 'gpu' && !T.gpuAvailability().available) {
        ctx.skip(`gpu unavailable here: ${T.gpuAvailability().reason}`);
      }
      T.setBackend(name);
      const b = T.getBackend();
      backends.push(b);
      const missing = T.PRIMITIVES.filter(
        (p) => typeof (b as unknown as Record<string, unknown>)[p] !== 'function',
      );
      expect(missing).toEqual([]);
      T.setBackend(previous as 'cpu' | 'gpu');
    });
  }
});
