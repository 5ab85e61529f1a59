// from src/ops/conv.ts:157
import { conv2d, ones, zeros } from '@tensorgrad/tensor';
const y = conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]));
if (JSON.stringify(y.toArray()) !== '[[[[4,4],[4,4]]]]') throw new Error('conv2d');
const depthwise = conv2d(ones([2, 3, 5, 5]), ones([3, 1, 3, 3]), zeros([3]), { groups: 3 });
if (depthwise.shape.join() !== '2,3,3,3') throw new Error('depthwise');
export {};
