// from src/tensor.ts:362
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 12]).unflatten(1, [3, -1]).shape.join() !== '2,3,4') throw new Error('unflatten');
export {};
