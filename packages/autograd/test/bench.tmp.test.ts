import { test } from 'vitest';
import { tensor, noGrad, tidy, type Tensor } from '@tensorgrad/autograd';
test('bench', () => {
  const f64 = { dtype: 'float64', requiresGrad: true } as const;
  const x = tensor([2], f64); const w = tensor([0.5], f64);
  for (let rep = 0; rep < 2; rep++) {
  let t0 = performance.now();
  tidy(() => { let y: Tensor = x; noGrad(() => { for (let i = 0; i < 50_000; i++) y = y.add(w).sub(1); }); });
  console.log('noGrad 100k ops', performance.now() - t0);
  t0 = performance.now();
  let fwd = 0;
  tidy(() => {
    const y = tidy(() => { let t: Tensor = x; for (let i = 0; i < 50_000; i++) t = t.add(w).sub(1); return t.sum(); });
    fwd = performance.now() - t0;
    y.backward();
  });
  console.log('forward 100k', fwd, 'total', performance.now() - t0);
  x.zeroGrad(); w.zeroGrad();
  }
});
