// from src/tensor.ts:500
import { tensor } from '@tensorgrad/tensor';
if (tensor([2, 3]).pow(2).toArray().join() !== '4,9') throw new Error('pow');
export {};
