// from src/tensor.ts:733
import { tensor } from '@tensorgrad/tensor';
if (tensor([0.5, 1.5, 2.5]).round().toArray().join() !== '0,2,2') throw new Error('round');
export {};
