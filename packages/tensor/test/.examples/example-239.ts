// from src/tensor.ts:599
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).log1p().toArray().join() !== '0') throw new Error('log1p');
export {};
