// from src/tensor.ts:511
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 5]).maximum(3).toArray().join() !== '3,5') throw new Error('maximum');
export {};
