// from src/functional/conv2d.ts:9
import { randn } from '@tensorgrad/autograd';
import { conv2d, type Pair } from '@tensorgrad/nn';
const stride: Pair = [1, 2];
const y = conv2d(randn([1, 1, 4, 4]), randn([1, 1, 1, 1]), null, { stride });
if (y.shape.join() !== '1,1,4,2') throw new Error(`shape ${y.shape}`);
export {};
