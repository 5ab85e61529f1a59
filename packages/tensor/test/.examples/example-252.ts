// from src/tensor.ts:744
import { tensor } from '@tensorgrad/tensor';
if (tensor([2, 4]).reciprocal().toArray().join() !== '0.5,0.25') throw new Error('reciprocal');
export {};
