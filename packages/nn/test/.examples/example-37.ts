// from src/functional/linear.ts:11
import { randn } from '@tensorgrad/autograd';
import { linear } from '@tensorgrad/nn';
const y = linear(randn([8, 4]), randn([3, 4]), randn([3])); // [8, 4], [3, 4], [3] → [8, 3]
if (y.shape.join() !== '8,3') throw new Error(`shape ${y.shape}`);
export {};
