// from src/tensor.ts:327
import { zeros } from '@tensorgrad/tensor';
if (zeros([1, 3, 1]).squeeze().shape.join() !== '3') throw new Error('squeeze');
if (zeros([1, 3, 1]).squeeze(0).shape.join() !== '3,1') throw new Error('squeeze one dim');
export {};
