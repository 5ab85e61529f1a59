// from src/memory.ts:139
import { Tensor, keep, randn, tidy } from '@tensorgrad/tensor';
let weights: Tensor | undefined;
tidy(() => {
  weights = keep(randn([3, 3]));
});
if (weights === undefined || weights.isDisposed) throw new Error('keep');
weights.dispose();
export {};
