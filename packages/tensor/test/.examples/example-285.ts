// from src/tensor.ts:1119
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 1]).softmax(0).toArray().join() !== '0.5,0.5') throw new Error('softmax');
export {};
