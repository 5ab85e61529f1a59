// from src/tensor.ts:396
import { tensor } from '@tensorgrad/tensor';
if (tensor([[1, 2], [3, 4]]).select(1, 0).toArray().join() !== '1,3') throw new Error('select');
export {};
