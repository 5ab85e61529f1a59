// from src/tensor.ts:789
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).ne(2).toArray().join() !== 'true,false') throw new Error('ne');
export {};
