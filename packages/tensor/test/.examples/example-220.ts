// from src/tensor.ts:385
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3, 4]).index(0, '1:', null).shape.join() !== '2,1,4') throw new Error('index');
export {};
