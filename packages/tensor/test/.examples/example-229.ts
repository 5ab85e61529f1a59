// from src/tensor.ts:489
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).div(4).toArray().join() !== '0.25,0.5') throw new Error('div');
export {};
