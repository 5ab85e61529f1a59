// from src/tensor.ts:522
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 5]).minimum(3).toArray().join() !== '1,3') throw new Error('minimum');
export {};
