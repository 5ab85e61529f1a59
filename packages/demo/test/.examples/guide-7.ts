// from docs/guides/getting-started.md:18
import { tensor, randn } from '@tensorgrad/autograd';

const w = randn([3, 2], { requiresGrad: true });
const x = tensor([[1, 2, 3]]);
const y = x.matmul(w).relu().sum();
y.backward();
console.log(w.grad!.shape); // [3, 2]
export {};
