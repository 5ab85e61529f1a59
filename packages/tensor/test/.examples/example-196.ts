// from src/tensor.ts:56
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).strides.join() !== '3,1') throw new Error('strides');
export {};
