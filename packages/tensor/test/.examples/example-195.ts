// from src/tensor.ts:47
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).shape.join() !== '2,3') throw new Error('shape');
export {};
