// from src/tensor.ts:822
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).gt(1).toArray().join() !== 'false,true') throw new Error('gt');
export {};
