// from src/tensor.ts:350
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3, 4]).flatten().shape.join() !== '24') throw new Error('flatten');
if (zeros([2, 3, 4]).flatten(0, 1).shape.join() !== '6,4') throw new Error('flatten a range');
export {};
