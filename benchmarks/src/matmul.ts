/** Row family 1: square float32 matmul, result read back, in GFLOP/s. */
import { tensor, type Tensor } from '@tensorgrad/autograd';
import type { Contender, RowResult, SampleOptions } from './harness.js';
import { measure, nest, seededValues, withRate } from './harness.js';
import { initPeers, tf, tfName, torch, TF_BACKENDS, useTf } from './peers.js';

/** js-pytorch's matmul is a triple loop over nested arrays; above this size a sample takes minutes. */
const TORCH_MAX_N = 512;

/** Contenders computing `a @ b` for n×n inputs; each `run` leaves its result in `results`. */
export async function matmulContenders(
  n: number,
  results: Map<string, ArrayLike<number>>,
): Promise<Contender[]> {
  await initPeers();
  const a = seededValues(n * n, 1);
  const b = seededValues(n * n, 2);
  const contenders: Contender[] = [];
  const ta = tensor(a, { shape: [n, n] });
  const tb = tensor(b, { shape: [n, n] });
  contenders.push({
    name: 'tensorgrad',
    run: () => {
      const c: Tensor = ta.matmul(tb);
      results.set('tensorgrad', c.data());
      c.dispose();
    },
    dispose: () => {
      ta.dispose();
      tb.dispose();
    },
  });
  for (const backend of TF_BACKENDS) {
    await useTf(backend);
    const xa = tf.tensor2d(a, [n, n]);
    const xb = tf.tensor2d(b, [n, n]);
    contenders.push({
      name: tfName(backend),
      before: () => useTf(backend),
      run: () => {
        const c = tf.matMul(xa, xb);
        results.set(tfName(backend), c.dataSync());
        c.dispose();
      },
      dispose: () => {
        xa.dispose();
        xb.dispose();
      },
    });
  }
  if (n <= TORCH_MAX_N) {
    const pa = new torch.Tensor(nest(a, [n, n]) as number[][]);
    const pb = new torch.Tensor(nest(b, [n, n]) as number[][]);
    contenders.push({
      name: 'js-pytorch',
      run: () => {
        results.set('js-pytorch', pa.matmul(pb).data.flat() as number[]);
      },
    });
  }
  return contenders;
}

/** Matmul rows for `sizes`. */
export async function matmulRows(
  sizes: readonly number[],
  options: SampleOptions,
): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  for (const n of sizes) {
    const contenders = await matmulContenders(n, new Map());
    const timings = await measure(contenders, options);
    for (const c of contenders) c.dispose?.();
    rows.push({
      family: 'matmul',
      name: `matmul ${n}×${n}×${n}`,
      rateUnit: 'GFLOP/s',
      timings: withRate(timings, 2 * n ** 3),
      notes:
        n > TORCH_MAX_N ? [`js-pytorch skipped above n = ${TORCH_MAX_N} (minutes per sample)`] : [],
    });
  }
  return rows;
}
