// from docs/guides/autograd.md:112
import { noGrad, randn } from '@tensorgrad/autograd';

const w = randn([4, 4], { requiresGrad: true });
const y = noGrad(() => w.matmul(w));
console.log(y.requiresGrad, y.gradFn); // false null
export {};
