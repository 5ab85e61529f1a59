// from src/tensor.ts:676
import { tensor } from '@tensorgrad/tensor';
if (tensor([-1, 2]).relu().toArray().join() !== '0,2') throw new Error('relu');
export {};
