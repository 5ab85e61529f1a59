// from src/tensor.ts:418
import { arange } from '@tensorgrad/tensor';
if (arange(3).flip(0).toArray().join() !== '2,1,0') throw new Error('flip');
export {};
