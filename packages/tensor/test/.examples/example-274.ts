// from src/tensor.ts:995
import { tensor } from '@tensorgrad/tensor';
if (tensor([[1, 5], [4, 2]]).max(1).toArray().join() !== '5,4') throw new Error('max');
export {};
