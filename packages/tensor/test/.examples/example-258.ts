// from src/tensor.ts:811
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).le(2).toArray().join() !== 'true,true') throw new Error('le');
export {};
