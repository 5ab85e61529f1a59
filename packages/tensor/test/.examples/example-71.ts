// from src/ops/conv.ts:29
import { type Conv2dOptions, conv2d, ones } from '@tensorgrad/tensor';
const options: Conv2dOptions = { stride: 2, padding: 1, dilation: 1, groups: 1 };
const y = conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), null, options);
if (y.shape.join() !== '1,1,2,2') throw new Error('Conv2dOptions');
const same = conv2d(ones([1, 1, 5, 5]), ones([1, 1, 2, 2]), null, { padding: 'same' });
if (same.shape.join() !== '1,1,5,5') throw new Error("padding 'same'");
export {};
