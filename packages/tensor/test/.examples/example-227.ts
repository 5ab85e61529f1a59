// from src/tensor.ts:467
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).sub(1).toArray().join() !== '0,1') throw new Error('sub');
export {};
