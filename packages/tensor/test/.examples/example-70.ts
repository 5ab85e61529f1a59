// from src/ops/conv.ts:16
import { type Pair, conv2d, ones } from '@tensorgrad/tensor';
const both: Pair = 1; // the same for height and width
const hw: Pair = [1, 0]; // [height, width]
const y = conv2d(ones([1, 1, 4, 4]), ones([1, 1, 3, 3]), null, { stride: both, padding: hw });
if (y.shape.join() !== '1,1,4,2') throw new Error('Pair');
export {};
