/**
 * The automatic backend choice reads TENSORGRAD_BACKEND and logs once under TENSORGRAD_DEBUG=1.
 * Each test imports a fresh copy of the package so that the choice is made again.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';

type Pkg = typeof import('@tensorgrad/tensor');

async function freshPackage(env: Record<string, string | undefined>): Promise<Pkg> {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  vi.resetModules();
  return (await import('@tensorgrad/tensor')) as Pkg;
}

describe('automatic backend choice', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  test('Node without the env var chooses cpu and gives the reason', async () => {
    const T = await freshPackage({ TENSORGRAD_BACKEND: '' });
    expect(T.backendInfo()).toEqual({
      name: 'cpu',
      reason: 'automatic default: Node (headless GL would be a software rasteriser)',
      threads: expect.any(Number),
      simd: expect.any(Boolean),
    });
  });
  test('TENSORGRAD_BACKEND=cpu is obeyed', async () => {
    const T = await freshPackage({ TENSORGRAD_BACKEND: 'cpu' });
    expect(T.backendInfo()).toEqual({
      name: 'cpu',
      reason: 'TENSORGRAD_BACKEND=cpu',
      threads: expect.any(Number),
      simd: expect.any(Boolean),
    });
  });
  test('TENSORGRAD_BACKEND=gpu picks the gpu (or says why not)', async () => {
    const T = await freshPackage({ TENSORGRAD_BACKEND: 'gpu' });
    const info = T.backendInfo();
    if (T.gpuAvailability().available) {
      expect(info.name).toBe('gpu');
      expect(info.mode).toBe(T.gpuAvailability().mode);
    } else {
      expect(info.name).toBe('cpu');
    }
    expect(info.reason).toContain('TENSORGRAD_BACKEND=gpu');
  });
  test('an unknown TENSORGRAD_BACKEND is an error naming the variable', async () => {
    const T = await freshPackage({ TENSORGRAD_BACKEND: 'tpu' });
    expect(() => T.getBackend()).toThrow(
      'TENSORGRAD_BACKEND: unknown backend "tpu" (expected cpu or gpu)',
    );
  });
  test('TENSORGRAD_DEBUG=1 logs the choice exactly once', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const T = await freshPackage({ TENSORGRAD_BACKEND: 'cpu', TENSORGRAD_DEBUG: '1' });
    T.zeros([1]).add(1);
    T.getBackend();
    expect(debug).toHaveBeenCalledTimes(1);
    expect(debug).toHaveBeenCalledWith('[tensorgrad] backend cpu: TENSORGRAD_BACKEND=cpu');
  });
});
