// from src/tensor.ts:1130
import { tensor } from '@tensorgrad/tensor';
if (tensor([5]).logSoftmax(0).toArray().join() !== '0') throw new Error('logSoftmax');
export {};
