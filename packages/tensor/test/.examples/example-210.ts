// from src/tensor.ts:271
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3, 4]).permute(2, 0, 1).shape.join() !== '4,2,3') throw new Error('permute');
export {};
