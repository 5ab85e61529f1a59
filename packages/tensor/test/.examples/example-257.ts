// from src/tensor.ts:800
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).lt(2).toArray().join() !== 'true,false') throw new Error('lt');
export {};
