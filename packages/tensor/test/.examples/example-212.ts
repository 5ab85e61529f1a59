// from src/tensor.ts:293
import { zeros } from '@tensorgrad/tensor';
if (zeros([5, 2, 3]).mT.shape.join() !== '5,3,2') throw new Error('mT');
export {};
