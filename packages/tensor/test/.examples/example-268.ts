// from src/tensor.ts:921
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).maskedFill(tensor([false, true]), -1).toArray().join() !== '1,-1') throw new Error('maskedFill');
export {};
