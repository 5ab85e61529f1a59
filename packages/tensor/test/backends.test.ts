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
    expect(T.backendInfo()).toEqual({
      name: 'cpu',
      reason: "setBackend('cpu')",
      threads: expect.any(Number),
      simd: expect.any(Boolean),
    });
  });
  test('gpu availability is known, with a reason', () => {
    const g = T.gpuAvailability();
    expect(typeof g.available).toBe('boolean');
    expect(g.reason.length).toBeGreaterThan(0);
  });
});

/** The primitives `backend` does not implement as functions. */
function missingPrimitives(backend: object): string[] {
  return T.PRIMITIVES.filter((p) => typeof (backend as Record<string, unknown>)[p] !== 'function');
}

describe('every backend implements every primitive', () => {
  test('the check itself notices a missing primitive', () => {
    const partial = Object.fromEntries(
      T.PRIMITIVES.filter((p) => p !== 'sort').map((p) => [p, () => {}]),
    );
    expect(missingPrimitives(partial)).toEqual(['sort']);
  });
  for (const name of ['cpu', 'gpu'] as const) {
    test(`${name}: all PRIMITIVES are functions`, (ctx) => {
      if (name === 'gpu' && !T.gpuAvailability().available) {
        ctx.skip(`gpu unavailable here: ${T.gpuAvailability().reason}`);
      }
      const previous = T.getBackend().name as 'cpu' | 'gpu';
      T.setBackend(name);
      try {
        expect(T.getBackend().name).toBe(name);
        expect(missingPrimitives(T.getBackend())).toEqual([]);
      } finally {
        T.setBackend(previous);
      }
    });
  }
});
