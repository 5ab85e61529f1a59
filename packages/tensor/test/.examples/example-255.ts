// from src/tensor.ts:778
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).eq(2).toArray().join() !== 'false,true') throw new Error('eq');
export {};
