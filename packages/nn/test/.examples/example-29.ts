// from src/functional/conv2d.ts:22
import { randn } from '@tensorgrad/autograd';
import { conv2d, type Conv2dOptions } from '@tensorgrad/nn';
const options: Conv2dOptions = { padding: 2, dilation: 2 };
const y = conv2d(randn([1, 2, 5, 5]), randn([3, 2, 3, 3]), null, options);
if (y.shape.join() !== '1,3,5,5') throw new Error(`shape ${y.shape}`);
export {};
