// from src/tensor.ts:544
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, -2]).neg().toArray().join() !== '-1,2') throw new Error('neg');
export {};
