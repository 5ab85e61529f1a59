// from src/tensor.ts:1086
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2, 3]).cumsum(0).toArray().join() !== '1,3,6') throw new Error('cumsum');
export {};
