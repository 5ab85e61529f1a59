// from src/tensor.ts:722
import { tensor } from '@tensorgrad/tensor';
if (tensor([1.5, -1.5]).ceil().toArray().join() !== '2,-1') throw new Error('ceil');
export {};
