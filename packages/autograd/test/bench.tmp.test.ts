import { test } from 'vitest';
import { tensor, tidy, noGrad, type Tensor } from '@tensorgrad/autograd';
test('bench', () => {
  const f64 = { dtype: 'float64', requiresGrad: true } as const;
  const x = tensor([2], f64); const w = tensor([0.5], f64);
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    let t1 = 0, t2 = 0, t3 = 0;
    tidy(() => {
      const y = tidy(() => {
        let t: Tensor = x;
        for (let i = 0; i < 50_000; i++) { t = t.reshape(1, 1).reshape(1); if (i % 10 === 0) t = t.add(w); }
        t1 = performance.now();
        return t.sum();
      });
      t2 = performance.now();
      y.backward();
      t3 = performance.now();
    });
    const t4 = performance.now();
    noGrad(() => tidy(() => { let t: Tensor = x; for (let i = 0; i < 50_000; i++) { t = t.reshape(1, 1).reshape(1); if (i % 10 === 0) t = t.add(w); } }));
    const t5 = performance.now();
    console.log(`fwd ${(t1 - t0).toFixed(0)} tidyReturn ${(t2 - t1).toFixed(0)} bwd ${(t3 - t2).toFixed(0)} dispose ${(t4 - t3).toFixed(0)} | noGrad fwd ${(t5 - t4).toFixed(0)}`);
    x.zeroGrad(); w.zeroGrad();
  }
});
