// from src/tensor.ts:1097
import { tensor } from '@tensorgrad/tensor';
if (tensor([[1, 0], [1, 1]]).all(1).toArray().join() !== 'false,true') throw new Error('all');
export {};
