// from docs/guides/autograd.md:77
import { tensor } from '@tensorgrad/autograd';

const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
const x = tensor([1, 1]);
const h = w.matmul(x);          // [3, 7]
const y = h.mul(h).sum();       // 9 + 49 = 58
y.backward();
console.log(w.grad!.toArray()); // [[6, 6], [14, 14]]  (dy/dw = 2 h xᵀ)
export {};
